"""Day 15 benchmark: the suite's wall time under each way of keeping tests apart.

The suite is day 15's `tests/test_reference.py`: every check against day 7's API, on SQLite
and on PostgreSQL (96 tests by default). It runs in a pytest subprocess of its own per row:
  savepoint    (the default) one transaction per test, each request a SAVEPOINT, rolled back
  recreate     drop and create every table before each test, real commits
  delete       one schema, real commits, every row deleted after each test
               (full-stack-fastapi-template deletes once, at the end of the session)
  savepoint -n 2   the default under pytest-xdist, two workers, a database each
Each row is the best of `--runs` runs (bounded by `--timeout` seconds each), with its ratio to
the savepoint row; the pytest start-up (imports, database creation) is in every row alike.

Usage: python benchmarks/day15_api_testing.py [--runs 1] [--timeout 300] [-k EXPR]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUITE = "day15_api_testing/tests/test_reference.py"
ROWS = (
    ("savepoint", "savepoint", []),
    ("recreate", "recreate", []),
    ("delete", "delete", []),
    ("savepoint -n 2", "savepoint", ["-p", "xdist", "-n", "2"]),
)


def run_suite(isolation: str, extra: list[str], *, select: str | None, timeout: float) -> float:
    """Seconds one pytest run of the suite takes; exits if it fails."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("COV")}
    env["DAY15_ISOLATION"] = isolation
    command = [sys.executable, "-m", "pytest", SUITE, "-q", "-p", "no:cacheprovider", "--no-cov"]
    command += ["-o", "addopts=--import-mode=importlib", *extra]
    command += ["-k", select] if select else []
    started = time.perf_counter()
    result = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"error: the suite failed under {isolation}: {result.stdout[-1500:]}")
    return elapsed


def main() -> int:
    """Time each row and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="runs per row; the best counts")
    parser.add_argument("--timeout", type=float, default=300, help="seconds per run at most")
    parser.add_argument("-k", dest="select", help="a pytest -k expression to run fewer tests")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    print(f"suite: {SUITE}" + (f" -k {args.select!r}" if args.select else ""))
    print(f"{'isolation':<16}{'wall s':>9}{'ratio':>8}")
    baseline = None
    for label, isolation, extra in ROWS:
        timings = [
            run_suite(isolation, extra, select=args.select, timeout=args.timeout)
            for _ in range(args.runs)
        ]
        best = min(timings)
        baseline = baseline or best
        print(f"{label:<16}{best:>9.1f}{best / baseline:>7.2f}x", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
