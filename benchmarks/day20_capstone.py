"""Day 20 benchmark: GET /tasks cached in Redis beside uncached, beside a hello route; login p50.

A temporary SQLite file is migrated and seeded (one user with --tasks tasks). Three servers,
each `python -m ...` in a process of its own on a loopback port, same uvicorn options:
  hello      a FastAPI app with one route answering {"hello": "world"}: the ceiling
  uncached   `python -m day20_capstone` without REDIS_URL: every GET /tasks runs the SQL
  cached     the same with REDIS_URL: GET /tasks comes from day 10's RedisCache after the first
Rows: --clients concurrent keep-alive clients: req/s, p50 and p99 (goal: cached >= 3x
uncached req/s). The load comes from wrk when it is installed (`apt-get install -y wrk`; C,
two threads, --seconds each row, a Lua script adds the Authorization header), else from
Python threads (--requests in all). The client runs on the same 2 cores as the server: the
threads cost ~0.3 ms of CPU a request, which wrk does not, so prefer wrk. Then login p50 over
--logins sequential POST /auth/token with the production argon2id parameters (t=3, 64 MiB,
p=4), and one CSV import job of --import-rows rows (upload to done): rows/s.

Usage: uv run python benchmarks/day20_capstone.py [--tasks 1000] [--clients 50] [--seconds 10]
       uv run python benchmarks/day20_capstone.py --quick   (200 tasks, 5 s, 10,000 rows)
Needs Redis (REDIS_URL or the course default).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from day07_sqlalchemy_orm import create_engine_from_url, make_session_factory  # noqa: E402
from day20_capstone import Settings, Task, upgrade  # noqa: E402
from day20_capstone.passwords import Hasher  # noqa: E402
from day20_capstone.schemas import UserCreate  # noqa: E402
from day20_capstone.users import register  # noqa: E402
from shared.services import service_url  # noqa: E402

EMAIL, PASSWORD = "bench@example.com", "bench-password-2026"
HELLO = (
    "import uvicorn, fastapi; app = fastapi.FastAPI(); "
    "app.get('/hello')(lambda: {'hello': 'world'}); "
    "uvicorn.run(app, host='127.0.0.1', port={port}, log_level='warning')"
)


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def seed(url: str, tasks: int) -> None:
    """Migrate the database and give the benchmark user `tasks` tasks."""
    upgrade(url)
    engine = create_engine_from_url(url)
    sessions = make_session_factory(engine)
    settings = Settings(database_url=url)
    with sessions.begin() as session:
        user = register(
            session,
            hasher=Hasher(settings),
            data=UserCreate(email=EMAIL, password=PASSWORD),
            min_length=10,
        )
        session.add_all(
            Task(owner_id=user.id, title=f"task {n}", priority=1 + n % 3) for n in range(tasks)
        )
    engine.dispose()


@contextmanager
def server(command: list[str], env: dict[str, str], port: int) -> Iterator[int]:
    """Run a server process until the block ends; wait until it accepts connections."""
    process = subprocess.Popen(
        command, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{command} did not start") from None
                time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=20)


def token(port: int) -> str:
    """Log the benchmark user in; its access token."""
    body = urllib.parse.urlencode({"username": EMAIL, "password": PASSWORD})
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("POST", "/auth/token", body, {"Content-Type": "application/x-www-form-urlencoded"})
    answer: dict[str, Any] = json.loads(conn.getresponse().read())
    conn.close()
    return str(answer["access_token"])


def load(
    port: int, path: str, headers: dict[str, str], *, clients: int, requests: int
) -> dict[str, Any]:
    """`requests` GETs over `clients` keep-alive connections: req/s, p50 and p99 in ms."""
    per_client = max(1, requests // clients)
    latencies: list[float] = []
    lock = threading.Lock()
    errors = 0

    def client() -> None:
        nonlocal errors
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine = []
        for _ in range(per_client):
            start = time.perf_counter()
            conn.request("GET", path, headers=headers)
            reply = conn.getresponse()
            reply.read()
            mine.append(time.perf_counter() - start)
            if reply.status != 200:
                with lock:
                    errors += 1
        conn.close()
        with lock:
            latencies.extend(mine)

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        for future in [pool.submit(client) for _ in range(clients)]:
            future.result()
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "rps": len(latencies) / elapsed,
        "p50": 1000 * latencies[len(latencies) // 2],
        "p99": 1000 * latencies[int(len(latencies) * 0.99) - 1],
        "errors": errors,
        "cache": "-",
    }


WRK_SCRIPT = """
local token = os.getenv("BENCH_AUTHORIZATION")
if token and token ~= "" then wrk.headers["Authorization"] = token end
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) hit, miss, bypass = 0, 0, 0 end
function response(status, headers, body)
  local cache = headers["x-cache"]
  if cache == "HIT" then hit = hit + 1
  elseif cache == "MISS" then miss = miss + 1
  elseif cache == "BYPASS" then bypass = bypass + 1 end
