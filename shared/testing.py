"""The course's pytest plugin: day markers and isolated slices of the real services.

Registered for every test by the root `conftest.py`. Service clients are imported inside the
fixtures, so a day's nox session needs only the libraries of the services that day uses.

Isolation (DESIGN.md section 4): a fresh PostgreSQL database per test session, a unique Redis key
prefix per test (its keys deleted after), a uniquely named RabbitMQ queue per test (deleted
after), a unique MongoDB database per test (mongomock unless MONGODB_URL is set). A service that
is down skips the test with the service's name and start command; with COURSE_REQUIRE_SERVICES=1
(CI) it fails instead.

The SQLAlchemy test kit (days 7, 8, 10, 15, 20): `database_url` is an empty database of each
backend (SQLite and PostgreSQL) per test package; a day's conftest overrides it to migrate or
seed it, and `make_engine` to build engines its own way. Each test then gets
`database_connection` (an outer transaction, rolled back after the test) and `session_factory`,
whose sessions join that transaction with a SAVEPOINT (SQLAlchemy docs: "Joining a Session
into an External Transaction"): a request's commit only releases its savepoint, so nothing a
test writes outlives it, on either backend.
"""

from __future__ import annotations

import logging
import os
import re
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from shared.postgres import temporary_database
from shared.services import SERVICES, probe, service_url

if TYPE_CHECKING:
    import redis
    from sqlalchemy import Connection, Engine
    from sqlalchemy.orm import Session, sessionmaker

DAY_DIR = re.compile(r"^(day(\d\d))_[a-z0-9_]+$")
DAY_COUNT = 20
WORKSPACE_TESTS = Path(__file__).resolve().parent.parent / "tests"


BROWSER_OPTION = "--browser"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        BROWSER_OPTION,
        action="store_true",
        help="also run the tests marked `browser`: they drive a real headless Chromium through"
        " Playwright (`nox -s browser` installs it; CI does not run them)",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Register one marker per day so `-m dayNN` selects exactly that day."""
    for number in range(1, DAY_COUNT + 1):
        config.addinivalue_line("markers", f"day{number:02d}: a test of day {number}")
    # pytest-xdist registers it too; this keeps --strict-markers happy in a venv without xdist.
    config.addinivalue_line("markers", "xdist_group(name): tests one xdist worker runs in order")
    config.addinivalue_line(
        "markers", f"browser: drives a real browser; deselected unless {BROWSER_OPTION} is given"
    )


def day_of(item: pytest.Item) -> str | None:
    """Return `dayNN` for a test under a day folder, or parametrised with a day package name."""
    for part in Path(str(item.path)).parts:
        match = DAY_DIR.match(part)
        if match:
            return match.group(1)
    callspec = getattr(item, "callspec", None)
    for value in callspec.params.values() if callspec else ():
        match = DAY_DIR.match(str(value))
        if match:
            return match.group(1)
    return None


def xdist_group_of(item: pytest.Item, day: str | None) -> str | None:
    """The group whose tests one pytest-xdist worker runs in order (`--dist loadgroup`).

    A day's tests share files, servers and fixtures, so a day runs on one worker while other days
    run on the others. Workspace tests (conformance, course, shared) spread freely, unless they
    name their own group (the README tests do).
    """
    if item.get_closest_marker("xdist_group"):
        return None
    if day and not Path(str(item.path)).is_relative_to(WORKSPACE_TESTS):
        return day
    return None


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test of day NN with the marker `dayNN`, and group it for parallel runs; leave
    out the browser tests unless --browser asks for them (reported as deselected, not skipped)."""
    if not config.getoption(BROWSER_OPTION):
        browser = [item for item in items if item.get_closest_marker("browser")]
        if browser:
            config.hook.pytest_deselected(items=browser)
            items[:] = [item for item in items if not item.get_closest_marker("browser")]
    for item in items:
        day = day_of(item)
        if day:
            item.add_marker(getattr(pytest.mark, day))
        group = xdist_group_of(item, day)
        if group:
            item.add_marker(pytest.mark.xdist_group(group))


