"""Day 3 benchmark: requests per second of GET /view/<id> beside a trivial hello route.

Both routes live in one Flask app (the day's factory plus a `/hello` that returns a constant
string) served by werkzeug's threaded server in a subprocess, so the only difference measured is
what the day's code costs: routing the id, the store lookup, building and encoding the JSON.
The load comes from a few client threads, each with one persistent http.client connection
object and a fixed number of requests; rounds alternate between the two routes and the median
is reported.

Keep-alive: the client asks for it (HTTP/1.1), but werkzeug 3.1's server answers every request
with `Connection: close` (its run_wsgi says why: http.server cannot drain a request body before
the next request line). http.client then reconnects transparently, so every request here pays
for a new loopback TCP connection, for both routes alike. The table reports whether the server
kept connections alive.

    uv run python benchmarks/day03_flask_crud.py                 # 4000 requests a round
    uv run python benchmarks/day03_flask_crud.py --requests 300  # a smoke run in seconds
    uv run python benchmarks/day03_flask_crud.py --load 10       # issue 10's load goal

`--load SECONDS` starts the server as a learner does (`python -m day03_flask_crud`, in memory
and with `--data`) and holds 50 client connections on it for that long, with a 95/5 mix of
GET /view/<id> and POST /add: the goal is 0 answers that are not 2xx and no lost write (every
201 is in the store afterwards). The clients are Python threads on the same cores as the
server, so the req/s is what is left for the server, not its ceiling.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_RATIO = 0.6


def serve() -> None:
    """Subprocess mode: print the port, then serve the seeded app plus /hello until killed."""
    # First on the path: this script's own folder would otherwise shadow the package it names.
    sys.path.insert(0, str(ROOT))
    import logging

    from werkzeug.serving import make_server

    from day03_flask_crud import create_app

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no access log line per request
    app = create_app({"SEED_BOOKS": True})
    app.add_url_rule("/hello", "hello", lambda: "hello")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    print(server.port, flush=True)
    server.serve_forever()


def load(port: int, paths: Sequence[str], requests: int, clients: int) -> tuple[float, bool]:
    """GET `paths` in turn from `clients` threads; return req/s and whether keep-alive held."""
    per_client = requests // clients
    barrier = threading.Barrier(clients + 1)
    errors: list[str] = []
    closed: list[bool] = []

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.connect()
        barrier.wait()
        try:
            for i in range(per_client):
                conn.request("GET", paths[i % len(paths)])
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    errors.append(f"{paths[i % len(paths)]}: {response.status}")
                    return
            closed.append(response.will_close)
        finally:
            conn.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    barrier.wait()
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    if errors:
        raise SystemExit(
            f"error: a request failed or the connection was not kept alive: {errors[0]}"
        )
    return per_client * clients / elapsed, not any(closed)


def measure(args: argparse.Namespace) -> tuple[dict[str, list[float]], bool]:
    """Start the server subprocess and run the alternating rounds against it."""
    routes = {"GET /hello": ["/hello"], "GET /view/<id>": ["/view/1", "/view/2", "/view/3"]}
    results: dict[str, list[float]] = {name: [] for name in routes}
    kept_alive = True
    server = subprocess.Popen(
        [sys.executable, __file__, "--serve"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert server.stdout is not None
        port = int(server.stdout.readline())
        for paths in routes.values():  # warm-up: imports, first-request set-up
            load(port, paths, min(200, args.requests), args.clients)
        for _ in range(args.rounds):
            for name, paths in routes.items():
                rps, kept = load(port, paths, args.requests, args.clients)
                results[name].append(rps)
                kept_alive = kept_alive and kept
    finally:
        server.terminate()
        server.wait(timeout=10)
    return results, kept_alive


def report(results: dict[str, list[float]], kept_alive: bool, args: argparse.Namespace) -> None:
    hello = statistics.median(results["GET /hello"])
    view = statistics.median(results["GET /view/<id>"])
    ratio = view / hello
    print(
        f"day03_flask_crud: werkzeug threaded server, {args.clients} client threads, "
        f"{args.requests} requests a round, median of {args.rounds} rounds"
    )
    closing = "no (werkzeug sends Connection: close; one TCP connection a request)"
    kept = "yes" if kept_alive else closing
    print(f"connections kept alive by the server: {kept}")
    print(f"{'route':<22}{'req/s':>10}   rounds")
    for name, values in results.items():
        rounds = " ".join(f"{v:.0f}" for v in values)
        print(f"{name:<22}{statistics.median(values):>10.0f}   {rounds}")
    verdict = "goal met" if ratio >= GOAL_RATIO else "BELOW GOAL"
    print(f"{'ratio view / hello':<22}{ratio:>10.2f}   (goal >= {GOAL_RATIO}: {verdict})")


BOOK = b'{"title": "Load", "author": "Tester", "year": 2020, "isbn": "9780131103627"}'
JSON_HEADERS = {"Content-Type": "application/json"}


@dataclass
class LoadResult:
    """What one load run saw: answers by status, latencies, and the writes that succeeded."""

    statuses: Counter[int] = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    created: int = 0
    failures: list[str] = field(default_factory=list)
    elapsed: float = 0.0


def start_cli(extra: Sequence[str]) -> tuple[subprocess.Popen[str], int]:
    """`python -m day03_flask_crud --port 0 ...` as a learner starts it; return it and its port."""
    command = [sys.executable, "-m", "day03_flask_crud", "--port", "0", *extra]
    server = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    assert server.stdout is not None
    line = server.stdout.readline()  # "Serving book API on http://127.0.0.1:PORT"
    if not line.startswith("Serving "):
        server.kill()
        raise SystemExit(f"error: the server did not start: {line!r}")
    return server, int(line.rsplit(":", 1)[1])


def hold_load(port: int, seconds: float, clients: int, write_share: float) -> LoadResult:
    """`clients` threads send requests for `seconds`: POST /add with `write_share`, else GETs."""
    result = LoadResult()
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client(seed: int) -> None:
        rng = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            while time.perf_counter() < deadline:
                write = rng.random() < write_share
                began = time.perf_counter()
                try:
                    if write:
                        conn.request("POST", "/add", body=BOOK, headers=JSON_HEADERS)
                    else:
                        conn.request("GET", f"/view/{rng.randint(1, 3)}")
                    response = conn.getresponse()
                    response.read()
                except (OSError, http.client.HTTPException) as exc:
                    conn.close()  # reconnect on the next request
                    with lock:
                        result.failures.append(f"{type(exc).__name__}: {exc}")
                    continue
                with lock:
                    result.statuses[response.status] += 1
                    result.latencies.append(time.perf_counter() - began)
                    result.created += write and response.status == 201
        finally:
            conn.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.elapsed = time.perf_counter() - start
    return result


def stored_books(port: int) -> int:
    """How many books the server holds now."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", "/view?per_page=1")
        return int(json.loads(conn.getresponse().read())["total"])
    finally:
        conn.close()


