"""Day 12 benchmark: /overview over ten loopback upstreams of 200 ms each.

Two processes besides this one, all on loopback:
  upstreams   day 12's demo stand-ins (`Simulator`): ten generic upstreams s0..s9 answering
              after exactly --delay (200 ms), and a stalled one that never answers
  app         two day-12 apps under uvicorn in one process: `fanout` over s0..s9 (deadline
              5 s, so sequential mode fits), and `stalled` over s0..s8 plus the stalled one
              (deadline --deadline, 500 ms); both with the default guards
Rows (ratios against the upstream delay, the ideal answer time):
  concurrent  GET /overview, one client after another: p50 / delay (goal <= 1.2)
  sequential  GET /overview?mode=sequential: p50 / delay (about 10: the calls one by one)
  stalled     one upstream never answers, 2 clients at once: p99 against the deadline
              (goal <= deadline + 20 ms): the deadline holds, the nine answers are kept
              (its breaker is off, or it would refuse the stalled upstream after 3 timeouts)
  load        200 concurrent clients for --seconds (wrk when installed): req/s and p99,
              against the ceiling the per-upstream cap sets (10 in flight / 200 ms = 50/s)

Usage: uv run python benchmarks/day12_async_fanout.py [--requests 40] [--seconds 10]
       uv run python benchmarks/day12_async_fanout.py --quick    (about 30 s)
Every run is bounded: a fixed number of requests, or --seconds of load.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

UPSTREAMS = 10
CLIENTS = 200
STALLED_CLIENTS = 2
CAP = 10  # Settings.concurrency: calls in flight per upstream


@dataclass(frozen=True)
class Options:
    delay: float
    deadline: float
    requests: int
    sequential_requests: int
    stalled_requests: int
    seconds: int


def parse_options() -> Options:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delay", type=float, default=0.2, help="upstream latency (s)")
    parser.add_argument("--deadline", type=float, default=0.5, help="the stalled app's (s)")
    parser.add_argument("--requests", type=int, default=40, help="per latency row")
    parser.add_argument("--seconds", type=int, default=10, help="of 200-client load")
    parser.add_argument("--quick", action="store_true", help="fewer requests, 5 s of load")
    args = parser.parse_args()
    if args.quick:
        return Options(args.delay, args.deadline, 15, 3, 40, 5)
    return Options(args.delay, args.deadline, args.requests, 5, 200, args.seconds)


# --- the servers, each in a process of its own -------------------------------------------


def serve_upstreams(delay: float, reply: Connection) -> None:
    """Process 1: the stand-ins; sends back their base URL."""
    from day12_async_fanout.demo import Profile, Simulator

    profiles = {f"s{i}": Profile(delay, jitter=0) for i in range(UPSTREAMS)}
    profiles["stalled"] = Profile(delay, stall_every=1)
    asyncio.run(_serve({"upstreams": Simulator(profiles)}, reply))


def serve_apps(upstreams: str, deadline: float, reply: Connection) -> None:
    """Process 2: the two apps; sends back their base URLs."""
    from day12_async_fanout import Settings, create_app, json_source

    # The default guards (10 calls in flight per upstream, a pool of 100); no hedging: with
    # fixed delays a hedge could only add load.
    pool = {"hedging": False}
    fanout = [json_source(f"s{i}", f"{upstreams}/s{i}") for i in range(UPSTREAMS)]
    stalled = [*fanout[:-1], json_source("stalled", f"{upstreams}/stalled")]
    apps = {
        "fanout": create_app(Settings(deadline=5.0, upstream_timeout=5.0, **pool), sources=fanout),
        # No breaker here: every request waits for the stalled upstream until the deadline
        # (with it, the stalled one is refused at once after 3 failures: faster, not measured).
        "stalled": create_app(
            Settings(deadline=deadline, upstream_timeout=5.0, breaker_threshold=10**9, **pool),
            sources=stalled,
        ),
    }
    asyncio.run(_serve(apps, reply))


async def _serve(apps: dict[str, object], reply: Connection) -> None:
    import uvicorn

    from shared.serving import bind_socket

    servers, urls = [], {}
    for name, app in apps.items():
        sock = bind_socket("127.0.0.1", 0)
        config = uvicorn.Config(
            app,
            log_level="warning",
            lifespan="on",
            access_log=False,
            timeout_graceful_shutdown=1,
            timeout_keep_alive=30,  # longer than the client's keep-alive (5 s): no reuse races
        )
        server = uvicorn.Server(config)
        servers.append((server, sock))
        urls[name] = f"http://127.0.0.1:{sock.getsockname()[1]}"
    tasks = [asyncio.create_task(server.serve(sockets=[sock])) for server, sock in servers]
    while not all(server.started for server, _ in servers):
        await asyncio.sleep(0.01)
    reply.send(urls)
    await asyncio.gather(*tasks)


def start(target: object, *args: object) -> tuple[multiprocessing.Process, dict[str, str]]:
    """Start a server process; wait (bounded) for the URLs it sends back."""
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    process = context.Process(target=target, args=(*args, theirs), daemon=True)
    process.start()
    if not ours.poll(60):
        process.kill()
        raise SystemExit(f"{target} did not start within 60 s")
    return process, ours.recv()


# --- the measurements ---------------------------------------------------------------------


def quantile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[max(0, min(len(ordered) - 1, round(q * len(ordered)) - 1))]


async def one_by_one(url: str, count: int) -> list[float]:
    """Seconds per request, one request after another (after one warm-up request)."""
    async with httpx.AsyncClient(timeout=30) as http:
        await http.get(url)
        took = []
        for _ in range(count):
            started = time.perf_counter()
            response = await http.get(url)
            took.append(time.perf_counter() - started)
            assert response.status_code == 200, response.text[:300]
        return took


async def at_once(url: str, count: int, clients: int) -> tuple[list[float], list[dict[str, str]]]:
    """Seconds per request with `clients` in parallel; and each answer's source statuses."""
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    queue = list(range(count))
    took: list[float] = []
    statuses: list[dict[str, str]] = []
    async with httpx.AsyncClient(timeout=30, limits=limits) as http:
        await http.get(url)

        async def client() -> None:
            while queue:
                queue.pop()
                started = time.perf_counter()
                response = await http.get(url)
                took.append(time.perf_counter() - started)
                sources = response.json()["sources"]
                statuses.append({name: s["status"] for name, s in sources.items()})

        await asyncio.gather(*(client() for _ in range(clients)))
    return took, statuses


