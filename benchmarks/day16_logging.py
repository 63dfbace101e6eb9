"""Day 16 benchmark: what request logging and metrics cost the task API, and one log line.

Rows:
  req/s      day 10's cached task API (the app `python -m day16_logging` serves) under uvicorn
             via shared.serving, one server process at a time on a loopback port: the app as
             it is ("plain") and the same app wrapped by `instrument_asgi` ("instrumented":
             request id, a JSON access line per request written to a file, RED metrics).
             Keep-alive clients in this process GET /tasks/{id} over a hot set for a fixed
             time; the two servers take turns for several rounds, in flipped order each
             round, and the best round of each counts (the machine is shared: the best
             round is the least disturbed one).
             Goal: instrumented / plain >= 0.9.
  log line   microseconds per access line: day 16's (context and redaction filters, JSON)
             against a bare stdlib line (`%(message)s`, no filters), both to a file.

Usage: python benchmarks/day16_logging.py [--seconds 3] [--rounds 3] [--clients 4]
       python benchmarks/day16_logging.py --quick   (1 s rounds, 2 rounds)
REDIS_URL picks the Redis server (course default otherwise); the database is a SQLite file in
a temporary folder, seeded with a few tasks.
"""

from __future__ import annotations

import argparse
import http.client
import logging
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from shared.services import service_url  # noqa: E402

HOT_TASKS = 20
MODES = ("plain", "instrumented")


def serve(mode: str, port: int, database_url: str, redis_url: str, prefix: str) -> int:
    """Server side (a subprocess): day 10's app, instrumented or not, on `port`."""
    from day10_redis_cache import Settings, create_app
    from day16_logging import configure_logging, instrument_asgi
    from shared.serving import ServerOptions, serve_asgi

    configure_logging("INFO", "json")  # stderr goes to a file: JSON lines
    settings = Settings(database_url=database_url, redis_url=redis_url, day10_cache_prefix=prefix)
    app = create_app(settings)
    if mode == "instrumented":
        instrument_asgi(app, service="tasks")
    options = ServerOptions(host="127.0.0.1", port=port, verbose=False, log_format="json")
    return serve_asgi(app, options, what=f"{mode} task API")


def seed(database_url: str, redis_url: str, prefix: str) -> None:
    """Create day 10's tables and HOT_TASKS tasks."""
    from fastapi.testclient import TestClient

    from day08_reports import create_schema
    from day10_redis_cache import Settings, create_app

    create_schema(database_url)
    settings = Settings(database_url=database_url, redis_url=redis_url, day10_cache_prefix=prefix)
    with TestClient(create_app(settings)) as client:
        for n in range(HOT_TASKS):
            client.post("/tasks", json={"title": f"task {n}"}).raise_for_status()


