"""Fixtures: settings with a topology of the test's own on the real RabbitMQ (deleted after),
a SQLite file and upload folder in the test's tmp_path, the producer API, the broker's view.

Upload state lives in day 13's database. A test where the database matters (the pipeline, a
redelivery, a consumer killed or stopped) is marked `on_both_databases`: it asks for the
plugin's `database_url` (SQLite and the real PostgreSQL, one database per backend for this
test package) and runs once on each; the pure-broker tests stay on the SQLite file.

Retries wait 0.1 s, 0.3 s and 0.6 s instead of 1 s, 5 s and 30 s, and a lost connection is
retried after 0.1 s, so that the failure paths run in well under a second each.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pika
import pytest
from fastapi.testclient import TestClient

from day17_rabbitmq_uploads import Settings, Topology, create_app, delete, topology_of
from day17_rabbitmq_uploads.tests.helpers import Broker
from shared.testing import require_service, unique_name

FAST_RETRIES = (0.1, 0.3, 0.6)
OTHER_RETRIES = ((0.05,), (1.0, 5.0, 30.0))


def make_settings(folder: Path, url: str, **values: object) -> Settings:
    """Settings on `url` with a fresh topology name, files in `folder`, quick retries."""
    fields: dict[str, object] = {
        "amqp_url": url,
        "day17_name": unique_name("course_test"),
        "database_url": f"sqlite:///{folder / 'day17.db'}",
        "day13_upload_dir": folder / "uploads",
        "day17_retry_delays": FAST_RETRIES,
        "day17_reconnect_delay": 0.1,
        "day17_reconnect_delay_max": 0.5,
        **values,
    }
    return Settings(**fields)  # type: ignore[arg-type]


@pytest.fixture
def amqp_url() -> str:
    """The real broker's URL (skips, or fails in CI, when RabbitMQ is down)."""
    return require_service("rabbitmq")


@pytest.fixture
def settings(request: pytest.FixtureRequest, tmp_path: Path, amqp_url: str) -> Iterator[Settings]:
    """This test's settings; its exchanges and queues are deleted after it. On the backend of
    `database_url` when the test asks for it (`on_both_databases`), else its own SQLite file."""
    values: dict[str, object] = {}
    if "database_url" in request.fixturenames:
        values["database_url"] = request.getfixturevalue("database_url")
    settings = make_settings(tmp_path, amqp_url, **values)
    try:
        yield settings
    finally:
        connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
        try:
            channel = connection.channel()
            delete(channel, topology_of(settings))
            for delays in OTHER_RETRIES:  # retry queues of settings a test varied
                for queue in Topology(settings.day17_name, retry_delays=delays).queues():
                    channel.queue_delete(queue)
        finally:
            connection.close()


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    """A test client of the producer API (lifespan run: the publisher is connected)."""
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.fixture
def broker(amqp_url: str) -> Iterator[Broker]:
    """A connection of the test's own to look at queues and publish by hand."""
    view = Broker(amqp_url)
    try:
        yield view
    finally:
        view.close()
