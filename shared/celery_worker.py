"""Real Celery workers for tests: one subprocess per worker, its log in a file, stopped after.

Registered for every test by the root `conftest.py`. The fixtures `celery_workers` (one test)
and `celery_session_workers` (the whole session) give a `CeleryWorkers`: an isolated part of
the real Redis (a unique queue name and key prefix) and `start(...)`, which starts a worker:

    def test_job_runs(celery_workers):
        celery_workers.start("myapp.tasks:app")  # python -m celery -A myapp.tasks:app worker
        celery_workers.start([sys.executable, "-m", "day13_background_tasks", "worker"],
                             env={"DATABASE_URL": url})

The second form runs any command that ends in `celery worker` and passes on the options it
does not know (day 13's `python -m day13_background_tasks worker`). Every worker gets
`--pool=solo --without-gossip --without-mingle` (it starts in about a second; never
`--without-heartbeat`, which makes each shutdown wait 10 s), consumes only its queue, and
finds the broker in CELERY_BROKER_URL, which Celery prefers to the app's own setting. Its
output goes to a file that a failing test shows. Workers stop when their scope ends (SIGTERM,
Celery's warm shutdown, then SIGKILL), and the key prefix's Redis keys are deleted.

Isolation: Celery delivers per queue, so parallel runs never take each other's tasks. An app
that sets a short visibility timeout must also use `key_prefix` (kombu's `global_keyprefix`):
kombu's sweep of unacknowledged messages is per key space, and with the shared keys it would
hand out other runs' messages early. `CeleryWorkers` works outside pytest too (benchmarks).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from shared.testing import require_service

READY = " ready."  # Celery logs "<hostname> ready." once the worker consumes its queue
START_TIMEOUT = 60.0  # a loaded 2-core machine imports a day's stack in seconds, not ms
STOP_TIMEOUT = 15.0
LOG_TAIL = 120  # lines of a worker's log shown for a failed test
WORKER_OPTIONS = ("--pool=solo", "--without-gossip", "--without-mingle", "--loglevel=INFO")


class CeleryWorkerError(RuntimeError):
    """A worker did not start, or did not stop; the message ends with its log's tail."""


def _tail(text: str, lines: int = LOG_TAIL) -> str:
    return "\n".join(text.splitlines()[-lines:])


class CeleryWorker:
    """One worker process: started, killed like a crash, restarted, stopped."""

    def __init__(
        self, command: Sequence[str], *, env: Mapping[str, str], hostname: str, log_path: Path
    ) -> None:
        self.command = [*command, f"--hostname={hostname}"]
        self.env = dict(env)
        self.hostname = hostname.replace("%h", os.uname().nodename)
        self.log_path = log_path
        self.process: subprocess.Popen[bytes] | None = None
        self._offset = 0  # where this run's part of the log starts

    @property
    def alive(self) -> bool:
        """True while the process runs."""
        return self.process is not None and self.process.poll() is None

    def log(self) -> str:
        """Everything the worker wrote so far (all its runs)."""
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    def start(self, *, wait: bool = True, timeout: float = START_TIMEOUT) -> CeleryWorker:
        """Start the process and (unless `wait=False`) wait until Celery says it is ready."""
        if self.alive:
            raise CeleryWorkerError(f"worker {self.hostname} is already running")
        self._offset = len(self.log())
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                self.command, stdin=subprocess.DEVNULL, stdout=log, stderr=log, env=self.env
            )
        if wait:
            self.wait_ready(timeout=timeout)
        return self

    def wait_ready(self, *, timeout: float = START_TIMEOUT) -> CeleryWorker:
        """Wait until this run of the worker has logged that it is ready."""
        self.wait_for_log(READY, after=self._offset, timeout=timeout)
        return self

    def wait_for_log(self, text: str, *, after: int = 0, timeout: float = 10.0) -> None:
        """Wait until the log (past character `after`) holds `text`; fail if the worker dies."""
        deadline = time.monotonic() + timeout
        while text not in self.log()[after:]:
            if not self.alive:
                code = self.process.returncode if self.process else None
                self._fail(f"worker {self.hostname} exited (code {code}) before logging {text!r}")
            if time.monotonic() > deadline:
                self._fail(f"worker {self.hostname} did not log {text!r} within {timeout:g} s")
            time.sleep(0.05)

    def kill(self) -> None:
        """SIGKILL, as a crash or the OOM killer would: no shutdown, no acknowledgements."""
        if self.process is not None and self.alive:
            self.process.kill()
            self.process.wait()

    def restart(self, *, timeout: float = START_TIMEOUT) -> CeleryWorker:
        """Start the same worker again (same name, queue and log file)."""
        self.stop()
        return self.start(timeout=timeout)

    def stop(self, *, timeout: float = STOP_TIMEOUT) -> int | None:
        """SIGTERM (a warm shutdown: the task in hand finishes), SIGKILL after `timeout`."""
        process = self.process
        if process is None or process.poll() is not None:
            return None if process is None else process.returncode
        process.send_signal(signal.SIGTERM)
        try:
            return process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise CeleryWorkerError(
                f"worker {self.hostname} did not stop within {timeout:g} s of SIGTERM; killed\n"
                + _tail(self.log())
            ) from None

    def _fail(self, message: str) -> None:
        self.kill()
        log = _tail(self.log())
        raise CeleryWorkerError(f"{message}\n--- its log ({self.log_path}) ---\n{log}")


