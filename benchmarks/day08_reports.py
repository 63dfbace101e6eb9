"""Day 8 benchmark: reports computed by PostgreSQL vs. the same reports in Python.

On a dedicated PostgreSQL database (`course_bench_<uuid>`, created here and dropped at the
end) seeded with 1,000,000 tasks and 100,000 inventory items (COPY through psycopg), each
report runs:
  SQL, no idx   the report's one SELECT, without day 8's report indexes
  SQL, idx      the same SELECT after `create_report_indexes` (+ VACUUM ANALYZE)
  Python        load the rows through SQLAlchemy, then filter/group/sum in Python
                (day08_reports/tests/python_reports.py, the tests' oracle)
and the table shows the milliseconds (median of --repeat runs for SQL, one run for Python),
the index speed-up (no idx / idx) and the ratio Python / SQL-with-indexes.

Usage: python benchmarks/day08_reports.py [--tasks 1000000] [--items 100000] [--repeat 5]
       python benchmarks/day08_reports.py --quick   (20,000 tasks, 2,000 items: a smoke run)
Needs PostgreSQL (POSTGRES_URL, default postgresql+psycopg://postgres@127.0.0.1:5432/postgres).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from day07_sqlalchemy_orm import create_engine_from_url, make_session_factory  # noqa: E402
from day08_reports import (  # noqa: E402
    REPORTS,
    Report,
    create_report_indexes,
    create_schema,
    drop_report_indexes,
    seed_database,
)
from day08_reports.tests.python_reports import report_in_python  # noqa: E402
from shared.postgres import temporary_database  # noqa: E402
from shared.services import service_url  # noqa: E402

UNTIL = dt.date(2026, 3, 1)
LAST_30 = {"date_from": UNTIL - dt.timedelta(days=29), "date_to": UNTIL}
CASES: list[tuple[str, str, dict[str, Any]]] = [
    ("completed-by-project", "all time", {}),
    ("completed-by-project", "last 30 days", LAST_30),
    ("completed-by-day", "all time", {}),
    ("completion-rate", "last 30 days", LAST_30),
    ("overdue", "today, limit 100", {"today": UNTIL}),
    ("time-to-complete", "last 30 days, 1 project", {**LAST_30, "project_id": 1}),
    ("time-to-complete", "all time", {}),
    ("inventory-value", "all", {}),
    ("low-stock", "limit 100", {}),
]


def vacuum_analyze(url: str) -> None:
    """Fresh planner statistics and visibility map (index-only scans need the latter)."""
    plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def timed(work: Callable[[], Report]) -> tuple[float, Report]:
    """(milliseconds, result) of one call."""
    start = time.perf_counter()
    result = work()
    return (time.perf_counter() - start) * 1000, result


def run_sql(engine: Engine, name: str, filters: dict[str, Any], repeat: int) -> float:
    """Median milliseconds of the database-side report (each run in its own session)."""
    factory = make_session_factory(engine)
    times = []
    for _ in range(repeat):
        with factory() as session:
            times.append(timed(lambda s=session: REPORTS[name](session=s, **filters))[0])
    return statistics.median(times)


def run_python(engine: Engine, name: str, filters: dict[str, Any]) -> tuple[float, Report]:
    """Milliseconds of the Python version (load rows, then compute), run once."""
    with make_session_factory(engine)() as session:
        return timed(lambda: report_in_python(REPORTS[name], session=session, **filters))


def main() -> int:
    """Seed, measure, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=1_000_000)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5, help="SQL runs per report (median)")
    parser.add_argument("--quick", action="store_true", help="20,000 tasks, 2,000 items")
    args = parser.parse_args()
    if args.quick:
        args.tasks, args.items, args.repeat = 20_000, 2_000, 3
    total = time.perf_counter()
    with temporary_database(service_url("postgresql") or "", prefix="course_bench") as url:
        create_schema(url)
        engine = create_engine_from_url(url)
        with engine.begin() as connection:
            drop_report_indexes(connection)  # indexes after the load: one sort, not 1M updates
        try:
            start = time.perf_counter()
            with make_session_factory(engine).begin() as session:
                seed_database(session=session, tasks=args.tasks, items=args.items, until=UNTIL)
            seeded = time.perf_counter() - start
            print(f"seeded {args.tasks:,} tasks and {args.items:,} items in {seeded:.1f} s (COPY)")
            vacuum_analyze(url)
            plain = {(n, label): run_sql(engine, n, f, args.repeat) for n, label, f in CASES}
            start = time.perf_counter()
            with engine.begin() as connection:
                create_report_indexes(connection)
            vacuum_analyze(url)
            print(f"created the report indexes in {time.perf_counter() - start:.1f} s")
            rows = []
            for name, label, filters in CASES:
                indexed = run_sql(engine, name, filters, args.repeat)
                python_ms, in_python = run_python(engine, name, filters)
                with make_session_factory(engine)() as session:
                    in_sql = REPORTS[name](session=session, **filters)
                assert len(in_sql.rows) == len(in_python.rows), f"{name}: results differ"
                rows.append((name, label, plain[(name, label)], indexed, python_ms))
        finally:
            engine.dispose()
    print_table(rows, args.tasks)
    print(f"\nwhole benchmark: {time.perf_counter() - total:.0f} s")
    return 0


def print_table(rows: list[tuple[str, str, float, float, float]], tasks: int) -> None:
    """One line per report: the three timings and the two ratios."""
    head = (
        f"{'report':<22} {'filters':<24} {'SQL no idx':>11} {'SQL idx':>9} "
        f"{'Python':>10} {'idx gain':>9} {'Python/SQL':>11}"
    )
    print(f"\nreports over {tasks:,} tasks (milliseconds)\n{head}\n{'-' * len(head)}")
    for name, label, plain, indexed, python_ms in rows:
        print(
            f"{name:<22} {label:<24} {plain:>11.1f} {indexed:>9.1f} {python_ms:>10.0f} "
            f"{plain / indexed:>8.1f}x {python_ms / indexed:>10.0f}x"
        )


if __name__ == "__main__":
    raise SystemExit(main())
