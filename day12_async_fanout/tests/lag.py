"""The event-loop lag check: fails a test during which one step of the app's code held its
event loop for more than LAG_LIMIT (20 ms).

A task runs in steps: from one `await` that suspends it to the next, its code has the loop to
itself, and every other request waits. A step's wall time is not all the app's doing, though:
on a busy machine the operating system preempts the loop's thread (it waits in the run
queue), and another thread of the test process (the test itself, the fake upstreams' server)
may hold the GIL, or a lock, or start slowly while the loop waits for it. So a step is
charged

    the loop thread's CPU time, less the garbage collector's (it sweeps the whole process)
    + the time the thread was off the CPU without waiting for one (asleep, in blocking I/O,
      waiting for the GIL or another thread), less what the process's other Python threads
      ran or waited to run meanwhile,

measured over that step alone from Linux's /proc/<tid>/schedstat (per thread: CPU time and
run-queue wait). A `time.sleep`, a blocking `requests` call or a long computation is charged
in full; being preempted, or waiting for the test's own threads, is not. Elsewhere than
Linux a wait for a CPU counts as a sleep.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import threading
import time
from collections.abc import Callable, Coroutine, Generator, Iterator, MutableMapping
from dataclasses import dataclass, field
from typing import Any

LAG_LIMIT = 0.020  # seconds one step of the app's code may hold its loop (the 20 ms)
NOTED = 0.005  # steps charged more than this are kept, to explain a failure


@dataclass(frozen=True)
class Step:
    """One step of a task on the app's loop, and the blocking charged to it."""

    task: str  # the task's coroutine, by its qualified name
    resumed_at: str  # file:line the step began at ...
    suspended_at: str  # ... and the one it ended at: the blocking code lies between them
    wall: float  # seconds, all of them: cpu + queued + off
    cpu: float  # the loop's thread computed (collected included)
    queued: float  # it waited for a CPU: not charged
    off: float  # it was off the CPU otherwise: asleep, in I/O, waiting for the GIL
    others: float  # of `off`, what other Python threads ran or waited to run: not charged
    collected: float  # the garbage collector ran on the loop's thread: not charged
    charged: float  # the app's own blocking

    def describe(self) -> str:
        """The step in one line, for an assert message."""
        ms = {k: f"{v * 1000:.0f} ms" for k, v in vars(self).items() if isinstance(v, float)}
        return (
            f"{ms['charged']} in {self.task} between {self.resumed_at} and "
            f"{self.suspended_at}: {ms['cpu']} computing ({ms['collected']} of it garbage "
            f"collection, not counted), {ms['off']} asleep or waiting for I/O or the GIL "
            f"({ms['others']} of it other threads' turn, not counted), {ms['queued']} waiting for "
            "a CPU (not counted)"
        )


@dataclass(frozen=True)
class _Clocks:
    """The clocks a step is charged from, read together on the loop's thread."""

    wall: float  # s, perf_counter
    cpu: int  # ns of the loop thread's CPU time
    queued: int  # ns the loop's thread waited for a CPU, so far
    runs: int  # times it was put on a CPU, so far (a preemption between reads shows)
    others: dict[int, int]  # thread id -> ns each other Python thread ran or waited to run


class _Schedstat:
    """Reads `_Clocks`: the loop thread's own, and the process's other Python threads'
    CPU time and run-queue waits (only Python threads can hold the GIL), from /proc files
    kept open (Linux; elsewhere the counters stay at zero)."""

    def __init__(self) -> None:
        self._files: dict[int, int] = {}  # thread id -> open schedstat file
        self.available = os.path.exists("/proc/thread-self/schedstat")

    def clocks(self, own: int) -> _Clocks:
        """Every clock now; `own` is the loop thread's id (this thread's)."""
        others = {}
        for thread in threading.enumerate():
            if thread.native_id is not None and thread.native_id != own:
                ran, waited, _ = self._read(thread.native_id)
                others[thread.native_id] = ran + waited
        for _ in range(3):  # a wall time and counters that a preemption did not split
            before = self._read(own)
            wall, cpu = time.perf_counter(), time.thread_time_ns()
            _, queued, runs = self._read(own)
            if runs == before[2]:
                break
        return _Clocks(wall, cpu, queued, runs, others)

    def _read(self, tid: int) -> tuple[int, int, int]:
        """A thread's CPU ns, run-queue ns and times run; zeros once it has ended."""
        if not self.available:
            return 0, 0, 0
        with contextlib.suppress(OSError, IndexError, ValueError):
            if tid not in self._files:
                self._files[tid] = os.open(f"/proc/self/task/{tid}/schedstat", os.O_RDONLY)
            ran, waited, runs = os.pread(self._files[tid], 64, 0).split()[:3]
            return int(ran), int(waited), int(runs)
        return 0, 0, 0

    def close(self) -> None:
        """Close the /proc files."""
        for fd in self._files.values():
            os.close(fd)
        self._files.clear()


