"""Day 13 benchmark: uploads answered while big jobs run, the queue's overhead, throughput.

Everything on loopback: the API is `python -m day13_background_tasks --port 0` (a process of
its own, as deployed), Celery workers are `python -m day13_background_tasks worker` processes
(the course plugin's `CeleryWorkers`, on a queue and Redis key prefix of their own), state in a
SQLite file of a temporary folder. Rows:
  busy       upload latency (a 1 KB file, sequential) while N large CSV jobs are queued and
             being processed by one Celery worker: p50 and p99 (goal: p99 < 50 ms), beside
             the in-process runner with one thread, whose analysis shares the API's process
             (one analyser each, so each leaves one of the machine's two cores to the API)
  overhead   one large file: upload to done (the worker's finished_at) against day 1's
             `analyze` of the same file in this process: the ratio is what the queue costs
  throughput small uploads processed per second, with one and with two workers, on SQLite
             and (when it runs) on PostgreSQL, where the workers' writes do not queue for
             one file lock: N uploads
             queued first, then the workers started; the rate is the steady one, between the
             tenth part's last finish and the last upload's (the rows' own timestamps)

Usage: python benchmarks/day13_background_tasks.py [--jobs 20] [--job-rows 60000]
                                                   [--probes 150] [--small 150]
       python benchmarks/day13_background_tasks.py --quick   (fewer, smaller jobs)
REDIS_URL picks the broker, POSTGRES_URL the PostgreSQL server (a temporary database is made
and dropped); the course defaults otherwise. Every wait is bounded.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from day01_csv_report import analyze  # noqa: E402
from shared.celery_worker import CeleryWorkers  # noqa: E402
from shared.postgres import temporary_database  # noqa: E402
from shared.services import probe, service_url  # noqa: E402

WORKER = [sys.executable, "-m", "day13_background_tasks", "worker"]
SMALL = b"id,region,amount\n" + b"".join(b"%d,North,%d.50\n" % (i, i) for i in range(60))
DEADLINE = 300.0  # seconds any one wait may take before the benchmark gives up


def csv_bytes(rows: int, seed: int = 0) -> bytes:
    """A CSV file of orders, about 33 bytes a row."""
    lines = ["order_id,region,amount,paid"]
    lines += [f"{i + seed},R{i % 7},{(i * 37) % 1000 / 4:.2f},{i % 3 == 0}" for i in range(rows)]
    return ("\n".join(lines) + "\n").encode()


@contextmanager
def api(env: dict[str, str], log: Path) -> Iterator[str]:
    """The day's server on a free loopback port; yields its base URL; SIGINT after."""
    command = [sys.executable, "-m", "day13_background_tasks", "--port", "0"]
    environment = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    with (
        log.open("w") as stderr,
        subprocess.Popen(
            command,
            cwd=ROOT,
            env={**environment, **env},
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        ) as server,
    ):
        try:
            assert server.stdout is not None
            found = re.search(r"on (http://127\.0\.0\.1:\d+)", server.stdout.readline())
            if not found:
                raise SystemExit(f"the API did not start; see {log}")
            yield found.group(1)
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=60)


def post(http: httpx.Client, content: bytes, name: str) -> str:
    response = http.post("/uploads", files={"file": (name, content, "text/csv")})
    response.raise_for_status()
    return str(response.headers["location"])


def wait_done(http: httpx.Client, count: int) -> None:
    """Until `count` uploads are finished (done or failed)."""
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        done = http.get("/uploads", params={"state": "done", "limit": 1}).json()["total"]
        failed = http.get("/uploads", params={"state": "failed", "limit": 1}).json()["total"]
        if done + failed >= count:
            return
        time.sleep(0.05)
    raise SystemExit(f"uploads not finished within {DEADLINE:g} s")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def busy_latency(base: str, *, jobs: int, job_rows: int, probes: int) -> tuple[float, float]:
    """Queue `jobs` large files, then time `probes` small uploads: (p50, p99) in ms."""
    with httpx.Client(base_url=base, timeout=60) as http:
        already = http.get("/uploads", params={"limit": 1}).json()["total"]
        for n in range(jobs):
            post(http, csv_bytes(job_rows, seed=n), f"large-{n}.csv")
        times = []
        for n in range(probes):
            began = time.perf_counter()
            post(http, SMALL, f"probe-{n}.csv")
            times.append((time.perf_counter() - began) * 1000)
        queued = http.get("/uploads", params={"state": "queued", "limit": 1}).json()["total"]
        if not queued:
            print("  (the jobs ended before the probes did: raise --jobs or --job-rows)")
        wait_done(http, already + jobs + probes)
    return percentile(times, 0.5), percentile(times, 0.99)


def overhead(base: str, content: bytes) -> float:
    """Seconds from the start of the upload to the worker's finished_at, for one file."""
    with httpx.Client(base_url=base, timeout=60) as http:
        began = datetime.now().astimezone()
        location = post(http, content, "overhead.csv")
        body = http.get(location, params={"wait": 60}).json()
    assert body["state"] == "done", body
    return (datetime.fromisoformat(body["finished_at"]) - began).total_seconds()


