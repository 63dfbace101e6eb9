"""Redis down or slow: every answer still right (X-Cache: BYPASS), one warning per outage,
and the cache back in use after the back-off.

Two kinds of outage: a port nobody listens on, and a private redis-server (on a free port)
that the test stops and starts again. "Slow" is `CLIENT PAUSE` on the private server.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from fastapi.testclient import TestClient

from day10_redis_cache import CacheStatus, collect_outcomes
from day10_redis_cache.tests.conftest import AppFactory
from day10_redis_cache.tests.helpers import FakeClock, add_task, free_port, make_cache
from shared.testing import RedisSlice

CLOSED_PORT_URL = "redis://127.0.0.1:1/0"


class PrivateRedis:
    """A redis-server of the test's own, which the test may stop and start again."""

    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.folder = folder
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no", "--dir", str(self.folder)]
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=0.2)
        deadline = time.monotonic() + 5
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.01)
        client.close()

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=5)
            self.process = None


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[PrivateRedis]:
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not on PATH (apt-get install redis-server)")
    server = PrivateRedis(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def warnings_in(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]


def test_closed_port_answers_everything_from_the_database(
    make_app: AppFactory,
    clock: FakeClock,
    redis_slice: RedisSlice,
    caplog: pytest.LogCaptureFixture,
) -> None:
    cache = make_cache(CLOSED_PORT_URL, redis_slice.prefix, clock)
    with TestClient(make_app(cache=cache)) as client:
        task = add_task(client, "Dig", done=True)
        for path in ("/tasks", f"/tasks/{task['id']}", "/reports/tasks/completed"):
            for _ in range(3):
                response = client.get(path)
                assert response.status_code == 200, f"{path} must not fail because of Redis"
                assert response.headers["X-Cache"] == "BYPASS"
        assert client.get(f"/tasks/{task['id']}").json()["title"] == "Dig"
        assert client.get("/reports/tasks/completed").json()["total"] == 1
        assert client.patch(f"/tasks/{task['id']}", json={"title": "Plant"}).status_code == 200
        assert client.get(f"/tasks/{task['id']}").json()["title"] == "Plant"
    logged = warnings_in(caplog)
    assert len(logged) == 1, f"one warning per outage, not per request: {logged}"
    assert "127.0.0.1:1" in logged[0] and "redis-server" in logged[0], "say where and how"


def test_server_stopped_mid_test_then_back_after_the_back_off(
    make_app: AppFactory,
    clock: FakeClock,
    redis_slice: RedisSlice,
    private_redis: PrivateRedis,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="day10_redis_cache")
    cache = make_cache(private_redis.url, redis_slice.prefix, clock)
    with TestClient(make_app(cache=cache)) as client:
        task = add_task(client, "Dig")
        url = f"/tasks/{task['id']}"
        assert [client.get(url).headers["X-Cache"] for _ in range(2)] == ["MISS", "HIT"]

        private_redis.stop()
        for _ in range(5):
            response = client.get(url)
            assert (response.status_code, response.headers["X-Cache"]) == (200, "BYPASS")
            assert response.json()["title"] == "Dig"
        clock.advance(5)
        assert client.get(url).headers["X-Cache"] == "BYPASS", "the trial finds Redis still down"

        private_redis.start()
        assert client.get(url).headers["X-Cache"] == "BYPASS", "the next trial is 5 s away"
        clock.advance(5)
        hits = [client.get(url).headers["X-Cache"] for _ in range(2)]
        assert hits == ["MISS", "HIT"], "the cache is back within the 5 s back-off, as promised"
    assert len(warnings_in(caplog)) == 1, "the failed trial belongs to the same outage"
    assert any("is back" in r.getMessage() for r in caplog.records)


def test_slow_redis_times_out_and_writes_during_the_outage_are_not_served_stale(
    make_app: AppFactory,
    clock: FakeClock,
    redis_slice: RedisSlice,
    private_redis: PrivateRedis,
) -> None:
    """Redis keeps its data but stops answering in time: the write's invalidation is lost,
    so on recovery the cache drops every namespace before serving from it again."""
    cache = make_cache(private_redis.url, redis_slice.prefix, clock, socket_timeout=0.05)
    admin = redis.Redis(port=private_redis.port)
    with TestClient(make_app(cache=cache)) as client:
        task = add_task(client, "Old")
        url = f"/tasks/{task['id']}"
        client.get(url)
        assert client.get(url).headers["X-Cache"] == "HIT"

        admin.execute_command("CLIENT", "PAUSE", 300, "ALL")
        began = time.monotonic()
        response = client.patch(url, json={"title": "New"})
        assert response.status_code == 200 and response.headers["X-Cache"] == "BYPASS"
        assert time.monotonic() - began < 0.25, "a slow Redis costs one short timeout, no more"
        assert client.get(url).json()["title"] == "New"

        time.sleep(0.35)  # the pause is over: the old entry is still in Redis
        clock.advance(5)
        response = client.get(url)
        assert (response.headers["X-Cache"], response.json()["title"]) == ("MISS", "New")
    admin.close()


def test_cache_api_computes_when_redis_is_down(redis_slice: RedisSlice, clock: FakeClock) -> None:
    cache = make_cache(CLOSED_PORT_URL, redis_slice.prefix, clock)
    with collect_outcomes() as outcomes:
        assert cache.get_or_compute("reports", "r", lambda: 1) == 1
        assert cache.get("reports", "r") is None
        assert cache.set("reports", "r", 1) is False
        assert cache.invalidate("reports") is False
        assert cache.ping() is False
    assert set(outcomes) == {CacheStatus.BYPASS}
    cache.close()


@pytest.mark.internal  # the Redis key layout of the reference (see README, "Keys")
def test_redis_failing_while_waiting_for_the_lock_computes_anyway(
    redis_slice: RedisSlice, clock: FakeClock, private_redis: PrivateRedis
) -> None:
    cache = make_cache(private_redis.url, redis_slice.prefix, clock)
    cache.get_or_compute("reports", "warm-up", lambda: 0)
    admin = redis.Redis(port=private_redis.port)
    version = int(admin.get(f"{redis_slice.prefix}reports:version") or 0)
    admin.set(f"{redis_slice.prefix}reports:lock:v{version}:r", "holder", px=5000)
    admin.close()
    stopper = threading.Timer(0.05, private_redis.stop)  # Redis dies while we wait
    stopper.start()
    with collect_outcomes() as outcomes:
        assert cache.get_or_compute("reports", "r", lambda: "computed") == "computed"
    stopper.join()
    assert outcomes == [CacheStatus.BYPASS]
    cache.close()


def test_redis_dying_while_computing_still_returns_the_value(
    redis_slice: RedisSlice, clock: FakeClock, private_redis: PrivateRedis
) -> None:
    """Storing the value and releasing the lock fail quietly; the lock expires by itself."""
    cache = make_cache(private_redis.url, redis_slice.prefix, clock)

    def compute_while_redis_dies() -> str:
        private_redis.stop()
        return "computed"

    with collect_outcomes() as outcomes:
        assert cache.get_or_compute("reports", "r", compute_while_redis_dies) == "computed"
    assert outcomes == [CacheStatus.MISS, CacheStatus.BYPASS]
    cache.close()