end
function done(summary, latency, requests)
  local h, m, b = 0, 0, 0
  for _, t in ipairs(threads) do
    h, m, b = h + t:get("hit"), m + t:get("miss"), b + t:get("bypass")
  end
  local e = summary.errors
  io.write(string.format(
    "WRK {\\"requests\\": %d, \\"us\\": %d, \\"p50\\": %d, \\"p99\\": %d, \\"errors\\": %d, "
    .. "\\"hit\\": %d, \\"miss\\": %d, \\"bypass\\": %d}\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status + e.connect + e.read + e.write + e.timeout, h, m, b))
end
"""


def load_wrk(
    port: int, path: str, headers: dict[str, str], *, clients: int, seconds: float
) -> dict[str, Any]:
    """wrk for `seconds` over `clients` connections: req/s, p50 and p99 in ms, errors."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    try:
        done = subprocess.run(
            ["wrk", "-t2", f"-c{clients}", f"-d{seconds}s", "--timeout", "30s", "-s", script.name]
            + [f"http://127.0.0.1:{port}{path}"],
            env={**os.environ, "BENCH_AUTHORIZATION": headers.get("Authorization", "")},
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        os.unlink(script.name)
    line = next(line for line in done.stdout.splitlines() if line.startswith("WRK "))
    numbers = json.loads(line.removeprefix("WRK "))
    return {
        "rps": numbers["requests"] / (numbers["us"] / 1e6),
        "p50": numbers["p50"] / 1000,
        "p99": numbers["p99"] / 1000,
        "errors": numbers["errors"],
        "cache": f"{numbers['hit']}/{numbers['miss']}/{numbers['bypass']}",
    }


def import_rate(port: int, headers: dict[str, str], rows: int) -> float:
    """Rows per second of one CSV import job of `rows` rows (upload to done)."""
    lines = "".join(f"imported {n},,2030-01-01,{1 + n % 3},false,bench\n" for n in range(rows))
    data = ("title,notes,due,priority,done,tags\n" + lines).encode()
    boundary = "day20benchboundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="t.csv"\r\n'
            f"Content-Type: text/csv\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    started = time.perf_counter()
    conn.request(
        "POST",
        "/jobs/import",
        body,
        {**headers, "Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    job = json.loads(conn.getresponse().read())
    if "state" not in job:
        raise RuntimeError(f"the import was refused: {job}")
    while job["state"] not in ("done", "failed"):
        time.sleep(0.05)
        conn.request("GET", f"/jobs/{job['id']}", headers=headers)
        job = json.loads(conn.getresponse().read())
        if "state" not in job:
            raise RuntimeError(f"GET /jobs/{{id}} failed: {job}")
    elapsed = time.perf_counter() - started
    conn.close()
    if job["state"] != "done":
        raise RuntimeError(f"the import failed: {job['error']}")
    return rows / elapsed


def login_p50(port: int, count: int) -> float:
    """Median ms of `count` sequential logins."""
    times = []
    for _ in range(count):
        start = time.perf_counter()
        token(port)
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def main() -> int:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10, help="each row, with wrk")
    parser.add_argument("--requests", type=int, default=2000, help="each row, with threads")
    parser.add_argument("--load", choices=("auto", "wrk", "threads"), default="auto")
    parser.add_argument("--logins", type=int, default=10)
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    if args.quick:
        args.tasks, args.seconds, args.requests = 200, 5, 500
        args.logins, args.import_rows = 5, 10_000
    use_wrk = args.load == "wrk" or (args.load == "auto" and shutil.which("wrk") is not None)

    def measure(port: int, path: str, headers: dict[str, str]) -> dict[str, Any]:
        if use_wrk:
            return load_wrk(port, path, headers, clients=args.clients, seconds=args.seconds)
        return load(port, path, headers, clients=args.clients, requests=args.requests)

    redis_url = service_url("redis") or "redis://127.0.0.1:6379/0"
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.db"
        seed(url, args.tasks)
        common = {
            "DATABASE_URL": url,
            "DAY20_SEED_DEMO": "false",
            "DAY20_SECRET_KEY": "a-benchmark-signing-key-0123456789",
            "DAY20_LOGIN_PER_ACCOUNT": "100000",
            "DAY20_LOGIN_PER_CLIENT": "100000",
            "DAY20_FILES": f"{folder}/files",
            "DAY20_KEY_PREFIX": f"bench{os.getpid()}:",
            "LOG_LEVEL": "WARNING",
            "DAY20_MAX_UPLOAD_BYTES": str(64 * 1024 * 1024),
        }
        rows: list[tuple[str, dict[str, Any]]] = []
        path = "/tasks?limit=50"
        port = free_port()
        with server([sys.executable, "-c", HELLO.replace("{port}", str(port))], {}, port):
            rows.append(("hello route", measure(port, "/hello", {})))
        for name, extra in (
            ("GET /tasks uncached", {}),
            ("GET /tasks cached", {"REDIS_URL": redis_url}),
        ):
            port = free_port()
            command = [sys.executable, "-m", "day20_capstone", "--port", str(port)]
            with server(command, {**common, **extra}, port):
                headers = {"Authorization": f"Bearer {token(port)}"}
                load(port, path, headers, clients=5, requests=50)  # warm up (and fill the cache)
                rows.append((name, measure(port, path, headers)))
                if not extra:
                    login = login_p50(port, args.logins)
                    imported = import_rate(port, headers, args.import_rows)
    client = (
        f"wrk -t2, {args.seconds:g} s a row" if use_wrk else f"threads, {args.requests} requests"
    )
    print(f"{args.tasks} tasks of one user, pages of 50, {args.clients} clients ({client})")
    print(f"{'row':<22} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}  hit/miss/bypass")
    for name, row in rows:
        numbers = f"{row['rps']:>8.0f} {row['p50']:>8.1f} {row['p99']:>8.1f}"
        print(f"{name:<22} {numbers} {row['errors']:>7.0f}  {row['cache']}")
    ratio = rows[2][1]["rps"] / rows[1][1]["rps"]
    print(f"cached / uncached req/s: {ratio:.1f}x (goal >= 3x)")
    print("(X-Cache BYPASS: Redis missed the cache's 0.1 s socket timeout, that request read SQL)")
    print(f"cached / hello req/s: {rows[2][1]['rps'] / rows[0][1]['rps']:.2f}")
    print(f"login p50: {login:.0f} ms (argon2id t=3, m=64 MiB, p=4)")
    print(
        f"CSV import of {args.import_rows} rows (in-process runner, SQLite): {imported:.0f} rows/s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