class CeleryWorkers:
    """An isolated part of the real Redis, and the workers started on it."""

    def __init__(self, *, broker_url: str, log_dir: Path, name: str = "course_test") -> None:
        tag = f"{name}_{uuid.uuid4().hex[:12]}"
        self.broker_url = broker_url
        self.queue = tag  # deliveries are per queue: nobody else's worker consumes it
        self.key_prefix = tag + ":"  # for apps to pass to kombu as `global_keyprefix`
        self.log_dir = log_dir
        self.workers: list[CeleryWorker] = []

    def start(
        self,
        app: str | Sequence[str],
        *,
        env: Mapping[str, str] | None = None,
        name: str = "worker",
        args: Sequence[str] = (),
        wait: bool = True,
        timeout: float = START_TIMEOUT,
    ) -> CeleryWorker:
        """Start a worker on this queue: `app` is a Celery app (`-A` spec) or a command.

        `wait=False` returns at once (start several, then `wait_ready()` on each).
        """
        if isinstance(app, str):
            command = [sys.executable, "-m", "celery", "-A", app, "worker"]
        else:
            command = list(app)
        command += [*WORKER_OPTIONS, f"--queues={self.queue}", *args]
        environment = {
            **os.environ,
            "PYTHONUNBUFFERED": "1",
            "CELERY_BROKER_URL": self.broker_url,
            **(env or {}),
        }
        hostname = f"{name}-{uuid.uuid4().hex[:6]}@%h"
        log_path = self.log_dir / f"{name}-{len(self.workers) + 1}.log"
        worker = CeleryWorker(command, env=environment, hostname=hostname, log_path=log_path)
        self.workers.append(worker)
        return worker.start(wait=wait, timeout=timeout)

    def logs(self) -> list[tuple[str, str]]:
        """(hostname, log tail) of every worker, for a failed test's report."""
        return [(worker.hostname, _tail(worker.log())) for worker in self.workers]

    def close(self) -> None:
        """Stop every worker, then delete this part's Redis keys."""
        errors = []
        for worker in self.workers:
            try:
                worker.stop()
            except CeleryWorkerError as exc:
                errors.append(str(exc))
        _delete_keys(self.broker_url, self.key_prefix, self.queue)
        if errors:
            raise CeleryWorkerError("\n\n".join(errors))

    def __enter__(self) -> CeleryWorkers:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _delete_keys(url: str, prefix: str, queue: str) -> None:
    """The prefix's keys, and the queue's own list (an app without the prefix puts it there)."""
    import redis

    client = redis.Redis.from_url(url)
    try:
        keys = [*client.scan_iter(match=prefix + "*", count=500), queue]
        client.delete(*keys)
    finally:
        client.close()


@pytest.fixture
def celery_workers(tmp_path: Path) -> Iterator[CeleryWorkers]:
    """Celery workers for one test, on its own queue and key prefix; all stopped after."""
    with CeleryWorkers(broker_url=require_service("redis"), log_dir=tmp_path) as workers:
        yield workers


@pytest.fixture(scope="session")
def celery_session_workers(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[CeleryWorkers]:
    """Celery workers shared by the session's tests (start them once, in a session fixture)."""
    log_dir = tmp_path_factory.mktemp("celery")
    with CeleryWorkers(broker_url=require_service("redis"), log_dir=log_dir) as workers:
        yield workers


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """A failed test's report shows the log of every worker it used."""
    report = yield
    if report.failed:
        for value in getattr(item, "funcargs", {}).values():
            if isinstance(value, CeleryWorkers):
                for hostname, text in value.logs():
                    report.sections.append((f"Celery worker {hostname}", text))
            elif isinstance(value, CeleryWorker):
                report.sections.append((f"Celery worker {value.hostname}", _tail(value.log())))
    return report
