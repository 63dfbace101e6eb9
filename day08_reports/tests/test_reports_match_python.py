"""Every report, computed by the database, equals the same report computed in plain Python
over the loaded rows; each is one SELECT, however many rows it reads."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

from day08_reports import REPORTS, ReportSpec
from day08_reports.tests.conftest import TODAY
from day08_reports.tests.helpers import assert_same_report
from day08_reports.tests.python_reports import report_in_python

RANGE = {"date_from": dt.date(2025, 12, 1), "date_to": dt.date(2026, 1, 31)}


@dataclass(frozen=True)
class SeededProject:
    """The n-th seeded project (from 0), its id looked up at test time (see `project_ids`)."""

    index: int

    def __str__(self) -> str:
        return f"seeded[{self.index}]"


FILTER_SETS: list[dict[str, Any]] = [
    {},
    RANGE,
    {"project_id": SeededProject(1)},
    {**RANGE, "project_id": SeededProject(0)},
    {"date_from": TODAY},  # an edge: only the last day
    {"project_id": 2**31 - 1},  # no such project: an empty report, not an error
    {"category": "audio"},
    {"category": "audio", "limit": 3},
    {"limit": 5},
]


def cases() -> Iterator[Any]:
    """(report, filters) pairs: every report with every filter set it accepts."""
    for spec in REPORTS.values():
        for filters in FILTER_SETS:
            if set(filters) <= set(spec.filters):
                chosen = {"today": TODAY, **filters} if "today" in spec.filters else filters
                label = ",".join(f"{k}={v}" for k, v in filters.items()) or "no filters"
                yield pytest.param(spec, chosen, id=f"{spec.name}-{label}")


@pytest.mark.parametrize(("spec", "filters"), list(cases()))
def test_report_in_sql_equals_report_in_python(
    spec: ReportSpec, filters: dict[str, Any], database_session: Session, project_ids: list[int]
) -> None:
    filters = {
        key: project_ids[value.index] if isinstance(value, SeededProject) else value
        for key, value in filters.items()
    }
    assert_same_report(
        spec(session=database_session, **filters),
        report_in_python(spec, session=database_session, **filters),
    )


@pytest.mark.parametrize("spec", REPORTS.values(), ids=list(REPORTS))
def test_each_report_is_one_select_not_one_per_row(
    spec: ReportSpec, database_engine: Engine, database_session: Session
) -> None:
    statements: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    filters = {"today": TODAY} if "today" in spec.filters else {}
    event.listen(database_engine, "before_cursor_execute", count)
    try:
        report = spec(session=database_session, **filters)
    finally:
        event.remove(database_engine, "before_cursor_execute", count)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert report.rows, "the seeded data gives every report some rows"
    assert len(selects) == 1, (
        f"{spec.name} ran {len(selects)} SELECTs for {len(report.rows)} rows: aggregate in "
        "one query (GROUP BY, window functions), never one query per row"
    )


def test_seeded_data_has_every_kind_of_row(database_session: Session) -> None:
    """The comparisons above are only as good as the data: check it has the edge cases."""
    by_project = REPORTS["completed-by-project"](session=database_session)
    overdue = REPORTS["overdue"](session=database_session, today=TODAY)
    low = REPORTS["low-stock"](session=database_session)
    assert None in {row.project_id for row in by_project.rows}, "some tasks are in no project"
    assert overdue.total > overdue.limit or overdue.total > 0, "some tasks are overdue"
    assert any(row.shortfall == 0 for row in low.rows) or low.total > 0