@pytest.fixture(autouse=True)
def _restore_root_logging() -> Iterator[None]:
    """Every CLI's main() configures the root logger (onto that test's captured stderr), and a
    server started with its own logging config (uvicorn's default) stops its loggers from
    propagating: put every logger's handlers, level, propagation and disabled flag back after
    each test, so one test's set-up never leaks into the next.
    """
    loggers = [logging.getLogger(), *_named_loggers()]
    saved = [(lg, lg.handlers[:], lg.level, lg.propagate, lg.disabled) for lg in loggers]
    try:
        yield
    finally:
        # setLevel clears the level cache of every logger in the process (thousands once
        # SQLAlchemy, Celery and FastAPI are imported): call it only for a level that changed.
        for logger, handlers, level, propagate, disabled in saved:
            if logger.handlers != handlers:
                logger.handlers[:] = handlers
            if logger.level != level:
                logger.setLevel(level)
            logger.propagate = propagate
            logger.disabled = disabled
        known = {id(lg) for lg in loggers}
        for logger in _named_loggers():  # loggers the test created: back to plain defaults
            if id(logger) not in known:
                logger.handlers.clear()
                logger.propagate = True
                logger.disabled = False
                if logger.level != logging.NOTSET:
                    logger.setLevel(logging.NOTSET)


def _named_loggers() -> list[logging.Logger]:
    return [lg for lg in logging.root.manager.loggerDict.values() if isinstance(lg, logging.Logger)]


def services_required() -> bool:
    """True in CI, where a missing service is an error, never a skip."""
    return os.environ.get("COURSE_REQUIRE_SERVICES", "") not in ("", "0", "false", "no")


def require_service(key: str) -> str:
    """Return the service's URL, or skip (fail under COURSE_REQUIRE_SERVICES=1) when down."""
    service = SERVICES[key]
    url = service_url(key)
    if url is not None and probe(url):
        return url
    message = (
        f"{service.name} is not reachable at {url} ({service.env_var}); "
        f"start it with: {service.start_command}"
    )
    if services_required():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def unique_name(prefix: str) -> str:
    """A name no other test, run or developer is using right now."""
    return f"{prefix}_{uuid.uuid4().hex[:12]}"


# --- PostgreSQL ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A SQLAlchemy URL of a fresh PostgreSQL database, dropped at the end of the session."""
    with temporary_database(require_service("postgresql"), prefix="course_test") as url:
        yield url


# --- The SQLAlchemy test kit ---------------------------------------------------------------

DATABASE_BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def make_engine() -> Callable[[str], Engine]:
    """How the kit builds an engine from a URL; a day overrides it with its own factory
    (day 7's `create_engine_from_url` adds its SQLite hooks: foreign keys, WAL, write order)."""
    return savepoint_ready_engine


def savepoint_ready_engine(url: str) -> Engine:
    """`create_engine(url)`; on SQLite, with foreign keys on and SQLAlchemy emitting BEGIN.

    Python's sqlite3 driver begins transactions late and on its own, so a SAVEPOINT would open
    the transaction and its RELEASE commit it for real: the kit's rollback would undo nothing
    (SQLAlchemy docs: "Serializable isolation / Savepoints / Transactional DDL"). Foreign keys
    are on so that SQLite refuses what PostgreSQL refuses.
    """
    from sqlalchemy import create_engine, event

    engine = create_engine(url)
    if engine.dialect.name == "sqlite":

        def no_driver_begin(dbapi_connection: Any, connection_record: Any) -> None:
            dbapi_connection.isolation_level = None
            dbapi_connection.execute("PRAGMA foreign_keys = ON")

        event.listen(engine, "connect", no_driver_begin)
        event.listen(engine, "begin", lambda connection: connection.exec_driver_sql("BEGIN"))
    return engine


@pytest.fixture(scope="package", params=DATABASE_BACKENDS)
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """An empty database of each backend for this test package: a SQLite file, or a fresh
    PostgreSQL database dropped after (skipped, with the start command, when it is down).

    A day's conftest migrates it by overriding the fixture with one that asks for it:
    `def database_url(database_url): upgrade(database_url); return database_url`.
    """
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'test.db'}"
        return
    with temporary_database(require_service("postgresql"), prefix="course_test") as url:
        yield url


