"""Day 1 benchmark: the CSV report on a generated file, beside the floor and two peers.

    python benchmarks/day01_csv_report.py              # 1,000,000 rows (about 90 MB)
    python benchmarks/day01_csv_report.py --rows 20000 # a smoke run in seconds

Contenders, each in a fresh child process on the same file, in the same run:
  floor      a bare `csv.reader` pass that only counts rows
  day01      `analyze(path)` + `render_text(report)`
  pandas     `pd.read_csv(path).describe(include="all")`          (if pandas is installed)
  csvstat    csvkit's `csvstat path`                               (if csvkit is installed)

How it measures: the child times its own work (after its imports) with perf_counter (wall) and
process_time (CPU); the parent reads the child's peak resident set size (ru_maxrss, which
includes the interpreter and imports) from os.wait4. "work MB" is that peak minus the child's
RSS right after its imports. csvstat is timed as a whole process (--skip csvstat: it takes
minutes at 1M rows).
Ratios use CPU seconds, which other load on a shared machine disturbs less than wall time;
each contender runs --repeat times (interleaved) and the best run counts (csvstat: once).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from day01_csv_report.sample import write_sales_csv  # noqa: E402

TIMER = """
import json, resource, sys, time
imported = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
wall, cpu = time.perf_counter(), time.process_time()
{work}
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
print(json.dumps({{"wall": wall, "cpu": cpu, "imported_mb": imported}}))
"""
FLOOR = """
import csv
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    rows = sum(1 for _ in csv.reader(f))
"""
DAY01 = """
text = render_text(analyze(sys.argv[1]))
"""
PANDAS = """
summary = pd.read_csv(sys.argv[1]).describe(include="all")
"""
SLOW = {"csvkit csvstat"}  # measured once, whatever --repeat says
CONTENDERS = {
    "csv.reader pass (floor)": ("", FLOOR),
    "day01_csv_report": ("from day01_csv_report import analyze, render_text", DAY01),
    "pandas read_csv+describe": ("import pandas as pd", PANDAS),
}


@dataclass
class Result:
    name: str
    wall: float
    cpu: float
    rss_mb: float
    imported_mb: float | None = None
    note: str = ""

    @property
    def work_mb(self) -> str:
        """Peak RSS above the RSS after the imports: the memory the work itself needed."""
        return "-" if self.imported_mb is None else f"{self.rss_mb - self.imported_mb:.1f}"


def _run_child(command: list[str], *, timeout: float) -> tuple[str, float, float, float]:
    """Run a child; return its stdout, wall seconds, CPU seconds and peak RSS (MB)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=subprocess.DEVNULL, env=env)
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                child.kill()
                os.wait4(child.pid, 0)
                raise TimeoutError
            time.sleep(0.05)
        child.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - started
        out.seek(0)
        text = out.read().decode(errors="replace")
    if child.returncode:
        raise RuntimeError(f"{command[:3]} exited {child.returncode}")
    return text, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def measure(name: str, path: Path, *, timeout: float) -> Result:
    """One fresh child process for one contender."""
    if name == "csvkit csvstat":
        command = [sys.executable, "-m", "csvkit.utilities.csvstat", str(path)]
        _, wall, cpu, rss = _run_child(command, timeout=timeout)
        return Result(name, wall, cpu, rss, note="whole process: start-up, imports, output")
    imports, work = CONTENDERS[name]
    code = imports + "\n" + TIMER.format(work=work)
    text, _, _, rss = _run_child([sys.executable, "-c", code, str(path)], timeout=timeout)
    timing = json.loads(text.strip().splitlines()[-1])
    return Result(name, timing["wall"], timing["cpu"], rss, timing["imported_mb"])


def installed(name: str) -> bool:
    module = {"pandas read_csv+describe": "pandas", "csvkit csvstat": "csvkit"}.get(name)
    return module is None or importlib.util.find_spec(module) is not None


def run(rows: int, repeat: int, timeout: float, skip: list[str]) -> list[Result | str]:
    names = [*CONTENDERS, "csvkit csvstat"]
    with tempfile.TemporaryDirectory(prefix="day01-bench-") as folder:
        path = Path(folder) / "orders.csv"
        started = time.perf_counter()
        with open(path, "w", encoding="utf-8", newline="") as target:
            write_sales_csv(target, rows=rows, seed=7)
        size = path.stat().st_size / 1e6
        print(f"generated {rows:,} rows, {size:.1f} MB in {time.perf_counter() - started:.1f} s")
        best: dict[str, Result | str] = {}
        for _ in range(repeat):
            for name in names:
                if not installed(name):
                    best[name] = "not installed"
                    continue
                if any(word in name for word in skip):
                    best[name] = "skipped (--skip)"
                    continue
                if isinstance(best.get(name), str) or (name in SLOW and name in best):
                    continue
                try:
                    result = measure(name, path, timeout=timeout)
                except TimeoutError:
                    best[name] = f"timed out after {timeout:.0f} s"
                    continue
                previous = best.get(name)
                if not isinstance(previous, Result) or result.cpu < previous.cpu:
                    best[name] = result
    return [best[name] for name in names]


def report(results: list[Result | str], names: list[str]) -> None:
    floor = results[0]
    assert isinstance(floor, Result)
    header = ("wall s", "CPU s", "peak RSS MB", "work MB", "CPU x floor")
    print(
        f"\n{'contender':<26}{header[0]:>8}{header[1]:>8}{header[2]:>13}{header[3]:>9}{header[4]:>13}"
    )
    for name, result in zip(names, results, strict=True):
        if isinstance(result, str):
            print(f"{name:<26}  {result}")
            continue
        ratio = result.cpu / floor.cpu
        note = f"  ({result.note})" if result.note else ""
        line = (
            f"{result.wall:>8.2f}{result.cpu:>8.2f}{result.rss_mb:>13.1f}"
            f"{result.work_mb:>9}{ratio:>13.2f}"
        )
        print(f"{name:<26}{line}{note}")
    ours = results[1]
    assert isinstance(ours, Result)
    print("\ngoals for day01_csv_report:")
    print(f"  within 4x of the floor (CPU):  {ours.cpu / floor.cpu:.2f}x")
    print(f"  peak memory under 200 MB:      {ours.rss_mb:.1f} MB")
    pandas = results[2]
    if isinstance(pandas, Result):
        print(f"  within 3x of pandas (CPU):     {ours.cpu / pandas.cpu:.2f}x")
        print(f"  under 1/10 of pandas' peak RSS: {ours.rss_mb / pandas.rss_mb:.3f} of it")
        if ours.imported_mb is not None and pandas.imported_mb is not None:
            work = (ours.rss_mb - ours.imported_mb) / (pandas.rss_mb - pandas.imported_mb)
            print(f"  work MB (peak minus imports):  {work:.3f} of pandas'")
    else:
        print("  pandas comparisons: pandas not installed (run under `nox -s bench`)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows to generate")
    parser.add_argument("--quick", action="store_true", help="same as --rows 20000")
    parser.add_argument("--repeat", type=int, default=1, help="runs per contender (best counts)")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per child process")
    parser.add_argument(
        "--skip", action="append", default=[], help="skip contenders whose name has this word"
    )
    args = parser.parse_args()
    rows = 20_000 if args.quick else args.rows
    names = [*CONTENDERS, "csvkit csvstat"]
    report(run(rows, args.repeat, args.timeout, args.skip), names)
    print(f"\nmachine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at the end")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
