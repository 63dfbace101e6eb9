"""The twin test: one scenario of requests on day 11's own app, day 18's Flask app and the twin.

Each app gets a fresh SQLite file of its own, so ids match. All three must answer every
request with the same status; the two day 18 apps must send byte-identical bodies and ETags
(timestamps aside, which differ by when each ran), and name the same fields in each 422.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from day11_rest_library import Settings, create_app, upgrade
from day18_validation import create_fastapi_app, create_flask_app
from day18_validation.tests.helpers import VALID_BOOK, Api, FastApiClient, FlaskApiClient, Reply

SCENARIO: list[tuple[str, str, dict[str, Any]]] = [
    (
        "post",
        "/books",
        {"json": VALID_BOOK | {"title": "Dune \u00e9\u4e66 \U0001f4da", "copies": 2}},
    ),
    ("post", "/books", {"json": VALID_BOOK | {"isbn": "0-262-51087-1", "year": 1965.0}}),
    ("post", "/books", {"json": VALID_BOOK | {"year": "1965", "extra": 1}}),
    ("post", "/books", {"json": VALID_BOOK}),
    ("post", "/books", {"data": b"[", "headers": {"Content-Type": "application/json"}}),
    ("get", "/books/1", {}),
    ("get", "/books/1", {"headers": {"Accept": "application/xml"}}),
    ("put", "/books/2", {"json": VALID_BOOK | {"isbn": "0-262-51087-1", "title": "Again"}}),
    ("patch", "/books/1", {"json": {"copies": 3}}),
    ("patch", "/books/1", {"json": {"copies": 3}, "headers": {"If-Match": '"nope"'}}),
    ("post", "/loans", {"json": {"book_id": 1, "borrower": "Ada"}}),
    ("post", "/loans", {"json": {"book_id": 99, "borrower": "Ada"}}),
    ("post", "/loans", {"json": {"book_id": "1", "borrower": ""}}),
    ("patch", "/loans/1", {"json": {"returned": True}}),
    ("patch", "/loans/1", {"json": {"returned": True}}),
    ("get", "/loans?book_id=1", {}),
    ("get", "/books?sort=-year,title&limit=1", {}),
    ("get", "/books?limit=1&cursor=bad", {}),
    ("get", "/authors", {}),
    ("post", "/authors", {"json": {"name": "Frank Herbert"}}),
    ("put", "/authors/1", {"json": {"name": "F. Herbert"}}),
    ("get", "/authors/1/books?limit=1", {}),
    ("delete", "/authors/1", {}),
    ("delete", "/books/2", {}),
    ("get", "/books/2", {}),
]
_TIMESTAMP = re.compile(rb'"\d{4}-\d\d-\d\dT[0-9:.]+Z"')


def client(kind: str, tmp_path: Path) -> Api:
    url = f"sqlite:///{tmp_path / kind}.db"
    upgrade(url)
    settings = Settings(database_url=url)
    if kind == "day11":
        return FlaskApiClient(create_app(settings))
    if kind == "flask":
        return FlaskApiClient(create_flask_app(settings))
    return FastApiClient(create_fastapi_app(settings))


@pytest.fixture(scope="module")
def replies(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Reply]]:
    """Each app's replies to the scenario (run once for the module's tests)."""
    tmp_path = tmp_path_factory.mktemp("twins")
    answers: dict[str, list[Reply]] = {}
    for kind in ("day11", "flask", "fastapi"):
        api = client(kind, tmp_path)
        answers[kind] = [api.call(method, path, **kw) for method, path, kw in SCENARIO]
        api.close()
    return answers


def test_the_three_apps_answer_every_request_with_the_same_status(
    replies: dict[str, list[Reply]],
) -> None:
    for step, (method, path, _) in enumerate(SCENARIO):
        statuses = {kind: replies[kind][step].status for kind in replies}
        assert len(set(statuses.values())) == 1, f"step {step}, {method} {path}: {statuses}"


def test_the_twins_send_the_same_bytes_and_name_the_same_fields(
    replies: dict[str, list[Reply]],
) -> None:
    for step, (flask, fastapi) in enumerate(zip(replies["flask"], replies["fastapi"], strict=True)):
        where = f"step {step}, {SCENARIO[step][0]} {SCENARIO[step][1]}"
        if flask.status < 300:
            masked = [_TIMESTAMP.sub(b'"T"', r.body) for r in (flask, fastapi)]
            assert masked[0] == masked[1], f"{where}: the bodies differ"
            if masked[0] == flask.body:  # no timestamp in it: the ETags must match too
                assert flask.headers.get("etag") == fastapi.headers.get("etag"), where
            assert flask.headers.get("link") == fastapi.headers.get("link"), f"{where}: Link"
        elif flask.status == 422:
            assert flask.fields == fastapi.fields, f"{where}: different fields named"
        else:
            assert fastapi.headers["content-type"] == "application/problem+json", where


def test_successes_are_the_bytes_day_11_sends(replies: dict[str, list[Reply]]) -> None:
    """marshmallow's clean values are day 3's: what day 11 stores and sends back, byte for byte."""
    for step, (ours, theirs) in enumerate(zip(replies["flask"], replies["day11"], strict=True)):
        if ours.status < 300:
            mask = [_TIMESTAMP.sub(b'"T"', r.body) for r in (ours, theirs)]
            assert mask[0] == mask[1], f"step {step}: day 18's body differs from day 11's"