@dataclass
class _Start:
    """What a step's charge is measured from."""

    clocks: _Clocks
    collected: float
    resumed_at: str


@dataclass
class LagCheck:
    """Times every step of every task the app's loop runs once its start-up is done.

    `wrap(app)` gives the ASGI app that installs the timing on its own loop (a task factory,
    so both asyncio's loop and uvloop are covered); `check()` fails the test.
    """

    steps: int = 0  # steps timed, so a test can tell the check was on
    noted: list[Step] = field(default_factory=list)  # steps charged more than NOTED
    _thread: int | None = None  # the loop's thread (native id)
    _schedstat: _Schedstat = field(default_factory=_Schedstat)
    _collected: float = 0.0  # seconds of garbage collection on the loop's thread
    _gc_began: float | None = None
    _active: bool = False

    def wrap(self, app: Any) -> LagCheckedApp:
        """The app, timed on its loop once its lifespan start-up is done."""
        return LagCheckedApp(app, self)

    def watch(self, loop: asyncio.AbstractEventLoop) -> Callable[[], None]:
        """Time the steps of every task created on `loop` (its thread's); returns the undo."""
        self._thread, self._active = threading.get_native_id(), True
        gc.callbacks.append(self._on_gc)
        previous = loop.get_task_factory()

        def factory(loop: asyncio.AbstractEventLoop, coro: Any, **kwargs: Any) -> Any:
            timed = _TimedCoroutine(coro, self)
            if previous is not None:
                return previous(loop, timed, **kwargs)
            return asyncio.Task(timed, loop=loop, **kwargs)

        loop.set_task_factory(factory)

        def undo() -> None:
            loop.set_task_factory(previous)
            self.stop()

        return undo

    def stop(self) -> None:
        """Stop timing (tasks created meanwhile run on untimed)."""
        self._active = False
        with contextlib.suppress(ValueError):
            gc.callbacks.remove(self._on_gc)
        self._schedstat.close()

    def reset(self) -> None:
        """Forget the steps seen so far (a test that wanted a failure, and checked it)."""
        self.noted.clear()

    def worst(self) -> Step | None:
        """The step charged the most, if any was charged more than NOTED."""
        return max(self.noted, key=lambda step: step.charged, default=None)

    def check(self) -> None:
        """Fail (AssertionError) if a step of the app held its loop longer than LAG_LIMIT."""
        worst = self.worst()
        assert worst is None or worst.charged <= LAG_LIMIT, (
            f"the app's event loop was blocked for {worst.describe()}; the limit is "
            f"{LAG_LIMIT * 1000:.0f} ms. Something in an `async def` blocks, such as "
            "time.sleep, a requests/urllib call or a long computation: await instead, or run "
            "it in a thread (asyncio.to_thread)"
        )

    # --- timing one step (on the loop's thread) ----------------------------------------

    def begin(self, coro: Any) -> _Start | None:
        """Note the clocks before a step; None when the check is off."""
        if not self._active or self._thread is None:
            return None
        return _Start(self._schedstat.clocks(self._thread), self._collected, _where(coro))

    def end(self, start: _Start | None, coro: Any) -> None:
        """Charge the step that began at `start` (on the loop's thread)."""
        if start is None or not self._active or self._thread is None:
            return
        self.steps += 1
        if time.perf_counter() - start.clocks.wall > NOTED:  # else spare it reading /proc
            step = self._charge(start, self._schedstat.clocks(self._thread), coro)
            if step.charged > NOTED:
                self.noted.append(step)

    def _charge(self, start: _Start, now: _Clocks, coro: Any) -> Step:
        """What the step from `start` to `now` is charged."""
        began = start.clocks
        wall, cpu = now.wall - began.wall, (now.cpu - began.cpu) / 1e9
        queued = (now.queued - began.queued) / 1e9
        others = sum(ns - began.others.get(tid, 0) for tid, ns in now.others.items()) / 1e9
        off = max(0.0, wall - cpu - queued)
        others = min(off, others)
        collected = min(cpu, self._collected - start.collected)
        charged = cpu - collected + off - others
        name = getattr(coro, "__qualname__", type(coro).__name__)
        return Step(name, start.resumed_at, _where(coro), wall, cpu, queued, off, others,
                    collected, charged)  # fmt: skip

    def _on_gc(self, phase: str, info: dict[str, int]) -> None:
        if threading.get_native_id() != self._thread:
            return  # another thread's collection holds the GIL: a wait for it is not charged
        if phase == "start":  # its CPU time: a collection preempted is queued, not charged
            self._gc_began = time.thread_time()
        elif self._gc_began is not None:
            self._collected += time.thread_time() - self._gc_began
            self._gc_began = None


