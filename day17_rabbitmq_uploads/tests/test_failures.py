"""Failure handling: retries through TTL queues, the dead-letter queue, replay, the limit."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from day13_background_tasks import upload_path
from day17_rabbitmq_uploads import Settings, create_app, declare, topology_of
from day17_rabbitmq_uploads.cli import main
from day17_rabbitmq_uploads.tests.conftest import FAST_RETRIES
from day17_rabbitmq_uploads.tests.helpers import (
    Broker,
    accepted,
    cli_options,
    consuming,
    csv_bytes,
    day1_report,
    poll,
    upload_id,
    wait_finished,
)


def hidden_upload(client: TestClient, settings: Settings, tmp_path: Path) -> tuple[str, Path]:
    """Upload a file (no consumer yet), then take its stored bytes away: reading it fails."""
    location = accepted(client, csv_bytes(20), "flaky.csv")
    stored = upload_path(settings.day13_upload_dir, upload_id(location))
    os.replace(stored, tmp_path / "hidden.csv")
    return location, stored


def test_malformed_job_goes_to_the_dead_letter_queue_at_once(
    settings: Settings, broker: Broker
) -> None:
    topology = topology_of(settings)

    class NoWork:
        def process(self, upload_id: str) -> str:
            raise AssertionError("a malformed job is never processed")

        def park(self, upload_id: str, reason: str) -> None:
            pass

    with consuming(settings, NoWork()) as consumer:
        broker.publish(topology.exchange, b"{not json", message_id="m1")
        poll(lambda: consumer.stats["park"], what="the malformed job is parked")
    [(properties, body)] = broker.take(topology.dead_queue)
    assert body == b"{not json", "the message is parked as it came"
    reason = properties.headers["x-reason"]
    assert reason.startswith("malformed job: the body is not JSON"), reason
    assert consumer.stats["retry"] == 0, "no retry for a message that can never be a job"


def test_transient_failure_is_retried_after_growing_delays_then_parked_with_the_reason(
    client: TestClient, settings: Settings, broker: Broker, tmp_path: Path
) -> None:
    """1 s, 5 s, 30 s in production (0.1, 0.3, 0.6 s here): waits in TTL queues, not sleeps."""
    topology = topology_of(settings)
    location, _ = hidden_upload(client, settings, tmp_path)
    with consuming(settings) as consumer:
        body = wait_finished(client, location)
    assert body["state"] == "failed", body
    assert body["error"].startswith("parked in the dead-letter queue: gave up after 4 attempts")
    assert "FileNotFoundError" in body["error"], body["error"]
    assert consumer.stats["retry"] == 3, "three retries, one per delay"
    [(properties, _)] = broker.take(topology.dead_queue)
    headers = properties.headers
    assert headers["x-retries"] == 4 and "FileNotFoundError" in headers["x-reason"], headers
    failed_at = [ms / 1000 for ms in headers["x-failed-at-ms"]]
    waits = [later - earlier for earlier, later in zip(failed_at, failed_at[1:], strict=False)]
    for waited, delay in zip(waits, FAST_RETRIES, strict=True):
        assert waited >= delay * 0.95, f"each retry waits at least its delay: {waits}"
    assert properties.message_id == upload_id(location)


def test_replay_puts_a_parked_job_back_and_it_is_done(
    tmp_path: Path, settings: Settings, broker: Broker, capsys: pytest.CaptureFixture[str]
) -> None:
    quick = settings.model_copy(update={"day17_retry_delays": (0.05,)})
    with TestClient(create_app(quick)) as client:
        location, stored = hidden_upload(client, quick, tmp_path)
        with consuming(quick) as consumer:
            parked = wait_finished(client, location)
            assert parked["state"] == "failed", parked
            os.replace(tmp_path / "hidden.csv", stored)  # the storage is back
            assert main(["dlq", "replay", *cli_options(quick)]) == 0
            body = wait_finished(client, location)
            assert consumer.stats["park"] == 1
        assert body["state"] == "done" and body["error"] is None, body
        report = client.get(f"{location}/report").json()
    assert report == day1_report(csv_bytes(20), "flaky.csv")
    assert (
        f"replayed 1 job(s) to {quick.day17_name}: {upload_id(location)}" in capsys.readouterr().out
    )
    assert broker.depth(topology_of(quick).dead_queue) == 0, "the replayed job left the DLQ"


def test_dlq_list_shows_each_parked_job_with_its_reason_and_purge_empties_it(
    settings: Settings, broker: Broker, capsys: pytest.CaptureFixture[str]
) -> None:
    topology = topology_of(settings)
    declare(broker.channel, topology)
    broker.publish(
        topology.dead_exchange, b"{}", message_id="m-one", headers={"x-reason": "why one"}
    )
    broker.publish(
        topology.dead_exchange, b"{}", message_id="m-two", headers={"x-reason": "why two"}
    )
    assert main(["dlq", "list", *cli_options(settings)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("m-one") and lines[0].endswith("why one"), lines
    assert lines[1].startswith("m-two") and lines[1].endswith("why two"), lines
    assert lines[2] == f"2 parked job(s) in {topology.dead_queue}"
    assert broker.depth(topology.dead_queue) == 2, "listing leaves the jobs where they are"
    assert main(["dlq", "purge", *cli_options(settings)]) == 0
    assert capsys.readouterr().out == f"purged 2 job(s) from {topology.dead_queue}\n"
    assert broker.depth(topology.dead_queue) == 0


def test_job_that_keeps_failing_unexpectedly_is_dead_lettered_after_the_delivery_limit(
    tmp_path: Path, settings: Settings, broker: Broker, capsys: pytest.CaptureFixture[str]
) -> None:
    """A poison message (here: work that raises a bug's exception) is requeued, redelivered,
    and after the quorum queue's delivery limit the broker itself moves it to the DLQ."""
    limited = settings.model_copy(update={"day17_delivery_limit": 2})
    topology = topology_of(limited)
    attempts: list[str] = []

    class Buggy:
        def process(self, upload_id: str) -> str:
            attempts.append(upload_id)
            raise RuntimeError("a bug")

        def park(self, upload_id: str, reason: str) -> None:
            pass

    with consuming(limited, Buggy()) as consumer:
        broker.publish(topology.exchange, b'{"upload_id": "poison"}', message_id="poison")
        poll(lambda: broker.depth(topology.dead_queue), what="the poison job is dead-lettered")
    assert len(attempts) == 3, f"delivered once, then redelivered up to the limit: {attempts}"
    assert consumer.stats["requeue"] == 3
    assert main(["dlq", "list", *cli_options(limited)]) == 0
    line = capsys.readouterr().out.splitlines()[0]
    assert line.startswith("poison") and "delivery_limit" in line, line
