"""The consumer killed (SIGKILL, a real `python -m day17_rabbitmq_uploads consume` process)
and stopped (SIGTERM, sent to `consume` running in the test's process)."""

from __future__ import annotations

import logging
import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from day17_rabbitmq_uploads import Settings, create_app, topology_of
from day17_rabbitmq_uploads.cli import main
from day17_rabbitmq_uploads.tests.helpers import (
    Broker,
    ConsumerProcess,
    accepted,
    cli_options,
    consuming,
    csv_bytes,
    day1_report,
    poll,
    upload_id,
    wait_finished,
    wait_for,
)

BIG = csv_bytes(120_000)  # about 3.5 MB: half a second or more of reading


@pytest.fixture
def leased(settings: Settings) -> Settings:
    """A 0.3 s claim: progress shows every 0.1 s, and a dead consumer's claim lapses quickly."""
    return settings.model_copy(update={"day13_lease_seconds": 0.3})


@pytest.fixture
def process(leased: Settings, tmp_path: Path) -> Iterator[ConsumerProcess]:
    """A consumer process on the test's settings (killed after the test if still running)."""
    consumer = ConsumerProcess(leased, tmp_path / "consumer.log")
    try:
        yield consumer
    finally:
        consumer.stop()


def reading(client: TestClient, location: str) -> dict[str, object]:
    """Wait until the upload is being read (progress shown, not finished)."""
    return wait_for(client, location, lambda b: b["state"] == "processing" and b["progress"])


def test_consumer_killed_mid_job_and_restarted_loses_no_job_and_finishes_each_once(
    leased: Settings, process: ConsumerProcess, caplog: pytest.LogCaptureFixture
) -> None:
    """The consumer process is killed; its restart runs in the test (it starts in an instant:
    a new Python process takes seconds on a busy machine), on the same queue and files."""
    caplog.set_level(logging.INFO, logger="day13_background_tasks")
    with TestClient(create_app(leased)) as client:
        process.spawn("--concurrency", "1")  # it starts while the jobs are queued
        big = accepted(client, BIG, "big.csv")
        small = [accepted(client, csv_bytes(20, seed=n), f"small{n}.csv") for n in range(4)]
        process.wait_ready()
        assert reading(client, big)["progress"] < 100
        process.kill()
        assert client.get(big).json()["state"] == "processing", "no one finishes it meanwhile"
        with consuming(leased, name="restarted"):
            bodies = {loc: wait_finished(client, loc, timeout=30) for loc in [big, *small]}
        assert all(b["state"] == "done" for b in bodies.values()), bodies
        assert bodies[big]["attempts"] == 2, "the killed job was delivered again and redone"
        assert bodies[big]["worker"] == "restarted"
        assert all(bodies[loc]["attempts"] == 1 for loc in small), "the others ran once each"
        assert client.get(f"{big}/report").json() == day1_report(BIG, "big.csv")
    log = process.log() + caplog.text
    for location in [big, *small]:
        done = log.count(f"upload {upload_id(location)} done")
        assert done == 1, f"each upload's result is stored once, not {done} times:\n{log}"


def test_sigterm_finishes_the_job_in_hand_acks_it_gives_back_the_rest_and_exits_0(
    leased: Settings, broker: Broker, capsys: pytest.CaptureFixture[str]
) -> None:
    """`consume` is run here, in the test's own process, and sent a real SIGTERM mid-job."""
    queue = topology_of(leased).jobs_queue
    with TestClient(create_app(leased)) as client, signal_guard():
        big = accepted(client, BIG, "big.csv")
        waiting = [accepted(client, csv_bytes(20, seed=n), f"later{n}.csv") for n in range(3)]

        def terminate_mid_job() -> None:
            # Once the big job is taken (on a quiet machine it may be read within a second).
            wait_for(client, big, lambda b: b["state"] != "queued")
            os.kill(os.getpid(), signal.SIGTERM)

        sender = threading.Thread(target=terminate_mid_job, daemon=True)
        sender.start()
        code = main(["consume", "--concurrency", "1", *cli_options(leased)])
        sender.join(timeout=5)
        assert code == 0, f"SIGTERM is a clean stop: {capsys.readouterr().err}"
        body = client.get(big).json()
        assert (body["state"], body["attempts"]) == ("done", 1), "the job in hand was finished"
        # On a busy machine the big job may end before the signal lands: the consumer then has
        # the next job in hand, which it must finish too. Every other job goes back, untouched.
        later = [client.get(loc).json() for loc in waiting]
        given_back = [b for b in later if b["state"] == "queued"]
        finished = [b for b in later if (b["state"], b["attempts"]) == ("done", 1)]
        assert len(given_back) + len(finished) == 3 and len(finished) <= 1, later
    expected = len(given_back)
    assert poll(lambda: broker.depth(queue) == expected), (
        "the jobs not started are back in the queue"
    )
    assert broker.consumers(queue) == 0, "and the consumer is gone"


@contextmanager
def signal_guard() -> Iterator[None]:
    """If `consume` does not handle SIGTERM, the signal must not kill pytest: it interrupts
    `consume` (KeyboardInterrupt, exit 130) instead, and the test fails."""

    def unhandled(signum: int, frame: object) -> None:
        raise KeyboardInterrupt("SIGTERM was not handled by consume")

    previous = signal.signal(signal.SIGTERM, unhandled)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
