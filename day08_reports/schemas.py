"""The report models: what every report function returns and every route serialises.

Each report is a pydantic model holding its filters, its totals and `rows`, a list of
flat row models. Flat rows are what CSV needs: `csv_fields()` names the header row.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Grouping = Literal["project", "day"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class CompletedByProjectRow(_Model):
    """Tasks completed in one project (project null: tasks in no project)."""

    project_id: int | None
    project: str | None
    completed: int
    share: float = Field(description="This project's part of all completed tasks, 0..1.")


class CompletedByDayRow(_Model):
    """Tasks completed on one UTC calendar day, and the running total up to that day."""

    day: dt.date
    completed: int
    running_total: int


class CompletedReport(_Model):
    """GET /reports/tasks/completed: completed tasks per project or per day."""

    by: Grouping
    date_from: dt.date | None
    date_to: dt.date | None
    project_id: int | None
    total: int = Field(description="Completed tasks in the range, all rows together.")
    rows: list[CompletedByProjectRow] | list[CompletedByDayRow]

    def csv_fields(self) -> list[str]:
        """The CSV header: the row model's field names."""
        row = CompletedByProjectRow if self.by == "project" else CompletedByDayRow
        return list(row.model_fields)


class CompletionRateRow(_Model):
    """Tasks created in the range in one project, and how many of them are done."""

    project_id: int | None
    project: str | None
    tasks: int
    completed: int
    rate: float = Field(description="completed / tasks, 0..1.")


class CompletionRateReport(_Model):
    """GET /reports/tasks/completion-rate: done / all for tasks created in the range."""

    date_from: dt.date | None
    date_to: dt.date | None
    project_id: int | None
    tasks: int
    completed: int
    rate: float = Field(description="Overall completed / tasks; 0 when there are no tasks.")
    rows: list[CompletionRateRow]

    def csv_fields(self) -> list[str]:
        """The CSV header: the row model's field names."""
        return list(CompletionRateRow.model_fields)


class OverdueRow(_Model):
    """An open task whose due date has passed."""

    id: int
    title: str
    project_id: int | None
    project: str | None
    due_date: dt.date
    days_overdue: int


class OverdueReport(_Model):
    """GET /reports/tasks/overdue: open tasks due before `today`, most overdue first."""

    today: dt.date
    date_from: dt.date | None
    date_to: dt.date | None
    project_id: int | None
    total: int = Field(description="All overdue tasks matching the filters (rows may be fewer).")
    limit: int
    rows: list[OverdueRow]

    def csv_fields(self) -> list[str]:
        """The CSV header: the row model's field names."""
        return list(OverdueRow.model_fields)


class TimeToCompleteRow(_Model):
    """How long the tasks of one project took from creation to completion, in hours."""

    project_id: int | None
    project: str | None
    completed: int
    mean_hours: float
    min_hours: float
    max_hours: float


class TimeToCompleteReport(_Model):
    """GET /reports/tasks/time-to-complete: completed_at - created_at of tasks done in range."""

    date_from: dt.date | None
    date_to: dt.date | None
    project_id: int | None
    completed: int
    mean_hours: float | None = Field(description="Over all rows; null when nothing completed.")
    rows: list[TimeToCompleteRow]

    def csv_fields(self) -> list[str]:
        """The CSV header: the row model's field names."""
        return list(TimeToCompleteRow.model_fields)


class InventoryValueRow(_Model):
    """The stock value of one category: sum(quantity * unit_price_cents)."""

    category: str
    items: int
    units: int
    value_cents: int
    value: str = Field(description="value_cents as a decimal string, e.g. 12.34.")


class InventoryValueReport(_Model):
    """GET /reports/inventory/value: stock value per category, with the total."""

    category: str | None
    items: int
    units: int
    value_cents: int
    value: str
    rows: list[InventoryValueRow]

    def csv_fields(self) -> list[str]:
        """The CSV header: the row model's field names."""
        return list(InventoryValueRow.model_fields)


class LowStockRow(_Model):
    """An item at or below its reorder level."""

    id: int
    sku: str
    name: str
    category: str
    quantity: int
    reorder_level: int
    shortfall: int = Field(description="reorder_level - quantity (0: exactly at the level).")


class LowStockReport(_Model):
    """GET /reports/inventory/low-stock: items with quantity <= reorder_level."""

    category: str | None
    total: int = Field(description="All low-stock items matching the filter (rows may be fewer).")
    limit: int
    rows: list[LowStockRow]

    def csv_fields(self) -> list[str]:
        """The CSV header: the row model's field names."""
        return list(LowStockRow.model_fields)


Report = (
    CompletedReport
    | CompletionRateReport
    | OverdueReport
    | TimeToCompleteReport
    | InventoryValueReport
    | LowStockReport
)