# Frames in these folders are the libraries' (asyncio, anyio, httpx...): a learner looks for
# the blocking code in their own frames, the innermost of which _where names.
_LIBRARIES = (os.path.dirname(os.__file__) + os.sep, os.sep + "site-packages" + os.sep)


def _where(coro: Any) -> str:
    """file:line of the innermost of the app's own coroutines that `coro` awaits, now."""
    frames, awaited = [], coro
    while awaited is not None:
        frame = getattr(awaited, "cr_frame", None) or getattr(awaited, "gi_frame", None)
        if frame is not None:
            frames.append(frame)
        awaited = getattr(awaited, "cr_await", None) or getattr(awaited, "gi_yieldfrom", None)
    own = [f for f in frames if not any(lib in f.f_code.co_filename for lib in _LIBRARIES)]
    if own or frames:
        frame = (own or frames)[-1]
        return f"{os.path.basename(frame.f_code.co_filename)}:{frame.f_lineno}"
    code = getattr(coro, "cr_code", None) or getattr(coro, "gi_code", None)
    if code is None:
        return "its end"
    return f"the end of {code.co_name} ({os.path.basename(code.co_filename)})"


class _TimedCoroutine(Coroutine[Any, Any, Any]):
    """A task's coroutine whose every step (`send`, `throw`) LagCheck times.

    Anything else (`cr_frame`, `cr_running`: what anyio and `repr(task)` look at) is the
    wrapped coroutine's.
    """

    def __init__(self, coro: Any, check: LagCheck) -> None:
        self._coro = coro
        self._check = check

    def send(self, value: Any) -> Any:
        start = self._check.begin(self._coro)
        try:
            return self._coro.send(value)
        finally:
            self._check.end(start, self._coro)

    def throw(self, *args: Any) -> Any:
        start = self._check.begin(self._coro)
        try:
            return self._coro.throw(*args)
        finally:
            self._check.end(start, self._coro)

    def close(self) -> None:
        self._coro.close()

    def __await__(self) -> Generator[Any, None, Any]:
        return self._coro.__await__()  # type: ignore[no-any-return]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._coro, name)


class LagCheckedApp:
    """An ASGI app whose loop `LagCheck` times from its lifespan start-up on; other
    attributes pass through to the wrapped app (`.openapi()`, `.state`)."""

    def __init__(self, app: Any, check: LagCheck) -> None:
        self.app = app
        self.lag = check

    def __getattr__(self, name: str) -> Any:
        return getattr(self.app, name)

    async def __call__(self, scope: MutableMapping[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "lifespan":
            await self.app(scope, receive, send)
            return
        undo: Callable[[], None] | None = None

        async def send_and_watch(message: dict[str, Any]) -> None:
            nonlocal undo
            await send(message)
            if message["type"] == "lifespan.startup.complete":  # start-up may block: not a request
                undo = self.lag.watch(asyncio.get_running_loop())

        try:
            await self.app(scope, receive, send_and_watch)
        finally:
            if undo is not None:
                undo()


@contextlib.contextmanager
def lag_check() -> Iterator[LagCheck]:
    """A LagCheck for one test, stopped after it."""
    check = LagCheck()
    try:
        yield check
    finally:
        check.stop()
