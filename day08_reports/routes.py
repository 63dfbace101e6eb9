"""The /reports router: GET routes answering JSON by default, CSV on `Accept: text/csv`.

Every route documents all its status codes (`responses=`): 200 in both media types, 422
(problem+json) for invalid filters, and the app-wide 400/503 day 7 documents once.
Responses carry `Vary: Accept`, so a cache (day 10) keeps the JSON and CSV forms apart.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response, status
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from day04_fastapi_tasks import Problem
from day07_sqlalchemy_orm import SessionDep
from day08_reports.filters import DEFAULT_LIMIT, MAX_LIMIT
from day08_reports.inventory_reports import inventory_value, low_stock_items
from day08_reports.rendering import CSV_MEDIA_TYPE, to_csv, wants_csv
from day08_reports.schemas import (
    CompletedReport,
    CompletionRateReport,
    Grouping,
    InventoryValueReport,
    LowStockReport,
    OverdueReport,
    Report,
    TimeToCompleteReport,
)
from day08_reports.task_reports import (
    completed_tasks,
    completion_rate,
    overdue_tasks,
    time_to_complete,
)
from shared.problems import PROBLEM_JSON
from shared.types import ID_MAX

router = APIRouter(prefix="/reports", tags=["reports"])

CSV_SCHEMA = {"type": "string", "description": "A header row, then one line per report row."}
RESPONSES: dict[int | str, dict[str, Any]] = {
    status.HTTP_200_OK: {
        "description": "The report: JSON, or CSV when the Accept header asks for text/csv.",
        "content": {CSV_MEDIA_TYPE: {"schema": CSV_SCHEMA}},
    },
    status.HTTP_422_UNPROCESSABLE_CONTENT: {
        "description": "A filter is invalid, or `from` is after `to`.",
        "content": {PROBLEM_JSON: {"schema": Problem.model_json_schema()}},
    },
}


def get_today() -> dt.date:
    """Today's date in UTC; tests override this dependency to pin the clock."""
    return dt.datetime.now(dt.UTC).date()


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value: Any) -> Any:
    """Only YYYY-MM-DD: pydantic alone would also read `?to=1.5` as a Unix time."""
    if isinstance(value, str) and ISO_DATE.fullmatch(value):
        return value
    raise PydanticCustomError("iso_date", "Input should be a date like 2026-03-31")


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
TodayDep = Annotated[dt.date, Depends(get_today)]
DateFrom = Annotated[IsoDate | None, Query(alias="from", description="First day (UTC), inclusive.")]
DateTo = Annotated[IsoDate | None, Query(alias="to", description="Last day (UTC), inclusive.")]
ProjectFilter = Annotated[
    int | None, Query(ge=1, le=ID_MAX, description="Only this project's tasks.")
]
CategoryFilter = Annotated[
    str | None,
    Query(min_length=1, max_length=100, pattern=r"^[^\x00]+$", description="Only this category."),
]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="At most this many rows.")]


def _answer(report: Report, request: Request, response: Response, name: str) -> Any:
    """The report as CSV when asked for, else as the model (FastAPI serialises it)."""
    if wants_csv(request.headers.get("accept", "")):
        disposition = f'inline; filename="{name}.csv"'
        return Response(
            to_csv(report),
            media_type=f"{CSV_MEDIA_TYPE}; charset=utf-8",
            headers={"Vary": "Accept", "Content-Disposition": disposition},
        )
    response.headers["Vary"] = "Accept"
    return report


@router.get(
    "/tasks/completed",
    response_model=CompletedReport,
    responses=RESPONSES,
    summary="Tasks completed per project or per day",
)
def read_completed(
    session: SessionDep,
    request: Request,
    response: Response,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    project_id: ProjectFilter = None,
    by: Annotated[Grouping, Query(description="Group per project or per UTC day.")] = "project",
) -> Any:
    """Tasks completed in the range: per project with its share, or per day with a running
    total."""
    report = completed_tasks(
        session=session, by=by, date_from=date_from, date_to=date_to, project_id=project_id
    )
    return _answer(report, request, response, f"completed-by-{by}")


@router.get(
    "/tasks/completion-rate",
    response_model=CompletionRateReport,
    responses=RESPONSES,
    summary="Completion rate of the tasks created in a range",
)
def read_completion_rate(
    session: SessionDep,
    request: Request,
    response: Response,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    project_id: ProjectFilter = None,
) -> Any:
    """Of the tasks created in the range, the part that is done, per project and overall."""
    report = completion_rate(
        session=session, date_from=date_from, date_to=date_to, project_id=project_id
    )
    return _answer(report, request, response, "completion-rate")


@router.get(
    "/tasks/overdue",
    response_model=OverdueReport,
    responses=RESPONSES,
    summary="Open tasks past their due date",
)
def read_overdue(
    session: SessionDep,
    today: TodayDep,
    request: Request,
    response: Response,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    project_id: ProjectFilter = None,
    limit: Limit = DEFAULT_LIMIT,
) -> Any:
    """Open tasks due before today (due dates within the range, if given), oldest first."""
    report = overdue_tasks(
        session=session,
        today=today,
        date_from=date_from,
        date_to=date_to,
        project_id=project_id,
        limit=limit,
    )
    return _answer(report, request, response, "overdue")


@router.get(
    "/tasks/time-to-complete",
    response_model=TimeToCompleteReport,
    responses=RESPONSES,
    summary="Hours from creation to completion",
)
def read_time_to_complete(
    session: SessionDep,
    request: Request,
    response: Response,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    project_id: ProjectFilter = None,
) -> Any:
    """Mean, shortest and longest time to complete of the tasks completed in the range."""
    report = time_to_complete(
        session=session, date_from=date_from, date_to=date_to, project_id=project_id
    )
    return _answer(report, request, response, "time-to-complete")


@router.get(
    "/inventory/value",
    response_model=InventoryValueReport,
    responses=RESPONSES,
    summary="Stock value per category",
)
def read_inventory_value(
    session: SessionDep,
    request: Request,
    response: Response,
    category: CategoryFilter = None,
) -> Any:
    """sum(quantity * unit_price_cents) per category, most valuable first, with totals."""
    report = inventory_value(session=session, category=category)
    return _answer(report, request, response, "inventory-value")


@router.get(
    "/inventory/low-stock",
    response_model=LowStockReport,
    responses=RESPONSES,
    summary="Items at or below their reorder level",
)
def read_low_stock(
    session: SessionDep,
    request: Request,
    response: Response,
    category: CategoryFilter = None,
    limit: Limit = DEFAULT_LIMIT,
) -> Any:
    """Items whose quantity is at or below the reorder level, the largest shortfall first."""
    report = low_stock_items(session=session, category=category, limit=limit)
    return _answer(report, request, response, "low-stock")
