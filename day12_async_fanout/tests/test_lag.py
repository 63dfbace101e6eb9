"""The test helpers' event-loop lag check itself: it blames 25 ms of blocking on the app, on
asyncio's loop (TestClient) and on uvloop (uvicorn), and never the operating system's
preemption of the loop's thread."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from day12_async_fanout import OverviewQuery, Source
from day12_async_fanout.tests.conftest import ClientMaker, ServerMaker
from day12_async_fanout.tests.lag import LAG_LIMIT, LagCheck

pytestmark = pytest.mark.internal

BLOCKING = 0.025  # above the limit, and as short as a real mistake can be
# The check does not charge the app for what other threads of the test process ran or
# waited to run meanwhile (they may hold the GIL or a lock the loop waits for): the
# blocking starts once the request is on its way and the test's own thread waits.
SETTLE = 0.1


def spin(seconds: float) -> None:
    """Compute for `seconds` of this thread's own CPU time, however long that takes."""
    end = time.thread_time() + seconds
    while time.thread_time() < end:
        pass


def source(block: Callable[[], None], *, settle: float = 0.0) -> list[Source]:
    """The one source of an app whose fetch calls `block` inside its `async def`, after
    `settle` seconds (awaited) in which the test's threads are done sending the request."""

    async def fetch(http: Any, query: OverviewQuery) -> dict[str, Any]:
        await asyncio.sleep(settle)
        block()  # the mistake the check exists for
        return {}

    return [Source("blocking", fetch, idempotent=False)]


def assert_blamed(lag: LagCheck) -> None:
    with pytest.raises(AssertionError, match="event loop was blocked") as failure:
        lag.check()
    assert "test_lag.py" in str(failure.value), "the message points at the blocking code"
    worst = lag.worst()
    assert worst is not None and LAG_LIMIT < worst.charged < 1.0, worst
    lag.reset()  # this test wanted the failure: do not fail it again


@pytest.mark.parametrize(
    "block",
    [lambda: time.sleep(BLOCKING), lambda: spin(BLOCKING)],
    ids=["sleep", "computation"],
)
def test_lag_check_blames_25_ms_of_blocking_on_the_app(
    make_client: ClientMaker, lag: LagCheck, block: Callable[[], None]
) -> None:
    make_client(sources=source(block, settle=SETTLE)).get("/overview")
    assert_blamed(lag)


def test_lag_check_blames_blocking_under_uvicorn_and_uvloop(
    make_server: ServerMaker, lag: LagCheck
) -> None:
    base = make_server(sources=source(lambda: time.sleep(BLOCKING), settle=SETTLE))
    httpx.get(f"{base}/overview", timeout=10)
    assert_blamed(lag)


@pytest.fixture
def cpu_hogs() -> Iterator[int]:
    """Three processes that compute for ever on one CPU (which it yields), killed after."""
    if not hasattr(os, "sched_setaffinity"):
        pytest.skip("needs os.sched_setaffinity (Linux)")
    cpu = min(os.sched_getaffinity(0))
    code = "import os, sys\nos.sched_setaffinity(0, {%d})\nprint(flush=True)\nwhile True: pass"
    hogs = [
        # -I -S: no site, so coverage's subprocess hook does not trace the busy loop
        subprocess.Popen([sys.executable, "-I", "-S", "-c", code % cpu], stdout=subprocess.PIPE)
        for _ in range(3)
    ]
    try:
        for hog in hogs:
            assert hog.stdout is not None and hog.stdout.readline(), "a CPU hog did not start"
        yield cpu
    finally:
        for hog in hogs:
            hog.kill()
            hog.wait()
            if hog.stdout is not None:
                hog.stdout.close()


def test_lag_check_does_not_blame_the_app_for_being_preempted(
    make_client: ClientMaker, lag: LagCheck, cpu_hogs: int
) -> None:
    """10 ms of the app's computing on a CPU shared with three busy processes takes far
    longer than the limit in wall time, but the app held its loop for only 10 ms of it."""
    walls: list[float] = []

    def preempted() -> None:
        allowed = os.sched_getaffinity(0)
        os.sched_setaffinity(0, {cpu_hogs})  # the loop's thread, on the hogs' CPU
        began = time.perf_counter()
        spin(0.010)
        walls.append(time.perf_counter() - began)
        os.sched_setaffinity(0, allowed)

    client = make_client(sources=source(preempted))
    while len(walls) < 5 and max(walls, default=0.0) <= 2 * LAG_LIMIT:
        client.get("/overview")
    assert max(walls) > 2 * LAG_LIMIT, f"the hogs never preempted the app: {walls}"
    lag.check()  # passes: the wait for a CPU is not the app's
