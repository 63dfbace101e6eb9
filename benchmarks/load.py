"""Load benchmark: every HTTP day of 3-10 as a learner starts it, 50 connections, with wrk.

Each server is `python -m dayNN_slug --port N`, run in a temporary folder so its default
storage (`var/dayNN.db`, in memory, mongomock) is fresh and the repository's `var/` untouched.
Rows, all from the same run:
  read       GET of one resource (day 8: a report over 20,000 seeded tasks), 50 connections
  95/5 mix   the same GETs, every 20th request a POST; "lost" counts acknowledged writes
             (201) missing from the store afterwards (goal: 0, and 0 non-2xx)
  PostgreSQL day 7's read row again with DATABASE_URL on a throw-away PostgreSQL database,
             beside its SQLite row (the embedded default)
  server     day 4's read on uvicorn[standard] (httptools, uvloop) beside plain h11 and asyncio,
             both without access logs: the ratio is what `uvicorn[standard]` buys
  outage     day 10 for 30 s with its private Redis stopped from 10 s to 20 s: 0 non-2xx, and
             cache hits back within the 5 s back-off its README promises

Usage: uv run python benchmarks/load.py [--days 3,4,7,8,9,10] [--seconds 10] [--connections 50]
                                        [--skip postgres,server,outage]
Needs wrk (`apt-get install -y wrk`), redis-server, and PostgreSQL for its row. Loopback only;
every run is bounded by --seconds (the outage run by 3 x --seconds).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from shared.postgres import temporary_database  # noqa: E402
from shared.services import service_url  # noqa: E402

TASK = {"title": "Load test", "description": "written by benchmarks/load.py"}
BOOK = {"title": "Load", "author": "Bench", "year": 2026, "isbn": "9780306406157"}
ACTIVITY = {"user_id": "load-1", "action": "bench"}
WRITE_EVERY = 20  # the 95/5 mix: every 20th request writes

# wrk's Lua: GETs, every `every`-th request a POST; counts 201s (acknowledged writes) per thread
# and prints one JSON line at the end with throughput, p99 and the error counts.
WRK_SCRIPT = r"""
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  read_path, write_path, body, every = args[1], args[2], args[3], tonumber(args[4])
  n, created = 0, 0
  headers = {["Content-Type"] = "application/json"}
end
function request()
  n = n + 1
  if every > 0 and n % every == 0 then return wrk.format("POST", write_path, headers, body) end
  return wrk.format("GET", read_path)
end
function response(status, headers, body)
  if status == 201 then created = created + 1 end
end
function done(summary, latency, requests)
  local acked = 0
  for _, t in ipairs(threads) do acked = acked + t:get("created") end
  local e = summary.errors
  io.write(string.format(
    'LOAD {"requests": %d, "seconds": %f, "p99_ms": %f, "non2xx": %d, "errors": %d, "acked": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(99) / 1000, e.status,
    e.connect + e.read + e.write + e.timeout, acked))