@pytest.fixture(scope="package")
def database_engine(database_url: str, make_engine: Callable[[str], Engine]) -> Iterator[Engine]:
    """The engine of this package's database (disposed at the end)."""
    engine = make_engine(database_url)
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture
def database_connection(database_engine: Engine) -> Iterator[Connection]:
    """A connection inside an outer transaction that is rolled back after the test."""
    with database_engine.connect() as connection:
        transaction = connection.begin()
        try:
            yield connection
        finally:
            transaction.rollback()


@pytest.fixture
def session_factory(database_connection: Connection) -> sessionmaker[Session]:
    """Sessions that join the test's transaction: their commit only releases a SAVEPOINT.

    Pass it to an app (`create_app(..., session_factory=session_factory)`) and every request
    sees the writes of the requests before it, while the test's rollback undoes them all.
    """
    from sqlalchemy.orm import sessionmaker

    return sessionmaker(
        bind=database_connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )


@pytest.fixture
def database_session(session_factory: sessionmaker[Session]) -> Iterator[Session]:
    """One session in the test's transaction, for model- and query-level tests."""
    with session_factory() as session:
        yield session


# --- Redis ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RedisSlice:
    """A test's own part of the real Redis: every key it writes starts with `prefix`."""

    url: str
    prefix: str
    client: redis.Redis


@pytest.fixture
def redis_slice() -> Iterator[RedisSlice]:
    """A real Redis client and a unique key prefix; the prefix's keys are deleted after."""
    import redis as redis_lib

    url = require_service("redis")
    client = redis_lib.Redis.from_url(url)
    prefix = unique_name("course_test") + ":"
    try:
        yield RedisSlice(url=url, prefix=prefix, client=client)
    finally:
        keys = list(client.scan_iter(match=prefix + "*", count=500))
        if keys:
            client.delete(*keys)
        client.close()


# --- RabbitMQ ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RabbitQueue:
    """A uniquely named queue on the real broker, deleted after the test."""

    url: str
    name: str


@pytest.fixture
def rabbit_queue() -> Iterator[RabbitQueue]:
    """A unique queue name on the real RabbitMQ; the queue is deleted after the test."""
    import pika

    url = require_service("rabbitmq")
    name = unique_name("course_test")
    try:
        yield RabbitQueue(url=url, name=name)
    finally:
        connection = pika.BlockingConnection(pika.URLParameters(url))
        try:
            connection.channel().queue_delete(queue=name)
        finally:
            connection.close()


# --- MongoDB -------------------------------------------------------------------------------


@pytest.fixture
def mongo_client() -> Iterator[Any]:
    """A pymongo client for MONGODB_URL when set, else a mongomock client (in memory)."""
    url = os.environ.get(SERVICES["mongodb"].env_var)
    if url:
        import pymongo

        client: Any = pymongo.MongoClient(url, serverSelectionTimeoutMS=2000)
        try:
            client.admin.command("ping")
        except Exception as exc:
            message = f"MongoDB is not reachable at {url} (MONGODB_URL): {exc}"
            if services_required():
                pytest.fail(message, pytrace=False)
            pytest.skip(message)
    else:
        import mongomock

        client = mongomock.MongoClient()
    try:
        yield client
    finally:
        client.close()


@pytest.fixture
def mongo_db(mongo_client: Any) -> Iterator[Any]:
    """A uniquely named database on `mongo_client`, dropped after the test."""
    name = unique_name("course_test")
    try:
        yield mongo_client[name]
    finally:
        mongo_client.drop_database(name)


# --- Live servers (STYLE.md 34: a thread, 127.0.0.1, port 0, shut down in finally) ----------


@contextmanager
def live_wsgi_server(app: Any) -> Iterator[str]:
    """Serve a WSGI app with werkzeug on an ephemeral loopback port; yield its base URL."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@contextmanager
def live_asgi_server(app: Any) -> Iterator[str]:
    """Serve an ASGI app with uvicorn on an ephemeral loopback port; yield its base URL."""
    import time

    import uvicorn

    from shared.serving import bind_socket

    sock = bind_socket("127.0.0.1", 0)  # a TCP socket, so keep-alive requests skip Nagle's wait
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
