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

from day13_background_tasks import upload_path
from day17_rabbitmq_uploads import Settings, create_app, topology_of
from day17_rabbitmq_uploads.cli import main
from day17_rabbitmq_uploads.tests.helpers import (
    Broker,
    ConsumerProcess,
    PipedFile,
    accepted,
    cli_options,
    consuming,
    csv_bytes,
    day1_report,
    on_both_databases,
    poll,
    upload_id,
    wait_finished,
    wait_for,
)

BIG = csv_bytes(60_000)  # about 1.4 MB: six pieces of the pipe (`PipedFile`)


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


@on_both_databases
def test_consumer_killed_mid_job_and_restarted_loses_no_job_and_finishes_each_once(
    leased: Settings, process: ConsumerProcess, caplog: pytest.LogCaptureFixture
) -> None:
    """The consumer process is killed while it reads the big file (a pipe the test holds back,
    so it is mid-file however fast the machine); its restart runs in the test (it starts in an
    instant: a new Python process takes seconds on a busy machine), on the same queue and files.
    """
    caplog.set_level(logging.INFO, logger="day13_background_tasks")
    with TestClient(create_app(leased)) as client:
        big = accepted(client, BIG, "big.csv")
        with piped(leased, big):
            process.spawn("--concurrency", "1")  # it starts while the other jobs are queued
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


@on_both_databases
def test_sigterm_finishes_the_job_in_hand_acks_it_gives_back_the_rest_and_exits_0(
    leased: Settings, broker: Broker, capsys: pytest.CaptureFixture[str]
) -> None:
    """`consume` is run here, in the test's own process, and sent a real SIGTERM mid-file; the
    rest of the file comes only once the waiting jobs are back in the queue."""
    queue = topology_of(leased).jobs_queue
    problems: list[BaseException] = []
    with TestClient(create_app(leased)) as client, signal_guard():
        big = accepted(client, BIG, "big.csv")
        waiting = [accepted(client, csv_bytes(20, seed=n), f"later{n}.csv") for n in range(3)]
        with piped(leased, big) as pipe:

            def terminate_mid_file() -> None:
                try:
                    try:
                        reading(client, big)
                    finally:  # in any case, so that `consume` returns
                        os.kill(os.getpid(), signal.SIGTERM)
                    try:
                        # Given back after the subscription is cancelled: none comes again.
                        # (A quorum queue counts the consumer until its job in hand is acked.)
                        poll(lambda: broker.depth(queue) == 3, what="the waiting jobs go back")
                    finally:
                        pipe.finish()  # now the job in hand can end
                except BaseException as exc:  # reported by the test, not lost in a thread
                    problems.append(exc)

            sender = threading.Thread(target=terminate_mid_file, daemon=True)
            sender.start()
            code = main(["consume", "--concurrency", "1", *cli_options(leased)])
            sender.join(timeout=30)
        assert not problems, f"SIGTERM mid-file, then the waiting jobs given back: {problems}"
        assert code == 0, f"SIGTERM is a clean stop: {capsys.readouterr().err}"
        body = client.get(big).json()
        assert (body["state"], body["attempts"]) == ("done", 1), "the job in hand was finished"
        later = [client.get(loc).json()["state"] for loc in waiting]
        assert later == ["queued"] * 3, "the jobs not started are given back untouched"
        assert client.get(f"{big}/report").json() == day1_report(BIG, "big.csv")
    assert broker.depth(queue) == 3, "the jobs not started are back in the queue"
    assert broker.consumers(queue) == 0, "and the consumer is gone"


@contextmanager
def piped(settings: Settings, location: str) -> Iterator[PipedFile]:
    """The upload's stored file held back by a pipe (see `PipedFile`); the real file after."""
    with PipedFile(upload_path(settings.day13_upload_dir, upload_id(location)), BIG) as pipe:
        yield pipe


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
