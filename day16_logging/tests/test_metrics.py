"""Prometheus metrics: RED by route template, bounded series, a parseable /metrics."""

from __future__ import annotations

import logging

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from flask import Flask
from prometheus_client import CollectorRegistry

from day16_logging import instrument_asgi
from day16_logging.tests.conftest import Logs
from day16_logging.tests.helpers import (
    asgi_get_all,
    coverage_paused,
    random_paths,
    routes_counted,
    series,
    wsgi_get_all,
)

SCAN = 10_000


@pytest.fixture
def quiet_access(logs: Logs, caplog: pytest.LogCaptureFixture) -> None:
    """No access lines for the scans: they are about series, and 10,000 lines cost seconds."""
    caplog.set_level(logging.WARNING, logger="day16_logging.access")


def test_metrics_parse_and_count_by_route_template(task_client: TestClient) -> None:
    for task_id in (1, 2, 3):
        task_client.get(f"/tasks/{task_id}")
    task_client.get("/tasks")
    task_client.get("/no/such/page")
    response = task_client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    counted = routes_counted(response.text)  # parsed by prometheus_client.parser
    assert counted["/tasks/{task_id}"] == 3, "three task ids are one route template"
    assert counted["/tasks"] == 1 and counted["<unmatched>"] == 1
    samples = series(response.text)
    labels = (("method", "GET"), ("route", "/tasks/{task_id}"), ("service", "api"))
    assert samples[("http_request_duration_seconds_count", labels)] == 3, "latency histogram"
    assert samples[("http_requests_in_flight", (("service", "api"),))] == 1, (
        "the /metrics request itself is in flight"
    )
    status_404 = dict(labels) | {"status": "404"}
    assert samples[("http_requests_total", tuple(sorted(status_404.items())))] == 3, (
        "errors are counted by status"
    )


def test_ten_thousand_unknown_paths_add_no_asgi_series(
    task_app: FastAPI, quiet_access: None
) -> None:
    """A scanner's random paths all count as the one route <unmatched>: no new series."""
    asgi_get_all(task_app, ["/warm/up", "/metrics"])  # every series the test can see exists
    before = asgi_metrics(task_app)
    with coverage_paused():
        statuses = asgi_get_all(task_app, random_paths(SCAN))
    assert set(statuses) == {404}
    after = asgi_metrics(task_app)
    assert set(series(after)) == set(series(before)), "no series was added"
    assert routes_counted(after)["<unmatched>"] == SCAN + 1, "each one is counted, as one route"


def test_two_thousand_unknown_paths_add_no_wsgi_series(
    library_app: Flask, quiet_access: None
) -> None:
    wsgi_get_all(library_app, ["/warm/up", "/metrics"])
    before = wsgi_metrics(library_app)
    with coverage_paused():
        statuses = wsgi_get_all(library_app, random_paths(SCAN // 5))  # same metrics code
    assert set(statuses) == {404}
    after = wsgi_metrics(library_app)
    assert set(series(after)) == set(series(before)), "no series was added"


def test_made_up_methods_are_one_label(task_client: TestClient) -> None:
    for method in ("BREW", "PROPFIND", "XYZZY"):
        task_client.request(method, "/tasks")
    methods = {dict(labels).get("method") for _, labels in series(task_client.get("/metrics").text)}
    assert "OTHER" in methods and not methods & {"BREW", "PROPFIND", "XYZZY"}


def test_two_apps_have_separate_registries(task_database: str) -> None:
    """Instrumenting a second app (or a test's) never fails on duplicated metrics."""
    from day07_sqlalchemy_orm import Settings, create_app

    registry = CollectorRegistry()
    instrument_asgi(create_app(Settings(database_url=task_database)), registry=registry)
    instrument_asgi(create_app(Settings(database_url=task_database)))
    assert registry.get_sample_value("http_requests_in_flight", {"service": "api"}) == 0


def asgi_metrics(app: FastAPI) -> str:
    from fastapi.testclient import TestClient

    with TestClient(app) as client:
        return client.get("/metrics").text


def wsgi_metrics(app: Flask) -> str:
    return app.test_client().get("/metrics").get_data(as_text=True)