@contextmanager
def server(mode: str, args: argparse.Namespace, folder: Path) -> Iterator[int]:
    """Start the server subprocess for `mode`; yield its port; stop it."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, __file__, "--serve", mode, "--port", str(port)]
    command += ["--database-url", args.database_url, "--redis-url", args.redis_url]
    command += ["--prefix", args.prefix]
    log = (folder / f"{mode}.log").open("ab")
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=log, cwd=ROOT)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if b"Serving" not in line:
            raise RuntimeError(f"the {mode} server did not start: {line!r}")
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def load(port: int, *, seconds: float, clients: int) -> float:
    """Requests per second from `clients` keep-alive connections for `seconds`."""
    counts = [0] * clients
    deadline = time.perf_counter() + seconds

    def client(number: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        n = number
        while time.perf_counter() < deadline:
            conn.request("GET", f"/tasks/{n % HOT_TASKS + 1}")
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"GET /tasks/{n % HOT_TASKS + 1}: {response.status}")
            counts[number] += 1
            n += clients
        conn.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / (time.perf_counter() - started)


def throughput(args: argparse.Namespace, folder: Path) -> dict[str, float]:
    """The best req/s of each mode over the rounds (the modes take turns, and the order
    flips each round: a machine that slows down during the run favours neither)."""
    best = dict.fromkeys(MODES, 0.0)
    for round_number in range(args.rounds):
        for mode in MODES if round_number % 2 == 0 else reversed(MODES):
            with server(mode, args, folder) as port:
                load(port, seconds=0.3, clients=args.clients)  # warm: caches, connections
                best[mode] = max(best[mode], load(port, seconds=args.seconds, clients=args.clients))
    return best


def log_line_cost(folder: Path, lines: int) -> tuple[float, float]:
    """Microseconds per line: day 16's access line, and a bare stdlib line (both to files)."""
    from day16_logging import configure_logging
    from day16_logging.access import log_access
    from day16_logging.context import bind_request, unbind_request

    def timed(write: Callable[[], None]) -> float:
        started = time.perf_counter()
        for _ in range(lines):
            write()
        return (time.perf_counter() - started) / lines * 1e6

    with (folder / "day16-lines.log").open("w") as stream:
        configure_logging("INFO", "json", stream)
        token = bind_request(uuid.uuid4().hex)

        def access_line() -> None:
            log_access(
                method="GET",
                route="/tasks/{task_id}",
                path="/tasks/7",
                status=200,
                seconds=0.0012,
                size=180,
                client="127.0.0.1",
            )

        ours = timed(access_line)
        unbind_request(token)
    with (folder / "bare-lines.log").open("w") as stream:
        root = logging.getLogger()
        for handler in list(root.handlers):
            root.removeHandler(handler)
        handler = logging.StreamHandler(stream)
        handler.setFormatter(logging.Formatter("%(message)s"))
        root.addHandler(handler)
        bare_logger = logging.getLogger("bare")
        bare = timed(lambda: bare_logger.info("%s %s %s %.1f ms", "GET", "/tasks/7", 200, 1.2))
        root.removeHandler(handler)
    return ours, bare


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--lines", type=int, default=20_000)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--serve", choices=MODES, help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    parser.add_argument("--redis-url", default=service_url("redis"), help=argparse.SUPPRESS)
    parser.add_argument(
        "--prefix", default=f"bench16_{uuid.uuid4().hex[:8]}:", help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.serve:
        return serve(args.serve, args.port, args.database_url, args.redis_url, args.prefix)
    if args.quick:
        args.seconds, args.rounds, args.lines = 1.0, 2, 5_000
    with tempfile.TemporaryDirectory(prefix="day16-bench-") as tmp:
        folder = Path(tmp)
        args.database_url = f"sqlite:///{folder / 'tasks.db'}"
        try:
            seed(args.database_url, args.redis_url, args.prefix)
            rates = throughput(args, folder)
        finally:
            clean(args.redis_url, args.prefix)
        ours, bare = log_line_cost(folder, args.lines)
    print_table(args, rates, ours, bare)
    return 0


def print_table(
    args: argparse.Namespace, rates: dict[str, float], ours: float, bare: float
) -> None:
    plain, instrumented = rates["plain"], rates["instrumented"]
    print(
        f"\nGET /tasks/{{id}} on day 10's cached task API, uvicorn, {args.clients} keep-alive "
        f"clients, best of {args.rounds} rounds of {args.seconds:g} s"
    )
    print(f"{'measure':<40}{'baseline':>12}{'day 16':>12}{'ratio':>10}")
    print(
        f"{'req/s (plain app / instrumented)':<40}{plain:>12.0f}{instrumented:>12.0f}"
        f"{instrumented / plain:>10.2f}"
    )
    print(
        f"{'us per log line (bare stdlib / JSON)':<40}{bare:>12.1f}{ours:>12.1f}"
        f"{ours / bare:>9.1f}x"
    )
    goal = instrumented / plain >= 0.9
    print(f"goal (instrumented / plain >= 0.9): {'met' if goal else 'NOT met'}")


def clean(redis_url: str, prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(redis_url)
    try:
        keys = list(client.scan_iter(match=prefix + "*", count=500))
        if keys:
            client.delete(*keys)
    finally:
        client.close()


if __name__ == "__main__":
    raise SystemExit(main())
