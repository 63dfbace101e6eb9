"""The producer API: day 13's `POST /uploads`, answered 202 only once the broker confirmed the
job; an unroutable job or a missing broker is a 503 with nothing kept."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pika
import pytest
from fastapi.testclient import TestClient

from day17_rabbitmq_uploads import BrokerUnreachable, Settings, create_app, topology_of
from day17_rabbitmq_uploads.tests.helpers import Broker, Proxy, accepted, csv_bytes
from shared.testing import live_asgi_server


def nothing_kept(client: TestClient, settings: Settings) -> None:
    """No upload row and no stored file."""
    assert client.get("/uploads").json()["total"] == 0, "the upload row was removed"
    folder = settings.day13_upload_dir
    assert not list(folder.iterdir()), f"the stored file was removed: {list(folder.iterdir())}"


def test_exchange_and_queues_are_durable(client: TestClient, settings: Settings) -> None:
    """Declared durable at start-up: redeclaring any of them as transient is refused (406)."""
    topology = topology_of(settings)
    connection = pika.BlockingConnection(pika.URLParameters(settings.amqp_url))
    try:
        for queue in topology.queues():
            channel = connection.channel()
            with pytest.raises(pika.exceptions.ChannelClosedByBroker) as refused:
                channel.queue_declare(queue, durable=False)
            assert refused.value.reply_code == 406, f"{queue} should be durable"
        channel = connection.channel()
        with pytest.raises(pika.exceptions.ChannelClosedByBroker) as refused:
            channel.exchange_declare(topology.exchange, "direct", durable=False)
        assert refused.value.reply_code == 406, "the jobs exchange should be durable"
    finally:
        connection.close()


def test_unroutable_job_is_an_error_with_nothing_kept(
    client: TestClient, settings: Settings, broker: Broker
) -> None:
    """Published mandatory: with no queue bound to take it, the upload is refused (503)."""
    broker.channel.queue_delete(topology_of(settings).jobs_queue)
    response = client.post("/uploads", files={"file": ("a.csv", csv_bytes(3), "text/csv")})
    assert response.status_code == 503, response.text
    problem = response.json()
    assert "routes it nowhere" in problem["detail"], problem
    nothing_kept(client, settings)


def test_broker_gone_at_upload_time_is_a_503_with_nothing_kept(
    settings: Settings, tmp_path: Path
) -> None:
    parts = urlsplit(settings.amqp_url)
    proxy = Proxy((parts.hostname or "127.0.0.1", parts.port or 5672))
    via = settings.model_copy(update={"amqp_url": proxy.url(settings.amqp_url)})
    try:
        with TestClient(create_app(via)) as client:
            proxy.refuse = True
            proxy.cut()
            response = client.post("/uploads", files={"file": ("a.csv", b"a\n1\n", "text/csv")})
            assert response.status_code == 503, response.text
            assert "unavailable" in response.json()["detail"]
            nothing_kept(client, via)
    finally:
        proxy.close()


def test_app_without_a_broker_does_not_start(settings: Settings) -> None:
    """The producer needs RabbitMQ: its start-up fails, saying how to start the broker."""
    nowhere = settings.model_copy(update={"amqp_url": "amqp://guest:guest@127.0.0.1:1/%2F"})
    with pytest.raises(BrokerUnreachable, match="cannot reach RabbitMQ") as refused:
        with TestClient(create_app(nowhere)):
            pass
    assert "rabbitmq-server -detached" in str(refused.value.hint)


def test_real_server_accepts_an_upload_and_queues_its_job(
    settings: Settings, broker: Broker
) -> None:
    """uvicorn on an ephemeral port: 202, Location, and the job waiting in the queue."""
    with live_asgi_server(create_app(settings)) as base, httpx.Client(base_url=base) as http:
        location = accepted(http, csv_bytes(10), "live.csv")
        assert http.get(location).json()["state"] == "queued"
    assert broker.depth(topology_of(settings).jobs_queue) == 1
