"""What the day's tests share: one client interface over Flask's and Starlette's test clients.

`Api.call(method, path, json=..., data=..., headers=...)` answers a `Reply` (status, headers,
body bytes, decoded JSON), whichever framework serves, so one test runs on both apps.
"""

from __future__ import annotations

import json as jsonlib
import warnings
from dataclasses import dataclass
from typing import Any, Protocol

from fastapi import FastAPI
from flask import Flask

VALID_BOOK: dict[str, Any] = {
    "title": "Dune",
    "author": "Frank Herbert",
    "year": 1965,
    "isbn": "978-0-441-01359-3",
}


def isbn13(n: int) -> str:
    """A valid ISBN-13 for the number n (check digit computed)."""
    body = f"978{n:09d}"
    total = sum((3 if i % 2 else 1) * int(d) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


@dataclass(frozen=True)
class Reply:
    """One response, framework-neutral."""

    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return jsonlib.loads(self.body)

    @property
    def fields(self) -> list[str]:
        """The fields a 422 names."""
        return [error["field"] for error in self.json["errors"]]


class Api(Protocol):
    framework: str

    def call(self, method: str, path: str, **kwargs: Any) -> Reply: ...

    def close(self) -> None: ...


class FlaskApiClient:
    framework = "flask"

    def __init__(self, app: Flask) -> None:
        self.client = app.test_client()

    def call(self, method: str, path: str, **kwargs: Any) -> Reply:
        response = self.client.open(path, method=method.upper(), **kwargs)
        return Reply(
            response.status_code, {k.lower(): v for k, v in response.headers}, response.data
        )

    def close(self) -> None:
        pass


class FastApiClient:
    framework = "fastapi"

    def __init__(self, app: FastAPI) -> None:
        with warnings.catch_warnings():  # Starlette 1.x's TestClient warns about httpx
            warnings.simplefilter("ignore", DeprecationWarning)
            from fastapi.testclient import TestClient

            self.client = TestClient(app)
        self.client.__enter__()

    def call(self, method: str, path: str, **kwargs: Any) -> Reply:
        if "data" in kwargs:
            kwargs["content"] = kwargs.pop("data")
        response = self.client.request(method.upper(), path, **kwargs)
        return Reply(
            response.status_code,
            {k.lower(): v for k, v in response.headers.items()},
            response.content,
        )

    def close(self) -> None:
        self.client.__exit__(None, None, None)
