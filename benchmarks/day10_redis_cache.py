"""Day 10 benchmark: a report endpoint cached in Redis against the same endpoint uncached.

A fresh PostgreSQL database (created and dropped by this script) is seeded with day 8's
`seed_database` (COPY: about a million tasks in seconds). Two apps serve it, each under
uvicorn in this process on its own loopback port:
  uncached   day 8's app: every GET /reports/tasks/completion-rate runs the SQL
  cached     day 10's app: the report comes from Redis after the first request
Rows:
  latency    sequential requests of the report: p50 and p99 (goal: cached >= 20x faster
             at p50)
  load       a read-mostly mix from a few client threads (95% reads: the report, task
             lists and single tasks from a hot set; 5% writes: PATCH of a hot task, which
             invalidates the cached tasks and reports), bounded count: requests per second

Usage: python benchmarks/day10_redis_cache.py [--tasks 1000000] [--requests 300]
                                              [--load 2000] [--threads 4]
       python benchmarks/day10_redis_cache.py --quick   (20,000 tasks, few requests)
POSTGRES_URL and REDIS_URL pick the servers (course defaults otherwise).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import redis  # noqa: E402
import uvicorn  # noqa: E402
from fastapi import FastAPI  # noqa: E402

from day07_sqlalchemy_orm import create_engine_from_url, make_session_factory  # noqa: E402
from day08_reports import Settings as Day08Settings  # noqa: E402
from day08_reports import create_app as create_uncached_app  # noqa: E402
from day08_reports import (  # noqa: E402
    create_report_indexes,
    create_schema,
    drop_report_indexes,
    seed_database,
)
from day10_redis_cache import Settings, create_app  # noqa: E402
from shared.postgres import temporary_database  # noqa: E402
from shared.services import service_url  # noqa: E402
from shared.serving import bind_socket  # noqa: E402

REPORT = "/reports/tasks/completion-rate"
HOT_TASKS = 200


def seed(url: str, tasks: int) -> tuple[float, float]:
    """Create the schema, seed `tasks` tasks, then index; returns (seed, index) seconds."""
    began = time.perf_counter()
    create_schema(url)
    engine = create_engine_from_url(url)
    with engine.begin() as conn:
        drop_report_indexes(conn)  # indexes after the load: one sort, not 1M updates
    with make_session_factory(engine).begin() as session:
        seed_database(session=session, tasks=tasks, seed=10)
    seeded = time.perf_counter()
    with engine.begin() as conn:
        create_report_indexes(conn)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("ANALYZE")
    engine.dispose()
    return seeded - began, time.perf_counter() - seeded


@contextmanager
def serve(app: FastAPI) -> Iterator[int]:
    """Run `app` under uvicorn in a thread; yield its port."""
    sock = bind_socket("127.0.0.1", 0)  # a TCP socket: no Nagle delay on small answers
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    try:
        yield sock.getsockname()[1]
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()


def get(conn: http.client.HTTPConnection, method: str, path: str, body: Any = None) -> str:
    """One request on a keep-alive connection; returns the X-Cache header ('' if none)."""
    headers = {"Content-Type": "application/json"} if body is not None else {}
    conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
    response = conn.getresponse()
    response.read()
    if response.status >= 400:
        raise SystemExit(f"{method} {path} answered {response.status}")
    return response.getheader("X-Cache") or ""


def latency(port: int, requests: int) -> tuple[float, float]:
    """p50 and p99 in milliseconds of sequential report requests (after one warm-up)."""
    conn = http.client.HTTPConnection("127.0.0.1", port)
    get(conn, "GET", REPORT)
    times = []
    for _ in range(requests):
        began = time.perf_counter()
        get(conn, "GET", REPORT)
        times.append((time.perf_counter() - began) * 1000)
    conn.close()
    quantiles = statistics.quantiles(times, n=100, method="inclusive")
    return quantiles[49], quantiles[98]


def operation(rng: random.Random) -> tuple[str, str, Any]:
    """One request of the read-mostly mix."""
    task = rng.randint(1, HOT_TASKS)
    roll = rng.random()
    if roll < 0.05:
        return "PATCH", f"/tasks/{task}", {"done": rng.random() < 0.5}
    if roll < 0.25:
        return "GET", REPORT, None
    if roll < 0.45:
        return "GET", f"/tasks?limit=20&offset={20 * rng.randint(0, 9)}", None
    return "GET", f"/tasks/{task}", None


def load(port: int, total: int, threads: int) -> tuple[float, Counter[str]]:
    """Requests per second of `total` mixed requests from `threads` clients, X-Cache counts."""
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()

    def client(number: int) -> None:
        rng = random.Random(number)
        conn = http.client.HTTPConnection("127.0.0.1", port)
        seen = Counter(get(conn, *operation(rng)) for _ in range(total // threads))
        conn.close()
        with lock:
            outcomes.update(seen)

    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(client, range(threads)))
    return (total // threads * threads) / (time.perf_counter() - began), outcomes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=300, help="cached latency samples")
    parser.add_argument("--uncached-requests", type=int, default=30)
    parser.add_argument("--load", type=int, default=2000, help="requests in the load run")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--quick", action="store_true", help="a smoke run in seconds")
    args = parser.parse_args()
    if args.quick:
        args.tasks, args.requests, args.uncached_requests, args.load = 20_000, 100, 20, 400
    postgres = os.environ.get("POSTGRES_URL") or service_url("postgresql") or ""
    redis_url = service_url("redis") or ""
    prefix = f"bench_day10_{uuid.uuid4().hex[:10]}:"
    with temporary_database(postgres, prefix="course_bench") as url:
        seeding, indexing = seed(url, args.tasks)
        print(
            f"fresh PostgreSQL database: {args.tasks:,} tasks seeded in {seeding:.1f} s, "
            f"report indexes and ANALYZE in {indexing:.1f} s"
        )
        cached = create_app(
            Settings(database_url=url, redis_url=redis_url, day10_cache_prefix=prefix)
        )
        uncached = create_uncached_app(Day08Settings(database_url=url))
        try:
            with serve(uncached) as plain_port, serve(cached) as cache_port:
                rows = measure(args, plain_port, cache_port)
        finally:
            clean(redis_url, prefix)
    print_table(args, rows)
    return 0


def measure(args: argparse.Namespace, plain_port: int, cache_port: int) -> dict[str, Any]:
    plain_p50, plain_p99 = latency(plain_port, args.uncached_requests)
    cache_p50, cache_p99 = latency(cache_port, args.requests)
    plain_rps, _ = load(plain_port, args.load, args.threads)
    cache_rps, outcomes = load(cache_port, args.load, args.threads)
    return {
        "p50": (plain_p50, cache_p50),
        "p99": (plain_p99, cache_p99),
        "rps": (plain_rps, cache_rps),
        "outcomes": outcomes,
    }


def print_table(args: argparse.Namespace, rows: dict[str, Any]) -> None:
    print(f"\nGET {REPORT} on {args.tasks:,} tasks (PostgreSQL), Redis cache-aside")
    print(f"{'measure':<34}{'uncached':>12}{'cached':>12}{'ratio':>10}")
    for name, label in (("p50", "latency p50 (ms)"), ("p99", "latency p99 (ms)")):
        plain, cached = rows[name]
        print(f"{label:<34}{plain:>12.2f}{cached:>12.2f}{plain / cached:>9.1f}x")
    plain, cached = rows["rps"]
    label = f"read-mostly load, {args.threads} threads (rps)"
    print(f"{label:<34}{plain:>12.1f}{cached:>12.1f}{cached / plain:>9.1f}x")
    outcomes = rows["outcomes"]
    shown = ", ".join(f"{k or 'write'} {v}" for k, v in sorted(outcomes.items()))
    print(f"cached load outcomes: {shown}")
    goal = rows["p50"][0] / rows["p50"][1] >= 20
    print(f"goal (cached >= 20x faster at p50): {'met' if goal else 'NOT met'}")


def clean(redis_url: str, prefix: str) -> None:
    """Delete the benchmark's keys (outside any request path, so SCAN is fine here)."""
    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(match=prefix + "*", count=1000))
    if keys:
        client.delete(*keys)
    client.close()


if __name__ == "__main__":
    raise SystemExit(main())