def throughput(
    base: str, workers: CeleryWorkers, env: dict[str, str], *, count: int, n: int
) -> float:
    """Queue `count` small uploads, then start `n` workers: uploads processed per second."""
    with httpx.Client(base_url=base, timeout=60) as http:
        already = http.get("/uploads", params={"state": "done", "limit": 1}).json()["total"]
        locations = [post(http, SMALL, f"small-{i}.csv") for i in range(count)]
        started = [workers.start(WORKER, env=env, name=f"w{n}-{i}", wait=False) for i in range(n)]
        for worker in started:
            worker.wait_ready()
        wait_done(http, already + count)
        bodies = [http.get(location).json() for location in locations]
    for worker in started:
        worker.stop()
    finished = sorted(datetime.fromisoformat(b["finished_at"]) for b in bodies)
    warm = max(5, count // 10)  # the first ones pay for each worker's start-up (engine, imports)
    return (count - warm) / (finished[-1] - finished[warm - 1]).total_seconds()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=20)
    parser.add_argument("--job-rows", type=int, default=60_000)  # about 2 MB each
    parser.add_argument("--probes", type=int, default=150)
    parser.add_argument("--small", type=int, default=150)
    parser.add_argument("--quick", action="store_true", help="5 jobs of 0.5 MB, 50 probes")
    args = parser.parse_args()
    if args.quick:
        args.jobs, args.job_rows, args.probes, args.small = 5, 15_000, 50, 50
    broker = service_url("redis") or ""
    if not probe(broker):
        raise SystemExit(f"Redis is not reachable at {broker}: start it first")
    with tempfile.TemporaryDirectory(prefix="day13-bench-") as scratch:
        run(Path(scratch), broker, args)


def settings_env(
    folder: Path, workers: CeleryWorkers | None, database_url: str | None = None
) -> dict[str, str]:
    database_url = database_url or f"sqlite:///{folder / 'day13.db'}"
    env = {"DATABASE_URL": database_url, "LOG_LEVEL": "WARNING"}
    env["DAY13_UPLOAD_DIR"] = str(folder / "uploads")
    if workers is not None:
        env |= {"REDIS_URL": workers.broker_url, "DAY13_QUEUE": workers.queue}
        env["DAY13_KEY_PREFIX"] = workers.key_prefix
    return env


def run(scratch: Path, broker: str, args: argparse.Namespace) -> None:
    size_mb = len(csv_bytes(args.job_rows)) / 1e6
    print(f"{args.jobs} jobs of {size_mb:.1f} MB, {args.probes} probes, {args.small} small uploads")
    rows: list[tuple[str, str, str, str]] = []
    (scratch / "inproc").mkdir()
    in_process = {**settings_env(scratch / "inproc", None), "DAY13_THREADS": "1"}
    with api(in_process, scratch / "inproc.log") as base:
        p50_in, p99_in = busy_latency(
            base, jobs=args.jobs, job_rows=args.job_rows, probes=args.probes
        )
    with CeleryWorkers(broker_url=broker, log_dir=scratch, name="day13_bench") as workers:
        env = settings_env(scratch, workers)
        worker_env = {**env, "LOG_LEVEL": "INFO"}
        with api(env, scratch / "api.log") as base:
            one = throughput(base, workers, worker_env, count=args.small, n=1)
            two = throughput(base, workers, worker_env, count=args.small, n=2)
            content = csv_bytes(args.job_rows * 2)
            path = scratch / "overhead.csv"
            path.write_bytes(content)
            began = time.perf_counter()
            analyze(path)
            direct = time.perf_counter() - began
            busy_worker = workers.start(WORKER, env=worker_env, name="busy")
            queued = statistics.median(overhead(base, content) for _ in range(3))
            p50, p99 = busy_latency(
                base, jobs=args.jobs, job_rows=args.job_rows, probes=args.probes
            )
            busy_worker.stop()
    rows.append(("upload while busy: p50 ms", f"{p50:.1f}", f"{p50_in:.1f}", f"{p50 / p50_in:.2f}"))
    rows.append(("upload while busy: p99 ms", f"{p99:.1f}", f"{p99_in:.1f}", f"{p99 / p99_in:.2f}"))
    rows.append(
        (
            "upload to done, s (vs analyze)",
            f"{queued:.3f}",
            f"{direct:.3f}",
            f"{queued / direct:.2f}",
        )
    )
    rows.append(
        ("small uploads/s, SQLite (2 vs 1 w)", f"{two:.1f}", f"{one:.1f}", f"{two / one:.2f}")
    )
    postgres = service_url("postgresql") or ""
    if probe(postgres):
        with (
            temporary_database(postgres, prefix="day13_bench") as url,
            CeleryWorkers(broker_url=broker, log_dir=scratch, name="day13_bench_pg") as workers,
        ):
            (scratch / "pg").mkdir()
            env = settings_env(scratch / "pg", workers, url)
            with api(env, scratch / "api-pg.log") as base:
                one = throughput(base, workers, {**env, "LOG_LEVEL": "INFO"}, count=args.small, n=1)
                two = throughput(base, workers, {**env, "LOG_LEVEL": "INFO"}, count=args.small, n=2)
        rows.append(
            ("small uploads/s, PostgreSQL (2 vs 1)", f"{two:.1f}", f"{one:.1f}", f"{two / one:.2f}")
        )
    print(f"\n{'row':38} {'day 13':>10} {'baseline':>10} {'ratio':>7}")
    for name, value, base_value, ratio in rows:
        print(f"{name:38} {value:>10} {base_value:>10} {ratio:>7}")
    print(
        "\nbaselines: the in-process runner (busy rows), day 1's analyze in this process, one"
        " worker (throughput). Goal: Celery p99 < 50 ms while busy."
    )


if __name__ == "__main__":
    main()
