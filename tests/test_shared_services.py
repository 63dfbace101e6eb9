"""shared.services and the real-service fixtures of shared.testing, against the real services."""

from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Column, Engine, Integer, MetaData, Table, Text, func, insert, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from shared.services import SERVICES, probe, redact, service_url
from shared.testing import RabbitQueue, RedisSlice


def test_service_url_prefers_the_environment() -> None:
    assert service_url("redis", {"REDIS_URL": "redis://elsewhere:1/2"}) == "redis://elsewhere:1/2"
    assert service_url("redis", {}) == SERVICES["redis"].default_url
    assert service_url("mongodb", {}) is None, "unset MONGODB_URL means mongomock"


def test_probe_is_false_for_a_closed_port() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    assert probe(f"redis://127.0.0.1:{port}/0", timeout=0.5) is False


def test_probe_is_true_for_a_listening_port() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        assert probe(f"http://127.0.0.1:{server.getsockname()[1]}/") is True


def test_every_service_names_its_start_command() -> None:
    for service in SERVICES.values():
        assert service.start_command, f"{service.name} needs a start command"


def test_postgres_fixture_gives_a_fresh_writable_database(postgres_url: str) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(postgres_url)
    with engine.begin() as conn:
        name = conn.execute(sa.text("select current_database()")).scalar_one()
        conn.execute(sa.text("create table if not exists probe (id int)"))
    engine.dispose()
    assert name.startswith("course_test_"), f"tests must not touch the default database: {name}"


def test_redis_slice_keys_are_removed_after_the_test(redis_slice: RedisSlice) -> None:
    key = redis_slice.prefix + "greeting"
    redis_slice.client.set(key, "hello")
    assert redis_slice.client.get(key) == b"hello"
    assert redis_slice.prefix.startswith("course_test_")


def test_rabbit_queue_round_trips_a_message(rabbit_queue: RabbitQueue) -> None:
    import pika

    connection = pika.BlockingConnection(pika.URLParameters(rabbit_queue.url))
    try:
        channel = connection.channel()
        channel.queue_declare(queue=rabbit_queue.name, durable=False)
        channel.basic_publish(exchange="", routing_key=rabbit_queue.name, body=b"ping")
        method, _, body = channel.basic_get(queue=rabbit_queue.name, auto_ack=True)
    finally:
        connection.close()
    assert body == b"ping"


def test_mongo_db_is_unique_and_usable(mongo_db: object) -> None:
    collection = mongo_db["things"]  # type: ignore[index]
    collection.insert_one({"_id": uuid.uuid4().hex, "n": 1})
    assert collection.count_documents({}) == 1


def test_temporary_database_is_created_empty_and_dropped_after(postgres_url: str) -> None:
    import sqlalchemy as sa

    from shared.postgres import temporary_database

    with temporary_database(postgres_url, prefix="course_probe") as url:
        name = sa.engine.make_url(url).database
        assert name is not None and name.startswith("course_probe_")
        engine = sa.create_engine(url)
        with engine.connect() as conn:
            query = "select count(*) from pg_tables where schemaname = 'public'"
            assert conn.execute(sa.text(query)).scalar_one() == 0
        # The engine's pool still holds its connection open: the drop must work regardless.
    server = sa.create_engine(postgres_url)
    with server.connect() as conn:
        found = conn.execute(sa.text("select 1 from pg_database where datname = :n"), {"n": name})
        assert found.first() is None, "the temporary database is dropped on the way out"
    server.dispose()
    engine.dispose()


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (
            "postgresql+psycopg://course:secret@db:5432/app",
            "postgresql+psycopg://course:***@db:5432/app",
        ),
        ("redis://:secret@cache:6379/0", "redis://:***@cache:6379/0"),
        (
            "postgresql+psycopg://postgres@127.0.0.1/postgres",
            "postgresql+psycopg://postgres@127.0.0.1/postgres",
        ),
        ("sqlite:///var/app.db", "sqlite:///var/app.db"),
    ],
)
def test_redact_hides_only_the_password(url: str, shown: str) -> None:
    assert redact(url) == shown


# --- the SQLAlchemy test kit: database_url, database_engine, session_factory ---------------


@pytest.fixture(scope="module")
def kit_notes(database_engine: Engine) -> Iterator[Table]:
    """A table of this module's own in the kit's database (both backends), dropped after."""
    table = Table(
        "kit_notes", MetaData(), Column("id", Integer, primary_key=True), Column("text", Text)
    )
    table.create(database_engine)
    yield table
    table.drop(database_engine)


def count_notes(session_factory: sessionmaker[Session], table: Table) -> int:
    """How many rows the table holds, as a new session of the test sees it."""
    with session_factory() as session:
        return session.scalar(select(func.count()).select_from(table)) or 0


def test_kit_sessions_of_one_test_see_each_others_commits(
    session_factory: sessionmaker[Session], kit_notes: Table
) -> None:
    with session_factory.begin() as session:
        session.execute(insert(kit_notes).values(text="written by the first session"))
    assert count_notes(session_factory, kit_notes) == 1, "a commit releases a savepoint only"


def test_kit_rolls_back_what_the_test_before_committed(
    session_factory: sessionmaker[Session], kit_notes: Table
) -> None:
    assert count_notes(session_factory, kit_notes) == 0, "each test starts from the same rows"


def test_kit_database_url_names_each_backend(database_url: str) -> None:
    backend = make_url(database_url).get_backend_name()
    assert backend in {"sqlite", "postgresql"}
    if backend == "postgresql":
        assert make_url(database_url).database != "postgres", "never the maintenance database"
