"""Day 4 benchmark: requests per second of GET /tasks/{id} against a trivial hello endpoint.

Both endpoints live in the same FastAPI app on the same uvicorn server (a subprocess, one
worker), measured in the same run by the same client: a few threads, each with its own
keep-alive http.client connection, sending a bounded number of requests. Rows:
  hello (async def)   the floor of framework + server: `return {"message": "hello"}`
  hello (def)         the same in a plain `def`, which FastAPI runs in its thread pool, as the
                      task routes are (they must be `def`: day 7's repository does blocking I/O)
  GET /tasks/{id}     day 4's route: dependency, repository lookup, TaskPublic validation
The ratio is task rps / hello rps (goal >= 0.6 against the like-for-like `def` hello).

Usage: python benchmarks/day04_fastapi_tasks.py [--requests 6000] [--threads 4] [--rounds 3]
       python benchmarks/day04_fastapi_tasks.py --quick   (--requests 600 --rounds 1: a smoke run)
"""

from __future__ import annotations

import argparse
import http.client
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from day04_fastapi_tasks import TaskCreate, create_app  # noqa: E402

PATHS = {
    "hello (async def)": "/hello-async",
    "hello (def)": "/hello",
    "GET /tasks/{id}": "/tasks/{id}",
}
TASKS = 100


def serve(port_file: Path) -> None:
    """The server process: day 4's app plus the hello endpoints, uvicorn on a free port."""
    import uvicorn
    from fastapi import FastAPI

    app: FastAPI = create_app()
    repository = app.state.repository
    for number in range(TASKS):
        repository.add(TaskCreate(title=f"task {number}", description="benchmark"))

    @app.get("/hello-async")
    async def hello_async() -> dict[str, str]:
        return {"message": "hello"}

    @app.get("/hello")
    def hello() -> dict[str, str]:
        return {"message": "hello"}

    # proto=IPPROTO_TCP so asyncio turns Nagle's algorithm off (else ~40 ms per request).
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    port_file.write_text(str(sock.getsockname()[1]))
    config = uvicorn.Config(app, log_level="warning", access_log=False)
    uvicorn.Server(config).run(sockets=[sock])


def start_server(port_file: Path) -> tuple[subprocess.Popen[bytes], str]:
    """Start the server subprocess and wait until it answers."""
    process = subprocess.Popen([sys.executable, __file__, "--serve", str(port_file)], cwd=ROOT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("the benchmark server failed to start")
        text = port_file.read_text() if port_file.exists() else ""
        if text:
            base = f"http://127.0.0.1:{text}"
            try:
                httpx.get(f"{base}/hello", timeout=1)
            except httpx.TransportError:
                pass
            else:
                return process, base
        time.sleep(0.05)
    process.kill()
    raise SystemExit("the benchmark server did not answer within 30 s")


def client_share(base: str, path: str, count: int, offset: int) -> int:
    """One thread's share of the load: `count` GETs on one keep-alive connection.

    http.client rather than httpx: the client shares the machine with the server, and the
    lighter it is, the more the numbers measure the server instead of the client.
    """
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port))
    try:
        for index in range(count):
            url = path.format(id=(offset + index) % TASKS + 1)
            connection.request("GET", url)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise SystemExit(f"GET {url} answered {response.status}")
    finally:
        connection.close()
    return count


def requests_per_second(base: str, path: str, *, requests: int, threads: int) -> float:
    """Send `requests` GETs from `threads` threads; return the rate."""
    share = requests // threads
    with ThreadPoolExecutor(max_workers=threads) as pool:
        start = time.perf_counter()
        done = sum(pool.map(lambda n: client_share(base, path, share, n * share), range(threads)))
        seconds = time.perf_counter() - start
    return done / seconds


def measure(base: str, *, requests: int, threads: int, rounds: int) -> dict[str, float]:
    """Median rps per endpoint; rounds alternate endpoints so drift hits all alike."""
    for path in PATHS.values():  # warm-up: connections, imports, caches
        requests_per_second(base, path, requests=max(threads * 20, requests // 10), threads=threads)
    samples: dict[str, list[float]] = {name: [] for name in PATHS}
    for _ in range(rounds):
        for name, path in PATHS.items():
            rate = requests_per_second(base, path, requests=requests, threads=threads)
            samples[name].append(rate)
    return {name: statistics.median(rates) for name, rates in samples.items()}


def print_table(rates: dict[str, float], *, requests: int, threads: int, rounds: int) -> None:
    """The result table: rps and ratio against each hello row."""
    print(f"day 4 benchmark: {requests} requests x {rounds} rounds, {threads} client threads")
    print(f"{'endpoint':<20} {'req/s':>10} {'vs async hello':>15} {'vs def hello':>13}")
    for name, rate in rates.items():
        async_ratio = rate / rates["hello (async def)"]
        def_ratio = rate / rates["hello (def)"]
        print(f"{name:<20} {rate:>10,.0f} {async_ratio:>15.2f} {def_ratio:>13.2f}")
    ratio = rates["GET /tasks/{id}"] / rates["hello (def)"]
    verdict = "meets" if ratio >= 0.6 else "misses"
    print(f"ratio GET /tasks/{{id}} / hello (def) = {ratio:.2f} ({verdict} the goal of >= 0.6)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=6000, help="requests per measurement")
    parser.add_argument("--threads", type=int, default=4, help="client threads")
    parser.add_argument("--rounds", type=int, default=3, help="measurements per endpoint")
    parser.add_argument("--quick", action="store_true", help="a smoke run of a few seconds")
    parser.add_argument("--serve", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
        return 0
    if args.quick:
        args.requests, args.rounds = 600, 1
    if args.requests < args.threads or args.threads < 1 or args.rounds < 1:
        parser.error("need --threads >= 1, --rounds >= 1 and --requests >= --threads")
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        process, base = start_server(Path(folder) / "port")
        try:
            rates = measure(base, requests=args.requests, threads=args.threads, rounds=args.rounds)
        finally:
            process.terminate()
            process.wait(timeout=10)
    print_table(rates, requests=args.requests, threads=args.threads, rounds=args.rounds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
