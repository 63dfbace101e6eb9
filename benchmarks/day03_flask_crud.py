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
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
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


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--requests", type=int, default=4000, help="requests per round and route")
    parser.add_argument("--clients", type=int, default=4, help="client threads (connections)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds per route")
    parser.add_argument("--quick", action="store_true", help="same as --requests 300 --rounds 1")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve()
        return 0
    if args.quick:
        args.requests, args.rounds = 300, 1
    if args.requests < args.clients or args.clients < 1 or args.rounds < 1:
        parser.error("need --clients >= 1, --rounds >= 1 and --requests >= --clients")
    report(*measure(args), args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
