"""Produce, consume, done: uploads through the real RabbitMQ to day 13's processor and back."""

from __future__ import annotations

import json
import logging
import threading

import pytest
from fastapi.testclient import TestClient

from day01_csv_report import SAMPLE_CSV
from day17_rabbitmq_uploads import Settings, topology_of
from day17_rabbitmq_uploads.tests.helpers import (
    Broker,
    accepted,
    consuming,
    csv_bytes,
    day1_report,
    on_both_databases,
    poll,
    upload_id,
    wait_finished,
)


@on_both_databases
def test_upload_is_produced_consumed_and_done_with_day1_numbers(
    client: TestClient, settings: Settings
) -> None:
    content = SAMPLE_CSV.read_bytes()
    with consuming(settings) as consumer:
        location = accepted(client, content, "sales_orders.csv")
        body = wait_finished(client, location)
    assert (body["state"], body["attempts"]) == ("done", 1), body
    assert body["worker"] == consumer.name, "the consumer did the work"
    report = client.get(f"{location}/report").json()
    assert report == day1_report(content, "sales_orders.csv"), "day 1's own numbers"


def test_job_is_persistent_json_with_the_upload_id_as_message_id(
    client: TestClient, settings: Settings, broker: Broker
) -> None:
    """With no consumer running, the job waits in the queue: persistent, JSON, id = upload id."""
    location = accepted(client, csv_bytes(5))
    [(properties, body)] = broker.take(topology_of(settings).jobs_queue)
    assert properties.delivery_mode == 2, "persistent (delivery mode 2): written to disk"
    assert properties.message_id == upload_id(location), "message_id is the upload id"
    assert properties.content_type == "application/json"
    assert json.loads(body) == {"upload_id": upload_id(location)}


@on_both_databases
def test_redelivered_job_changes_nothing(
    client: TestClient, settings: Settings, broker: Broker
) -> None:
    """The same job delivered again after it is done: skipped, acked, the upload untouched."""
    topology = topology_of(settings)
    with consuming(settings) as consumer:
        location = accepted(client, csv_bytes(50), "once.csv")
        first = wait_finished(client, location)
        job = json.dumps({"upload_id": upload_id(location)}).encode()
        broker.publish(topology.exchange, job, message_id=upload_id(location), delivery_mode=2)
        poll(lambda: consumer.stats["ack"] >= 2, what="the duplicate is acknowledged")
    assert client.get(location).json() == first, "attempts, timestamps and worker unchanged"
    assert broker.depth(topology.jobs_queue) == 0, "nothing is left in the queue"


@on_both_databases
def test_copies_of_a_job_delivered_at_once_process_the_upload_once(
    client: TestClient, settings: Settings, broker: Broker, caplog: pytest.LogCaptureFixture
) -> None:
    """Each of four jobs is queued three times in a row (a publisher that reconnected and sent
    it again) before the consumer starts; its three workers take the three copies of an upload
    at the same instant. The upload row decides: one claim wins, the others wait or skip."""
    caplog.set_level(logging.INFO, logger="day13_background_tasks")
    exchange = topology_of(settings).exchange
    files = {f"dup{n}.csv": csv_bytes(3000, seed=n) for n in range(4)}
    locations = {}
    for name, content in files.items():
        locations[name] = location = accepted(client, content, name)
        job = json.dumps({"upload_id": upload_id(location)}).encode()
        for _ in range(2):
            broker.publish(exchange, job, message_id=upload_id(location), delivery_mode=2)
    wide = settings.model_copy(update={"day17_concurrency": 3})
    with consuming(wide) as consumer:
        bodies = {name: wait_finished(client, loc) for name, loc in locations.items()}
        poll(lambda: consumer.stats["ack"] == 12, what="every copy is acknowledged in the end")
    for name, body in bodies.items():
        assert (body["state"], body["attempts"]) == ("done", 1), f"{name}: claimed once: {body}"
        report = client.get(locations[name] + "/report").json()
        assert report == day1_report(files[name], name), f"{name}: day 1's numbers"
        done = caplog.text.count(f"upload {upload_id(locations[name])} done")
        assert done == 1, f"{name}: its result is stored once, not {done} times"
    assert broker.depth(topology_of(settings).jobs_queue) == 0, "no copy is left behind"


@on_both_databases
def test_ten_uploads_are_each_processed_once_by_two_consumers(
    client: TestClient, settings: Settings
) -> None:
    files = {f"part-{n:02d}.csv": csv_bytes(40 + n, seed=n) for n in range(10)}
    with consuming(settings, name="one") as one, consuming(settings, name="two") as two:
        locations = {name: accepted(client, content, name) for name, content in files.items()}
        bodies = {name: wait_finished(client, loc) for name, loc in locations.items()}
    assert all(b["state"] == "done" and b["attempts"] == 1 for b in bodies.values()), bodies
    assert {b["worker"] for b in bodies.values()} <= {one.name, two.name}
    for name, location in locations.items():
        report = client.get(f"{location}/report").json()
        assert report == day1_report(files[name], name), f"{name}: day 1's numbers"


def test_prefetch_caps_the_jobs_held_and_concurrency_the_jobs_run_at_once(
    settings: Settings, broker: Broker
) -> None:
    """prefetch 3, concurrency 2, 10 jobs: 3 leave the queue, 2 run together, then all finish."""
    tuned = settings.model_copy(update={"day17_prefetch": 3, "day17_concurrency": 2})
    topology = topology_of(tuned)
    release = threading.Event()
    running: list[str] = []
    most = [0]
    lock = threading.Lock()

    class Held:
        def process(self, upload_id: str) -> str:
            with lock:
                running.append(upload_id)
                most[0] = max(most[0], len(running))
            release.wait(10)
            with lock:
                running.remove(upload_id)
            return "done"

        def park(self, upload_id: str, reason: str) -> None:
            pass

    with consuming(tuned, Held()) as consumer:
        for n in range(10):
            broker.publish(topology.exchange, json.dumps({"upload_id": f"j{n}"}).encode())
        poll(lambda: len(running) == 2, what="two jobs run at once")
        assert broker.depth(topology.jobs_queue) == 7, "prefetch 3: the other 7 stay queued"
        release.set()
        poll(lambda: consumer.stats["ack"] == 10, what="all ten are acknowledged")
    assert most[0] == 2, f"at most `concurrency` jobs at once, saw {most[0]}"