def run_load(seconds: float, clients: int) -> int:
    """Issue 10's load goal for day 3, in memory and with a data file; exit 1 if it is missed."""
    print(
        f"day03_flask_crud under load: {clients} connections for {seconds:g} s, "
        "95% GET /view/<id>, 5% POST /add, server started by its CLI"
    )
    columns = ("req/s", 8), ("p99 ms", 9), ("non-2xx", 9), ("errors", 8), ("writes", 8), ("lost", 6)
    print(f"{'storage':<14}" + "".join(f"{name:>{width}}" for name, width in columns))
    missed = False
    with tempfile.TemporaryDirectory() as folder:
        for name, extra in (("memory", []), ("--data file", ["--data", f"{folder}/books.json"])):
            server, port = start_cli(extra)
            try:
                result = hold_load(port, seconds, clients, write_share=0.05)
                lost = 3 + result.created - stored_books(port)
            finally:
                server.terminate()
                server.wait(timeout=10)
            answers = sum(result.statuses.values())
            non_2xx = sum(n for status, n in result.statuses.items() if not 200 <= status < 300)
            p99 = statistics.quantiles(result.latencies, n=100)[98] * 1000
            print(
                f"{name:<14}{answers / result.elapsed:>8.0f}{p99:>9.1f}{non_2xx:>9}"
                f"{len(result.failures):>8}{result.created:>8}{lost:>6}"
            )
            for failure in result.failures[:3]:
                print(f"  e.g. {failure}")
            missed = missed or bool(non_2xx or result.failures or lost)
    print("goal (0 non-2xx, 0 errors, 0 lost writes):", "MISSED" if missed else "met")
    return 1 if missed else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--requests", type=int, default=4000, help="requests per round and route")
    parser.add_argument("--clients", type=int, default=4, help="client threads (connections)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds per route")
    parser.add_argument("--quick", action="store_true", help="same as --requests 300 --rounds 1")
    parser.add_argument(
        "--load", type=float, metavar="SECONDS", help="the load goal instead: 50 connections"
    )
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve()
        return 0
    if args.load is not None:
        if not 0 < args.load <= 120:
            parser.error("--load takes 1 to 120 seconds")
        return run_load(args.load, clients=50)
    if args.quick:
        args.requests, args.rounds = 300, 1
    if args.requests < args.clients or args.clients < 1 or args.rounds < 1:
        parser.error("need --clients >= 1, --rounds >= 1 and --requests >= --clients")
    report(*measure(args), args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
