"""The report catalogue: each report's name, function, preset arguments and accepted filters.

The CLI (`report NAME`), the tests and the benchmark look reports up here, so a new report
is one entry, not a change in three places.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from day08_reports.errors import UnknownReportError
from day08_reports.inventory_reports import inventory_value, low_stock_items
from day08_reports.schemas import Report
from day08_reports.task_reports import (
    completed_tasks,
    completion_rate,
    overdue_tasks,
    time_to_complete,
)

TASK_RANGE = ("date_from", "date_to", "project_id")


@dataclass(frozen=True)
class ReportSpec:
    """One report: the function computing it in SQL, and which filters it takes."""

    name: str
    summary: str
    run: Callable[..., Report]
    filters: tuple[str, ...]
    preset: Mapping[str, Any] = field(default_factory=dict)

    def __call__(self, *, session: Session, **filters: Any) -> Report:
        """Run the report with `filters` (only those it accepts are allowed)."""
        unknown = sorted(set(filters) - set(self.filters))
        if unknown:
            raise TypeError(f"report {self.name!r} takes no filter {', '.join(unknown)}")
        return self.run(session=session, **self.preset, **filters)


REPORTS: dict[str, ReportSpec] = {
    spec.name: spec
    for spec in (
        ReportSpec(
            "completed-by-project",
            "tasks completed per project",
            completed_tasks,
            TASK_RANGE,
            {"by": "project"},
        ),
        ReportSpec(
            "completed-by-day",
            "tasks completed per day, with a running total",
            completed_tasks,
            TASK_RANGE,
            {"by": "day"},
        ),
        ReportSpec(
            "completion-rate",
            "done / all of the tasks created in the range",
            completion_rate,
            TASK_RANGE,
        ),
        ReportSpec(
            "overdue",
            "open tasks past their due date",
            overdue_tasks,
            ("today", *TASK_RANGE, "limit"),
        ),
        ReportSpec(
            "time-to-complete",
            "hours from creation to completion",
            time_to_complete,
            TASK_RANGE,
        ),
        ReportSpec(
            "inventory-value",
            "stock value per category",
            inventory_value,
            ("category",),
        ),
        ReportSpec(
            "low-stock",
            "items at or below their reorder level",
            low_stock_items,
            ("category", "limit"),
        ),
    )
}


def get_report(name: str) -> ReportSpec:
    """The report called `name`."""
    try:
        return REPORTS[name]
    except KeyError:
        raise UnknownReportError(name, sorted(REPORTS)) from None