end
"""


@dataclass(frozen=True)
class Day:
    """How to load one day: what to read, what to write, where the stored count is."""

    package: str
    read: str
    write: str
    body: dict[str, Any]
    count: str  # a GET whose JSON has "total"
    setup: tuple[list[str], ...] = ()  # CLI commands run first (day 8: seed)
    env: dict[str, str] = field(default_factory=dict)


DAYS: dict[int, Day] = {
    3: Day("day03_flask_crud", "/view/1", "/add", BOOK, "/view?per_page=1"),
    4: Day("day04_fastapi_tasks", "/tasks/1", "/tasks", TASK, "/tasks?limit=1"),
    7: Day("day07_sqlalchemy_orm", "/tasks/1", "/tasks", TASK, "/tasks?limit=1"),
    8: Day(
        "day08_reports",
        "/reports/tasks/completed",
        "/tasks",
        TASK,
        "/tasks?limit=1",
        setup=(["seed", "--tasks", "20000", "--items", "2000"],),
    ),
    9: Day(
        "day09_mongo_activity", "/activities?limit=10", "/activities", ACTIVITY, "/activities/stats"
    ),
    10: Day(
        "day10_redis_cache",
        "/tasks/1",
        "/tasks",
        TASK,
        "/tasks?limit=1",
        env={"DAY10_CACHE_PREFIX": f"load-{os.getpid()}:"},  # apart from anyone else's keys
    ),
}


@dataclass
class Row:
    """One measured run."""

    label: str
    storage: str
    mix: str
    result: dict[str, Any]
    stored: int | None = None
    note: str = ""

    @property
    def rps(self) -> float:
        return float(self.result["requests"]) / float(self.result["seconds"])

    @property
    def lost(self) -> int | None:
        if self.stored is None:
            return None
        return max(0, int(self.result["acked"]) - self.stored)


def free_port() -> int:
    """A loopback port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_until_serving(base: str, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    """Poll until the server answers HTTP (or fail if it exits or takes too long)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            httpx.get(base + "/", timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError(f"no answer from {base} within {timeout} s")


@contextmanager
def server(command: list[str], *, cwd: Path, env: dict[str, str], port: int) -> Iterator[str]:
    """Start a server process, wait for it, yield its base URL; stop it (SIGINT) after."""
    log = (cwd / f"server-{port}.log").open("wb")
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(base, process)
        yield base
    finally:
        process.send_signal(2)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def day_env(extra: dict[str, str]) -> dict[str, str]:
    """The environment of a learner's shell: no DATABASE_URL, the repository importable."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "LOG_LEVEL"}}
    env["PYTHONPATH"] = str(ROOT)
    env["LOG_LEVEL"] = "WARNING"  # a log line per request would measure the terminal
    return {**env, **extra}


def wrk(base: str, day: Day, *, seconds: float, connections: int, every: int) -> dict[str, Any]:
    """Run wrk against `base` and return its summary line as a dict."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    command = [
        "wrk",
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "10s",
        "-s",
        script.name,
        base,
        "--",
        day.read,
        day.write,
        json.dumps(day.body),
        str(every),
    ]
    try:
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(script.name)
    found = re.search(r"^LOAD (\{.*\})$", output, re.MULTILINE)
    if not found:
        raise RuntimeError(f"wrk printed no summary:\n{output}")
    result: dict[str, Any] = json.loads(found.group(1))
    return result


def stored_total(base: str, day: Day) -> int:
    """The stored count the day reports."""
    return int(httpx.get(base + day.count, timeout=30).json()["total"])


def prepare(base: str, day: Day) -> None:
    """Make sure the resource read exists (day 3 ships sample books; the others get a task)."""
    if httpx.get(base + day.read, timeout=30).status_code == 404:
        httpx.post(base + day.write, json=day.body, timeout=30).raise_for_status()


def measure_day(number: int, args: argparse.Namespace, env: dict[str, str]) -> list[Row]:
    """The read and 95/5 rows of one day on its default storage (plus extra env)."""
    day = DAYS[number]
    storage = "PostgreSQL" if "DATABASE_URL" in env else default_storage(number)
    rows = []
    with tempfile.TemporaryDirectory(prefix=f"load-day{number:02d}-") as folder:
        cwd = Path(folder)
        full_env = day_env({**day.env, **env})
        for setup in day.setup:
            subprocess.run(
                [sys.executable, "-m", day.package, *setup],
                cwd=cwd,
                env=full_env,
                check=True,
                capture_output=True,
            )
        port = free_port()
        command = [sys.executable, "-m", day.package, "--port", str(port)]
        with server(command, cwd=cwd, env=full_env, port=port) as base:
            prepare(base, day)
            httpx.get(base + day.read, timeout=30)  # warm up (day 8: the first report)
            read = wrk(base, day, seconds=args.seconds, connections=args.connections, every=0)
            rows.append(Row(f"day {number}", storage, "read", read))
            before = stored_total(base, day)
            mixed = wrk(
                base, day, seconds=args.seconds, connections=args.connections, every=WRITE_EVERY
            )
            stored = stored_total(base, day) - before
            rows.append(Row(f"day {number}", storage, "95/5", mixed, stored=stored))
    return rows


def default_storage(number: int) -> str:
    """What the day stores in when started with no options."""
    return {3: "memory", 4: "memory", 9: "mongomock"}.get(number, "SQLite")


def measure_postgres(args: argparse.Namespace) -> list[Row]:
    """Day 7's read and mix rows on a throw-away PostgreSQL database."""
    url = service_url("postgresql") or ""
    with temporary_database(url, prefix="course_load") as database_url:
        return measure_day(7, args, {"DATABASE_URL": database_url})


UVICORN = """
import sys, uvicorn
from day04_fastapi_tasks import TaskCreate, create_app
app = create_app()
app.state.repository.add(TaskCreate(title="Load test"))
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), http=sys.argv[2], loop=sys.argv[3],
            access_log=False, log_level="warning")
"""


def measure_servers(args: argparse.Namespace) -> list[Row]:
    """Day 4's read on httptools + uvloop beside h11 + asyncio, same app, same client."""
    day = DAYS[4]
    rows = []
    for http, loop in (("httptools", "uvloop"), ("h11", "asyncio")):
        with tempfile.TemporaryDirectory(prefix="load-uvicorn-") as folder:
            port = free_port()
            command = [sys.executable, "-c", UVICORN, str(port), http, loop]
            with server(command, cwd=Path(folder), env=day_env({}), port=port) as base:
                httpx.get(base + day.read, timeout=30)
                result = wrk(base, day, seconds=args.seconds, connections=args.connections, every=0)
        rows.append(Row("day 4", f"{http} + {loop}", "read", result))
    return rows


class PrivateRedis:
    """A redis-server of our own on a free port (the shared one is never touched)."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start it and wait until it accepts connections."""
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        """Stop it (SIGTERM) and wait for it to exit."""
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


def measure_outage(args: argparse.Namespace) -> Row:
    """Day 10 under load for 3 x --seconds, its Redis down for the middle third."""
    day = DAYS[10]
    third = max(1.0, args.seconds)
    redis = PrivateRedis()
    probe: list[tuple[float, str]] = []
    results: dict[str, Any] = {}
    stop = threading.Event()

    def watch(base: str) -> None:  # what one more client sees, every 100 ms
        with httpx.Client(base_url=base, timeout=10) as http:
            while not stop.is_set():
                answer = http.get(day.read)
                probe.append((time.monotonic(), answer.headers.get("x-cache", "?")))
                stop.wait(0.1)

    def load(base: str) -> None:
        seconds = 3 * third
        results.update(
            wrk(base, day, seconds=seconds, connections=args.connections, every=WRITE_EVERY)
        )

    with tempfile.TemporaryDirectory(prefix="load-outage-") as folder:
        env = day_env({"REDIS_URL": redis.url})
        port = free_port()
        command = [sys.executable, "-m", day.package, "--port", str(port)]
        redis.start()
        try:
            with server(command, cwd=Path(folder), env=env, port=port) as base:
                prepare(base, day)
                threads = [threading.Thread(target=job, args=(base,)) for job in (load, watch)]
                began = time.monotonic()
                for thread in threads:
                    thread.start()
                time.sleep(third)
                redis.stop()
                stopped = time.monotonic()
                time.sleep(third)
                redis.start()
                restarted = time.monotonic()
                threads[0].join(timeout=3 * third + 30)
                stop.set()
                threads[1].join(timeout=15)
        finally:
            stop.set()
            redis.stop()
    back = next((t for t, status in probe if t > restarted and status == "HIT"), None)
    recovery = f"{back - restarted:.1f} s" if back is not None else "never"
    bypass = sum(1 for t, status in probe if stopped < t < restarted and status == "BYPASS")
    note = f"Redis down {restarted - stopped:.0f} s of {time.monotonic() - began:.0f} s; "
    note += f"hits back {recovery} after Redis returned (promise: 5 s); probe BYPASS {bypass}"
    return Row("day 10", "SQLite + Redis outage", "95/5", results, note=note)


def print_table(rows: list[Row]) -> None:
    """The table, one line per run."""
    header = f"{'run':<7} {'storage / server':<24} {'mix':<5} {'req/s':>8} {'p99 ms':>8} "
    header += f"{'non-2xx':>8} {'errors':>7} {'writes':>7} {'lost':>5}"
    print(header)
    print("-" * len(header))
    for row in rows:
        r = row.result
        writes = f"{r['acked']}" if row.mix != "read" else ""
        lost = "" if row.lost is None else str(row.lost)
        print(
            f"{row.label:<7} {row.storage:<24} {row.mix:<5} {row.rps:>8.0f} {r['p99_ms']:>8.1f} "
            f"{r['non2xx']:>8} {r['errors']:>7} {writes:>7} {lost:>5}"
        )
        if row.note:
            print(f"        {row.note}")


def ratio(rows: list[Row], first: str, second: str, *, label: str) -> str | None:
    """`first` read req/s over `second` read req/s, as a printable line."""
    chosen = {row.storage: row.rps for row in rows if row.mix == "read" and row.label == label}
    if first not in chosen or second not in chosen:
        return None
    a, b = chosen[first], chosen[second]
    return f"{label} reads: {first} {a:.0f} req/s / {second} {b:.0f} req/s = {a / b:.2f}x"


def main() -> int:
    """Run the chosen measurements and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", default="3,4,7,8,9,10", help="comma-separated day numbers")
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each run")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--skip", default="", help="any of: postgres,server,outage")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("error: wrk is not installed (apt-get install -y wrk)", file=sys.stderr)
        return 1
    days = [int(d) for d in args.days.split(",") if d.strip()]
    unknown = sorted(set(days) - set(DAYS))
    if unknown:
        parser.error(f"no HTTP day {unknown} (choose from {sorted(DAYS)})")
    skip = set(filter(None, args.skip.split(",")))
    started = time.monotonic()
    rows: list[Row] = []
    for number in days:
        rows += measure_day(number, args, {})
    if 7 in days and "postgres" not in skip:
        rows += measure_postgres(args)
    if "server" not in skip:
        rows += measure_servers(args)
    if 10 in days and "outage" not in skip:
        rows.append(measure_outage(args))
    print(f"\n{args.connections} connections, {args.seconds:g} s per run, wrk on loopback")
    print_table(rows)
    for line in (
        ratio(rows, "SQLite", "PostgreSQL", label="day 7"),
        ratio(rows, "httptools + uvloop", "h11 + asyncio", label="day 4"),
    ):
        if line:
            print(line)
    print(f"total {time.monotonic() - started:.0f} s")
    bad = [row for row in rows if row.result["non2xx"] or row.result["errors"] or row.lost]
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
