"""The /reports routes through the test client: JSON by default, CSV on request, 422s."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from day08_reports import (
    completed_tasks,
    completion_rate,
    create_app,
    inventory_value,
    low_stock_items,
    overdue_tasks,
    time_to_complete,
    wants_csv,
)
from day08_reports.tests.conftest import TODAY

RANGE = {"from": "2025-12-01", "to": "2026-01-31"}
ROUTES = [
    "/reports/tasks/completed",
    "/reports/tasks/completed?by=day",
    "/reports/tasks/completion-rate",
    "/reports/tasks/overdue",
    "/reports/tasks/time-to-complete",
    "/reports/inventory/value",
    "/reports/inventory/low-stock",
]


def as_json(report: Any) -> Any:
    """What the route sends for a report model."""
    return report.model_dump(mode="json")


def test_each_route_answers_what_its_report_function_returns(
    client: TestClient, database_session: Session
) -> None:
    expected = {
        "/reports/tasks/completed": completed_tasks(session=database_session),
        "/reports/tasks/completed?by=day": completed_tasks(session=database_session, by="day"),
        "/reports/tasks/completion-rate": completion_rate(session=database_session),
        "/reports/tasks/overdue": overdue_tasks(session=database_session, today=TODAY),
        "/reports/tasks/time-to-complete": time_to_complete(session=database_session),
        "/reports/inventory/value": inventory_value(session=database_session),
        "/reports/inventory/low-stock": low_stock_items(session=database_session),
    }
    for url, report in expected.items():
        response = client.get(url)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "application/json"
        assert response.json() == as_json(report), f"GET {url} differs from its function"


def test_filters_reach_the_report(
    client: TestClient, database_session: Session, project_ids: list[int]
) -> None:
    second = project_ids[1]
    response = client.get("/reports/tasks/completion-rate", params={**RANGE, "project_id": second})
    report = completion_rate(
        session=database_session,
        date_from=TODAY.replace(year=2025, month=12, day=1),
        date_to=TODAY.replace(month=1, day=31),
        project_id=second,
    )
    assert response.json() == as_json(report)
    rows = [row["project_id"] for row in response.json()["rows"]]
    assert rows == [second], "?project_id= keeps that project's row only"


@pytest.mark.parametrize("url", ROUTES)
def test_csv_on_accept_text_csv_parses_back_to_the_json_rows(client: TestClient, url: str) -> None:
    rows = client.get(url).json()["rows"]
    response = client.get(url, headers={"Accept": "text/csv"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["vary"] == "Accept", "caches must keep JSON and CSV apart"
    parsed = list(csv.DictReader(io.StringIO(response.text)))
    assert len(parsed) == len(rows), "one CSV line per report row, after the header"
    header = next(csv.reader(io.StringIO(response.text)))
    assert header == list(rows[0]), "the header names the JSON row fields, in order"
    assert parsed[0] == {k: "" if v is None else str(v) for k, v in rows[0].items()}


def test_csv_header_is_there_even_with_no_rows(client: TestClient) -> None:
    response = client.get(
        "/reports/inventory/value", params={"category": "none"}, headers={"Accept": "text/csv"}
    )
    assert response.text == "category,items,units,value_cents,value\r\n"


def test_json_is_the_default_and_vary_accept_is_set(client: TestClient) -> None:
    response = client.get("/reports/tasks/overdue", headers={"Accept": "text/html"})
    assert response.headers["content-type"] == "application/json"
    assert response.headers["vary"] == "Accept"


@pytest.mark.parametrize(
    ("accept", "csv_wanted"),
    [
        ("text/csv", True),
        ("application/json, text/csv;q=0.5", True),
        ("TEXT/CSV; charset=utf-8", True),
        ("text/csv;q=0", False),
        ("application/json", False),
        ("", False),
    ],
    ids=[
        "text-csv",
        "csv-among-others",
        "upper-case-with-charset",
        "csv-refused-with-q0",
        "json-only",
        "no-accept-header",
    ],
)
def test_accept_header_negotiation(accept: str, csv_wanted: bool) -> None:
    """`wants_csv(accept)` is True exactly when the header accepts text/csv."""
    assert wants_csv(accept) is csv_wanted, f"Accept: {accept!r} should give {csv_wanted}"


def test_from_after_to_is_422_problem_json(client: TestClient) -> None:
    response = client.get(
        "/reports/tasks/completed", params={"from": "2026-02-01", "to": "2026-01-01"}
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 422
    assert "from 2026-02-01 is after to 2026-01-01" in body["detail"], "name both dates"


@pytest.mark.parametrize(
    "url",
    [
        "/reports/tasks/completed?by=week",
        "/reports/tasks/completed?from=yesterday",
        "/reports/tasks/overdue?project_id=0",
        "/reports/tasks/overdue?limit=0",
        "/reports/inventory/low-stock?limit=100000",
        "/reports/inventory/value?category=",
    ],
)
def test_invalid_filters_are_422_problem_json(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 422, f"GET {url} should be refused"
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"], "validation problems list the offending fields"


def test_day7_routes_still_work_beside_the_reports(client: TestClient) -> None:
    assert client.get("/tasks", params={"limit": 1}).json()["total"] > 0
    assert len(client.get("/projects").json()) == 7


def test_every_report_route_documents_json_csv_and_422() -> None:
    schema = create_app().openapi()
    report_paths = [p for p in schema["paths"] if p.startswith("/reports/")]
    assert len(report_paths) == 6
    for path in report_paths:
        answers = schema["paths"][path]["get"]["responses"]
        assert {"200", "422", "400", "503"} <= set(answers), f"{path} documents {set(answers)}"
        assert set(answers["200"]["content"]) == {"application/json", "text/csv"}
        assert "application/problem+json" in answers["422"]["content"]
