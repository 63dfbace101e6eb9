"""Day 11 benchmark: the library API under gunicorn (2 sync workers) beside trivial Flask routes.

One Flask app holds the day's routes plus `/hello` (a constant string) and `/echo` (returns
the JSON body it gets); gunicorn serves it with two sync workers, as the README's production
command does. The ratios say what the day's code costs on top of Flask and gunicorn:

- `GET /books/<id>` (one SELECT, the JSON, its ETag) / `GET /hello`              goal >= 0.6
- `POST /books` (validation, author lookup, INSERT, COMMIT) / `POST /echo`        goal >= 0.5

The load comes from a few client threads on loopback, each sending a fixed number of
requests (gunicorn's sync workers close every connection, so each request is a new TCP
connection, for every route alike); rounds alternate between routes and the median is shown.
Beside req/s, the CPU time gunicorn's processes spent per request (from /proc, Linux): on a
machine shared with other work the wall-clock rates swing with its load, the CPU a request
costs much less, so the ratio of those (baseline CPU / route CPU) is printed too.

    uv run python benchmarks/day11_rest_library.py                # 2000 requests a round
    uv run python benchmarks/day11_rest_library.py --quick        # a smoke run in seconds
    uv run python benchmarks/day11_rest_library.py --postgres     # a throw-away PostgreSQL database
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
GOALS = {"GET /books/<id>": ("GET /hello", 0.6), "POST /books": ("POST /echo", 0.5)}
Request = tuple[str, str, bytes | None]


def isbn13(n: int) -> str:
    body = f"979{n:09d}"
    total = sum((3 if i % 2 else 1) * int(d) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def serve(database_url: str, workers: int) -> None:
    """Subprocess mode: gunicorn with `workers` sync workers on a free port; print the port."""
    sys.path.insert(0, str(ROOT))  # this script's folder would shadow the package it names
    import socket

    from flask import request
    from gunicorn.app.base import BaseApplication

    from day11_rest_library import Settings, create_app, upgrade

    upgrade(database_url)
    app = create_app(Settings(database_url=database_url))
    app.add_url_rule("/hello", "hello", lambda: "hello")
    app.add_url_rule("/echo", "echo", lambda: request.get_json(), methods=["POST"])
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in {
                "bind": f"127.0.0.1:{port}",
                "workers": workers,
                "loglevel": "warning",
                "control_socket_disable": True,
            }.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return app

    print(port, flush=True)
    Server().run()


def load(
    port: int, make: Callable[[int], Request], requests: int, clients: int, start: int
) -> float:
    """Send `requests` made by `make(i)` from `clients` threads; return requests per second."""
    per_client = requests // clients
    barrier = threading.Barrier(clients + 1)
    errors: list[str] = []

    def client(offset: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        barrier.wait()
        try:
            for i in range(offset, offset + per_client):
                method, path, body = make(i)
                headers = {"Content-Type": "application/json"} if body else {}
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status not in (200, 201):
                    errors.append(f"{method} {path}: {response.status}")
                    return
        finally:
            conn.close()

    threads = [
        threading.Thread(target=client, args=(start + c * per_client,)) for c in range(clients)
    ]
    for thread in threads:
        thread.start()
    barrier.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    if errors:
        raise SystemExit(f"error: a request failed: {errors[0]}")
    return per_client * clients / elapsed


def server_cpu(pid: int) -> float | None:
    """CPU seconds used so far by process `pid` and its children (gunicorn's workers)."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        total = 0
        for process in (pid, *map(int, children)):
            fields = Path(f"/proc/{process}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (clock ticks)
    except (OSError, ValueError):
        return None  # no /proc (not Linux), or a worker restarted mid-read
    return total / os.sysconf("SC_CLK_TCK")


def book(i: int) -> bytes:
    fields = {"title": f"Book {i}", "author": f"Author {i % 50}", "year": 2000, "isbn": isbn13(i)}
    return json.dumps(fields).encode()


ROUTES: dict[str, Callable[[int], Request]] = {
    "GET /hello": lambda i: ("GET", "/hello", None),
    "GET /books/<id>": lambda i: ("GET", f"/books/{i % 20 + 1}", None),
    "POST /echo": lambda i: ("POST", "/echo", book(i)),
    "POST /books": lambda i: ("POST", "/books", book(i)),
}


Results = dict[str, list[float]]


def measure(args: argparse.Namespace, database_url: str) -> tuple[Results, Results]:
    """Start gunicorn, seed 20 books, run the alternating rounds: req/s, server CPU ms/req."""
    results: Results = {name: [] for name in ROUTES}
    cpu: Results = {name: [] for name in ROUTES}
    command = [sys.executable, __file__, "--serve", "--database-url", database_url]
    server = subprocess.Popen(
        [*command, "--workers", str(args.workers)], stdout=subprocess.PIPE, text=True
    )
    counter = itertools.count(1_000)
    try:
        assert server.stdout is not None
        port = int(server.stdout.readline())
        _wait_until_up(port)
        load(port, ROUTES["POST /books"], 20, 1, 0)  # books 1..20 for the GETs
        for make in ROUTES.values():  # warm-up: imports, first-request set-up
            load(port, make, min(200, args.requests), args.clients, next(counter) * 1000)
        for _ in range(args.rounds):
            for name, make in ROUTES.items():
                start = next(counter) * 10_000
                before = server_cpu(server.pid)
                results[name].append(load(port, make, args.requests, args.clients, start))
                after = server_cpu(server.pid)
                if before is not None and after is not None:
                    cpu[name].append((after - before) * 1000 / args.requests)
    finally:
        server.terminate()
        server.wait(timeout=20)
    return results, cpu


def _wait_until_up(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=1).connect()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("error: gunicorn did not start within 30 s")


def report(measured: tuple[Results, Results], args: argparse.Namespace, where: str) -> None:
    results, cpu = measured
    print(
        f"day11_rest_library: gunicorn, {args.workers} sync workers, {args.clients} client "
        f"threads, {args.requests} requests a round, median of {args.rounds} rounds, {where}"
    )
    print(f"{'route':<20}{'req/s':>10}{'CPU ms/req':>12}   rounds (req/s)")
    for name, values in results.items():
        rounds = " ".join(f"{v:.0f}" for v in values)
        ms = f"{statistics.median(cpu[name]):.2f}" if cpu[name] else "n/a"
        print(f"{name:<20}{statistics.median(values):>10.0f}{ms:>12}   {rounds}")
    for name, (baseline, goal) in GOALS.items():
        label = f"{name} / {baseline.split()[1]}"
        ratio = statistics.median(results[name]) / statistics.median(results[baseline])
        verdict = "goal met" if ratio >= goal else "BELOW GOAL"
        print(f"{label:<20}{ratio:>10.2f}   req/s   (goal >= {goal}: {verdict})")
        if cpu[name] and cpu[baseline]:
            ratio = statistics.median(cpu[baseline]) / statistics.median(cpu[name])
            verdict = "goal met" if ratio >= goal else "BELOW GOAL"
            print(f"{label:<20}{ratio:>10.2f}   CPU     (goal >= {goal}: {verdict})")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--requests", type=int, default=2000, help="requests per round and route")
    parser.add_argument("--clients", type=int, default=4, help="client threads")
    parser.add_argument("--rounds", type=int, default=3, help="rounds per route")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    parser.add_argument(
        "--postgres",
        action="store_true",
        help="a throw-away database on the course's PostgreSQL (default: a temporary SQLite file)",
    )
    parser.add_argument("--quick", action="store_true", help="same as --requests 200 --rounds 1")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve(args.database_url, args.workers)
        return 0
    if args.quick:
        args.requests, args.rounds = 200, 1
    if args.requests < args.clients or args.clients < 1 or args.rounds < 1 or args.rounds > 20:
        parser.error("need --clients >= 1, 1 <= --rounds <= 20 and --requests >= --clients")
    with ExitStack() as stack:
        if args.postgres:
            sys.path.insert(0, str(ROOT))
            from shared.postgres import temporary_database

            url = stack.enter_context(temporary_database(POSTGRES, prefix="day11_bench"))
        else:
            folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="day11-bench-"))
            url = f"sqlite:///{Path(folder) / 'day11.db'}"
        report(measure(args, url), args, "PostgreSQL" if args.postgres else "SQLite")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
