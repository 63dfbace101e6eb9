"""The broker connection dropping mid-run (a proxy between the clients and the broker, cut),
and heartbeats flowing while a long job runs."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient

from day17_rabbitmq_uploads import Settings, create_app, topology_of
from day17_rabbitmq_uploads.tests.helpers import (
    Broker,
    Proxy,
    accepted,
    consuming,
    csv_bytes,
    day1_report,
    poll,
    wait_finished,
)


@pytest.fixture
def proxy(settings: Settings) -> Iterator[Proxy]:
    """A cuttable TCP proxy in front of the test's broker."""
    parts = urlsplit(settings.amqp_url)
    relay = Proxy((parts.hostname or "127.0.0.1", parts.port or 5672))
    try:
        yield relay
    finally:
        relay.close()


def test_publisher_and_consumer_recover_when_the_connection_drops_and_no_job_is_lost(
    settings: Settings, proxy: Proxy
) -> None:
    via = settings.model_copy(update={"amqp_url": proxy.url(settings.amqp_url)})
    files = {f"f{n}.csv": csv_bytes(2000, seed=n) for n in range(12)}
    app = create_app(via)
    with TestClient(app) as client, consuming(via) as consumer:
        names = list(files)
        locations = {name: accepted(client, files[name], name) for name in names[:6]}
        assert proxy.cut() == 2, "the publisher's and the consumer's connections are cut"
        locations |= {name: accepted(client, files[name], name) for name in names[6:]}
        bodies = {name: wait_finished(client, loc) for name, loc in locations.items()}
        assert all(b["state"] == "done" for b in bodies.values()), bodies
        for name, location in locations.items():
            report = client.get(f"{location}/report").json()
            assert report == day1_report(files[name], name), f"{name}: day 1's numbers"
    assert app.state.publisher.reconnects == 1, "the publisher reconnected once, by itself"
    assert consumer.stats["links"] == 2, "the consumer reconnected once, by itself"


def test_a_broker_that_stays_away_is_retried_with_back_off_until_it_is_back(
    settings: Settings, proxy: Proxy, broker: Broker
) -> None:
    """While nothing answers, the consumer keeps trying (0.1 s, 0.2 s, 0.4 s ... here)."""
    via = settings.model_copy(update={"amqp_url": proxy.url(settings.amqp_url)})
    with TestClient(create_app(via)) as client, consuming(via) as consumer:
        proxy.refuse = True
        proxy.cut()
        location = accepted_directly(settings)
        poll(lambda: proxy.refused >= 3, what="the consumer tries to reconnect, again and again")
        proxy.refuse = False
        body = wait_finished(client, location)
    assert body["state"] == "done", body
    assert consumer.stats["links"] == 2


def accepted_directly(settings: Settings) -> str:
    """An upload published straight to the broker (the API's publisher is cut off too)."""
    with TestClient(create_app(settings)) as direct:
        return accepted(direct, csv_bytes(30), "while-away.csv")


def test_heartbeats_keep_flowing_while_a_long_job_runs(settings: Settings, broker: Broker) -> None:
    """With 1-second heartbeats, a 3.5-second job: the broker drops a connection silent for
    that long (one that works on its I/O thread); this consumer keeps it, and acks once."""
    quick = settings.model_copy(update={"day17_heartbeat": 1})
    release = threading.Event()

    class Slow:
        def process(self, upload_id: str) -> str:
            release.wait(3.5)
            return "done slowly"

        def park(self, upload_id: str, reason: str) -> None:
            pass

    topology = topology_of(quick)
    with consuming(quick, Slow()) as consumer:
        broker.publish(topology.exchange, b'{"upload_id": "slow"}', message_id="slow")
        poll(lambda: consumer.stats["ack"], timeout=15, what="the long job is acknowledged")
    assert consumer.stats["links"] == 1 and consumer.stats["lost"] == 0, consumer.stats
    assert broker.depth(topology.jobs_queue) == 0, "acked once: nothing comes back"
