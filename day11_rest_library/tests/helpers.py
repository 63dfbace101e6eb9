"""What the day's tests share (always the reference's, also when an attempt is graded).

- `LintingClient`: Flask's test client, checking every response it gets: httplint finds no
  BAD or WARN note, and the status is one the contract documents for that operation. So the
  whole suite proves "every status a route can return is documented".
- Valid bodies and small actions (add a book, an author, a loan).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from flask.testing import FlaskClient
from httplint import HttpRequestLinter, HttpResponseLinter
from httplint.note import levels
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.http import http_date
from werkzeug.test import TestResponse

VALID_BOOK: dict[str, Any] = {
    "title": "Dune",
    "author": "Frank Herbert",
    "year": 1965,
    "isbn": "978-0-441-01359-3",
}
ISBN_TAKEN_FORMS = ("9780441013593", "978 0 441 01359 3")  # the same ISBN, written otherwise


def isbn13(n: int) -> str:
    """A valid ISBN-13 for the number n (check digit computed), for as many books as needed."""
    body = f"978{n:09d}"
    total = sum((3 if i % 2 else 1) * int(d) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def book_body(n: int, **fields: Any) -> dict[str, Any]:
    """A valid book body, different for each n."""
    return {"title": f"Book {n}", "author": "Ann Author", "year": 2000, "isbn": isbn13(n)} | fields


# httplint's note on every 400 ("the server didn't understand the request") is about the
# request, which these tests make bad on purpose; every other BAD or WARN note fails a test.
_ABOUT_THE_REQUEST = {"STATUS_BAD_REQUEST"}


@dataclass(frozen=True)
class Exchange:
    """One request and its response, as bytes on the wire would carry them."""

    method: str
    target: str
    request_headers: list[tuple[str, str]]
    status: int
    reason: str
    headers: list[tuple[str, str]]
    body: bytes


def lint(exchange: Exchange) -> list[str]:
    """httplint's BAD and WARN notes on the response (empty: it is clean).

    The request is linted too and linked, so checks that need it run: a 412 without a
    precondition, a 406 without Accept, a 405 whose Allow lists the method used, HEAD.
    """
    request = HttpRequestLinter()
    request.process_request_topline(exchange.method.encode(), exchange.target.encode(), b"HTTP/1.1")
    request.process_headers(
        [(k.encode("latin-1"), v.encode("latin-1")) for k, v in exchange.request_headers]
    )
    request.finish_content(True)
    response = HttpResponseLinter(_related=request)
    response.is_head_response = exchange.method == "HEAD"
    response.process_response_topline(
        b"HTTP/1.1", str(exchange.status).encode(), exchange.reason.encode()
    )
    response.process_headers(
        [(k.encode("latin-1"), v.encode("latin-1")) for k, v in exchange.headers]
    )
    response.feed_content(exchange.body)
    response.finish_content(True)
    return [
        f"{note.level.name}: {note.summary}"
        for note in response.notes
        if note.level in (levels.BAD, levels.WARN) and type(note).__name__ not in _ABOUT_THE_REQUEST
    ]


class LintingClient(FlaskClient):
    """A test client that lints every response and checks its status is documented."""

    def open(self, *args: Any, **kwargs: Any) -> TestResponse:  # type: ignore[override]
        response = super().open(*args, **kwargs)
        request = response.request
        headers = list(response.headers.items())
        if "Date" not in response.headers:  # a server adds it (werkzeug's, gunicorn's)
            headers.append(("Date", http_date()))
        body = response.get_data()  # read whole (a file's too), so closing loses nothing
        response.close()
        exchange = Exchange(
            method=request.method,
            target=request.full_path.rstrip("?"),
            request_headers=list(request.headers.items()),
            status=response.status_code,
            reason=response.status.split(" ", 1)[1],
            headers=headers,
            body=body,
        )
        notes = lint(exchange)
        assert not notes, (
            f"{request.method} {request.path} -> {response.status_code}: httplint found {notes}"
        )
        self._check_documented(request.method, request.path, response.status_code)
        return response

    @cached_property
    def contract(self) -> dict[str, Any]:
        """The app's OpenAPI document, as it serves it."""
        document: dict[str, Any] = FlaskClient.get(self, "/openapi.json").get_json()
        return document

    def _check_documented(self, method: str, path: str, status: int) -> None:
        assert status != 500, f"{method} {path} answered 500: a bug, never an expected answer"
        if method == "OPTIONS" or path.startswith(("/docs", "/openapi.json")):
            return
        adapter = self.application.url_map.bind("localhost")
        try:
            rule, _ = adapter.match(path, "GET" if method == "HEAD" else method, return_rule=True)
        except (NotFound, MethodNotAllowed):
            return  # no operation: werkzeug's own 404 or 405
        template = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
        operation = (
            self.contract["paths"]
            .get(template, {})
            .get(("GET" if method == "HEAD" else method).lower())
        )
        assert operation is not None, f"{method} {template} is served but not in the contract"
        assert str(status) in operation["responses"], (
            f"{method} {template} answered {status}, which the contract does not document for it "
            f"(documented: {sorted(operation['responses'])})"
        )


def add_book(client: FlaskClient, n: int = 1, **fields: Any) -> dict[str, Any]:
    """POST a book and return its body (asserting it was created)."""
    response = client.post("/books", json=book_body(n, **fields))
    assert response.status_code == 201, response.get_data(as_text=True)
    body: dict[str, Any] = response.get_json()
    return body


def add_author(client: FlaskClient, name: str = "Ursula K. Le Guin") -> dict[str, Any]:
    """POST an author and return their body (asserting they were created)."""
    response = client.post("/authors", json={"name": name})
    assert response.status_code == 201, response.get_data(as_text=True)
    body: dict[str, Any] = response.get_json()
    return body


def lend(client: FlaskClient, book_id: int, borrower: str = "Ada") -> dict[str, Any]:
    """POST a loan and return its body (asserting it was created)."""
    response = client.post("/loans", json={"book_id": book_id, "borrower": borrower})
    assert response.status_code == 201, response.get_data(as_text=True)
    body: dict[str, Any] = response.get_json()
    return body
