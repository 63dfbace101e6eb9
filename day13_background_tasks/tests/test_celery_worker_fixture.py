"""The course plugin's Celery worker fixture (`shared.celery_worker`), which days 13, 16 and 20
use; tested here with a tiny app of its own. Internal: it grades the plugin, not an attempt.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import redis
from celery import Celery

from shared.celery_worker import CeleryWorkerError, CeleryWorkers

pytestmark = pytest.mark.internal

PROBE = "probe_app:app"
# Imported from this folder as a top-level module, so a worker does not import day 13 first.
PROBE_PATH = {"PYTHONPATH": str(Path(__file__).parent)}


def send(workers: CeleryWorkers, queue: str, key: str) -> None:
    """Send `probe.remember(key, "yes")` to `queue` through the workers' broker and prefix."""
    producer = Celery("producer", broker=workers.broker_url, set_as_current=False)
    producer.conf.broker_transport_options = {"global_keyprefix": workers.key_prefix}
    try:
        producer.send_task("probe.remember", args=(key, "yes"), queue=queue)
    finally:
        producer.close()


def remembered(workers: CeleryWorkers, key: str, *, timeout: float) -> bool:
    """Whether the key appears within `timeout` seconds."""
    client = redis.Redis.from_url(workers.broker_url)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            if client.get(key) == b"yes":
                return True
            time.sleep(0.05)
        return False
    finally:
        client.close()


def test_worker_runs_its_own_queue_and_survives_kill_and_restart(
    celery_workers: CeleryWorkers,
) -> None:
    env = {**PROBE_PATH, "PROBE_KEY_PREFIX": celery_workers.key_prefix}
    worker = celery_workers.start(PROBE, env=env)
    mine, other = celery_workers.key_prefix + "mine", celery_workers.key_prefix + "other"
    send(celery_workers, "some_other_queue", other)
    send(celery_workers, celery_workers.queue, mine)
    assert remembered(celery_workers, mine, timeout=20), "the worker ran its queue's task"
    assert not remembered(celery_workers, other, timeout=0.5), "and not another queue's"
    worker.kill()
    assert not worker.alive
    worker.start()
    again = celery_workers.key_prefix + "again"
    send(celery_workers, celery_workers.queue, again)
    assert remembered(celery_workers, again, timeout=20), "the restarted worker runs tasks"
    assert worker.log().count(" ready.") == 2, "both runs in one log file"
    assert worker.stop() == 0, "SIGTERM is a clean warm shutdown"


def test_each_fixture_gets_its_own_queue_and_key_prefix(tmp_path: Path) -> None:
    first = CeleryWorkers(broker_url="redis://127.0.0.1:6379/0", log_dir=tmp_path)
    second = CeleryWorkers(broker_url="redis://127.0.0.1:6379/0", log_dir=tmp_path)
    assert first.queue != second.queue and first.key_prefix != second.key_prefix


def test_a_worker_that_cannot_start_fails_with_its_log(celery_workers: CeleryWorkers) -> None:
    with pytest.raises(CeleryWorkerError) as failure:
        celery_workers.start("no_such_module_here:app")
    message = str(failure.value)
    assert "exited" in message and "no_such_module_here" in message, message