def load_with_wrk(url: str, seconds: int) -> tuple[float, float, str]:
    """wrk: req/s and p99 (seconds) with CLIENTS connections; and a note on non-2xx."""
    wrk = shutil.which("wrk")
    assert wrk is not None
    result = subprocess.run(
        [wrk, "-t2", f"-c{CLIENTS}", f"-d{seconds}s", "--latency", "--timeout", "10s", url],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
        check=True,
    )
    rate = float(_find(r"Requests/sec:\s+([\d.]+)", result.stdout)[0])
    p99, unit = _find(r"99%\s+([\d.]+)(us|ms|s)", result.stdout)
    scale = {"us": 1e-6, "ms": 1e-3, "s": 1.0}[unit]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", result.stdout)
    return rate, float(p99) * scale, f"{errors.group(1)} non-2xx" if errors else "0 non-2xx"


def _find(pattern: str, text: str) -> tuple[str, ...]:
    match = re.search(pattern, text)
    if match is None:
        raise SystemExit(f"wrk's output has no {pattern!r}:\n{text}")
    return match.groups()


async def load_with_httpx(url: str, seconds: int) -> tuple[float, float, str]:
    """The same with an asyncio client when wrk is not installed (it costs more CPU)."""
    limits = httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS)
    end = time.perf_counter() + seconds
    took: list[float] = []
    bad = 0
    async with httpx.AsyncClient(timeout=30, limits=limits) as http:

        async def client() -> None:
            nonlocal bad
            while time.perf_counter() < end:
                started = time.perf_counter()
                response = await http.get(url)
                took.append(time.perf_counter() - started)
                bad += response.status_code != 200

        await asyncio.gather(*(client() for _ in range(CLIENTS)))
    return len(took) / seconds, quantile(took, 0.99), f"{bad} non-2xx (httpx client)"


# --- the table ----------------------------------------------------------------------------


def row(name: str, value: str, ratio: str, note: str) -> None:
    print(f"{name:<11} {value:>22} {ratio:>16}  {note}")


def main() -> None:
    options = parse_options()
    ms = 1000
    upstream_process, upstreams = start(serve_upstreams, options.delay)
    app_process, apps = start(serve_apps, upstreams["upstreams"], options.deadline)
    try:
        overview = f"{apps['fanout']}/overview"
        concurrent = asyncio.run(one_by_one(overview, options.requests))
        sequential = asyncio.run(
            one_by_one(overview + "?mode=sequential", options.sequential_requests)
        )
        stalled, statuses = asyncio.run(
            at_once(f"{apps['stalled']}/overview", options.stalled_requests, STALLED_CLIENTS)
        )
        if shutil.which("wrk"):
            rate, p99, note = load_with_wrk(overview, options.seconds)
        else:
            rate, p99, note = asyncio.run(load_with_httpx(overview, options.seconds))
    finally:
        for process in (app_process, upstream_process):
            process.kill()
            process.join(timeout=10)

    delay = options.delay
    print(f"/overview over {UPSTREAMS} loopback upstreams of {delay * ms:.0f} ms each")
    print(f"{'row':<11} {'measured':>22} {'ratio':>16}  note")
    p50 = statistics.median(concurrent)
    row(
        "concurrent",
        f"p50 {p50 * ms:.0f} ms",
        f"{p50 / delay:.2f} x delay",
        f"goal <= 1.2; {len(concurrent)} requests, one at a time",
    )
    seq50 = statistics.median(sequential)
    row(
        "sequential",
        f"p50 {seq50 * ms:.0f} ms",
        f"{seq50 / delay:.2f} x delay",
        f"{seq50 / p50:.1f} x concurrent; {len(sequential)} requests",
    )
    stalled99 = quantile(stalled, 0.99)
    kept = sum(sum(v == "ok" for v in s.values()) == UPSTREAMS - 1 for s in statuses)
    row(
        "stalled",
        f"p99 {stalled99 * ms:.0f} ms",
        f"deadline + {(stalled99 - options.deadline) * ms:.0f} ms",
        f"goal <= deadline ({options.deadline * ms:.0f} ms) + 20 ms; "
        f"{kept}/{len(statuses)} answers kept the other 9 sources",
    )
    ceiling = CAP / delay  # each upstream answers at most CAP calls per delay
    row(
        "load",
        f"{rate:.0f} req/s",
        f"{rate / ceiling:.2f} x the cap's",
        f"{CLIENTS} clients for {options.seconds} s: p99 {p99 * ms:.0f} ms; {note}; the "
        f"per-upstream cap allows {ceiling:.0f} req/s",
    )


if __name__ == "__main__":
    main()
