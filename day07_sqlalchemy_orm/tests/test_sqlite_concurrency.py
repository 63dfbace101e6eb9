"""The default SQLite file under concurrent requests: WAL readers never wait, writers queue.

Each test is bounded (a few hundred requests or transactions) and runs on a SQLite file of its
own, with real commits, so the locks are SQLite's own and nothing is mocked.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import Engine, func, select, text

from day07_sqlalchemy_orm import (
    READ_ONLY,
    Project,
    Settings,
    create_app,
    create_engine_from_url,
    make_session_factory,
)
from shared.testing import live_asgi_server

CONNECTIONS = 50


@pytest.fixture
def engine(fresh_sqlite_url: str) -> Iterator[Engine]:
    """An engine with day 7's SQLite hooks on a migrated file of this test's own."""
    engine = create_engine_from_url(fresh_sqlite_url)
    yield engine
    engine.dispose()


def run_together(count: int, job: Callable[[int], object]) -> list[object]:
    """Run `job(0..count-1)` on `count` threads at once; return the results in order."""
    start = threading.Barrier(count)

    def at_once(number: int) -> object:
        start.wait(timeout=10)
        return job(number)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(at_once, range(count)))


def test_sqlite_file_uses_wal_and_a_busy_timeout(engine: Engine) -> None:
    with engine.connect() as connection:
        journal_mode = connection.scalar(text("PRAGMA journal_mode"))
        busy_timeout = connection.scalar(text("PRAGMA busy_timeout"))
    assert journal_mode == "wal", "WAL lets readers read while one connection writes"
    assert busy_timeout is not None and busy_timeout >= 1000, (
        "a busy timeout makes a writer wait for the lock instead of failing at once"
    )


def test_a_read_only_transaction_does_not_wait_for_an_open_writer(engine: Engine) -> None:
    factory = make_session_factory(engine)
    with factory.begin() as writer:
        writer.add(Project(name="Written, not yet committed"))
        writer.flush()  # the writer holds SQLite's write lock until it commits
        finished = threading.Event()

        def read() -> None:
            with factory(execution_options=READ_ONLY) as session, session.begin():
                session.scalar(select(func.count()).select_from(Project))
            finished.set()

        reader = threading.Thread(target=read)
        reader.start()
        assert finished.wait(timeout=2), "a WAL reader reads its snapshot without waiting"
        reader.join()


def test_transactions_that_read_then_write_never_deadlock(engine: Engine) -> None:
    """Two transactions that both read, then both write, deadlock unless the lock comes first."""
    factory = make_session_factory(engine)

    def read_then_write(number: int) -> int:
        with factory.begin() as session:
            seen = session.scalar(select(func.count()).select_from(Project)) or 0
            session.add(Project(name=f"project {number}"))
        return seen

    run_together(20, read_then_write)
    with factory() as session:
        stored = session.scalar(select(func.count()).select_from(Project))
    assert stored == 20, "every writer got its turn: none failed with 'database is locked'"


def test_fifty_connections_get_only_2xx_on_the_default_sqlite_storage(
    fresh_sqlite_url: str,
) -> None:
    """50 clients at once (mostly reads, some writes) against a real server: no 503, no loss."""
    app = create_app(Settings(database_url=fresh_sqlite_url))
    with live_asgi_server(app) as base:
        task = httpx.post(f"{base}/tasks", json={"title": "Read me"}).json()

        def client(number: int) -> Counter[int]:
            statuses: Counter[int] = Counter()
            with httpx.Client(base_url=base, timeout=30) as http:
                for _ in range(5):
                    statuses[http.get(f"/tasks/{task['id']}").status_code] += 1
                if number % 5 == 0:
                    response = http.post("/projects", json={"name": f"project {number}"})
                    statuses[response.status_code] += 1
            return statuses

        results = run_together(CONNECTIONS, client)
        projects = httpx.get(f"{base}/projects").json()
    statuses = sum((r for r in results if isinstance(r, Counter)), Counter[int]())
    assert set(statuses) <= {200, 201}, f"every answer is a success, got {dict(statuses)}"
    assert len(projects) == CONNECTIONS // 5, "every write was stored"


@pytest.mark.internal
def test_write_gate_lets_writers_in_first_come_first_served() -> None:
    from day07_sqlalchemy_orm.sqlite import WriteGate

    gate = WriteGate()
    assert gate.acquire(timeout=1)
    order: list[int] = []
    threads = []
    for number in range(5):

        def wait_turn(number: int = number) -> None:
            assert gate.acquire(timeout=5)
            order.append(number)
            gate.release()

        thread = threading.Thread(target=wait_turn)
        thread.start()
        threads.append(thread)
        while len(gate._waiting) < number + 1:  # queued before the next one arrives
            threading.Event().wait(0.001)
    gate.release()
    for thread in threads:
        thread.join(timeout=5)
    assert order == [0, 1, 2, 3, 4], "writers get the lock in the order they asked"


@pytest.mark.internal
def test_write_gate_gives_up_after_its_timeout() -> None:
    from day07_sqlalchemy_orm.sqlite import WriteGate

    gate = WriteGate()
    assert gate.acquire(timeout=1)
    assert gate.acquire(timeout=0.05) is False, "a writer that waited too long gives up"
    gate.release()
    assert gate.acquire(timeout=0.05), "and the gate is free again once released"
