"""Portable SQL for date arithmetic: one Python expression, the right SQL per dialect.

SQLite has no interval type (timestamps are text; `julianday()` turns them into fractional
days) while PostgreSQL subtracts timestamps into intervals and dates into integers. Each
construct below is a `FunctionElement` with a `@compiles` rule per dialect, so a report
writes `seconds_between(Task.completed_at, Task.created_at)` once and runs on both.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Date, Float, Integer
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

SECONDS_PER_DAY = 86400


class seconds_between(FunctionElement[float]):
    """`later - earlier` in seconds (a float), for two timestamp expressions."""

    type = Float()
    inherit_cache = True
    name = "seconds_between"


class days_between(FunctionElement[int]):
    """`later - earlier` in whole days, for two date expressions."""

    type = Integer()
    inherit_cache = True
    name = "days_between"


class utc_date(FunctionElement[Any]):
    """The calendar date (in UTC) of a timestamp: the bucket of a per-day report."""

    type = Date()
    inherit_cache = True
    name = "utc_date"


def _args(element: FunctionElement[Any], compiler: SQLCompiler, **kw: Any) -> list[str]:
    return [compiler.process(arg, **kw) for arg in element.clauses]


@compiles(seconds_between)
def _seconds_between_default(element: seconds_between, compiler: SQLCompiler, **kw: Any) -> str:
    # solution: SQLite: (julianday(a) - julianday(b)) * 86400
    later, earlier = _args(element, compiler, **kw)
    return f"(julianday({later}) - julianday({earlier})) * {SECONDS_PER_DAY}"
    # end solution


@compiles(seconds_between, "postgresql")
def _seconds_between_pg(element: seconds_between, compiler: SQLCompiler, **kw: Any) -> str:
    # solution: PostgreSQL: EXTRACT(EPOCH FROM a - b)
    later, earlier = _args(element, compiler, **kw)
    return f"EXTRACT(EPOCH FROM ({later}) - ({earlier}))::float8"
    # end solution


@compiles(days_between)
def _days_between_default(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    later, earlier = _args(element, compiler, **kw)
    return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"


@compiles(days_between, "postgresql")
def _days_between_pg(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    later, earlier = _args(element, compiler, **kw)
    return f"(({later}) - ({earlier}))"


@compiles(utc_date)
def _utc_date_default(element: utc_date, compiler: SQLCompiler, **kw: Any) -> str:
    (value,) = _args(element, compiler, **kw)
    return f"date({value})"


@compiles(utc_date, "postgresql")
def _utc_date_pg(element: utc_date, compiler: SQLCompiler, **kw: Any) -> str:
    (value,) = _args(element, compiler, **kw)
    return f"CAST(timezone('UTC', {value}) AS DATE)"
