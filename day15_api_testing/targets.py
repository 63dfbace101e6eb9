"""Where the checks run: an app in this process, or a live server over HTTP.

`in_process_api(app)` drives the app through FastAPI's TestClient (its lifespan runs; a
server error is a 500 answer, as a real server would send, not an exception in the check);
`http_api(base_url)` drives any server of the day-7 API with httpx. Both yield an `Api` and
delete what the checks created when they are done.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from day07_sqlalchemy_orm import Settings, create_app, upgrade
from day15_api_testing.api import Api


@contextmanager
def in_process_api(app: Any) -> Iterator[Api]:
    """An Api on `app` through the TestClient, lifespan included."""
    from fastapi.testclient import TestClient

    # solution: open a TestClient that answers 500s instead of raising; yield an Api on it, clean up
    with TestClient(app, raise_server_exceptions=False) as client:
        api = Api(client)
        try:
            yield api
        finally:
            api.cleanup()
    # end solution


@contextmanager
def http_api(base_url: str, *, timeout: float = 10.0) -> Iterator[Api]:
    """An Api on the live server at `base_url`, with httpx."""
    import httpx

    with httpx.Client(base_url=base_url, timeout=timeout) as client:
        api = Api(client)
        try:
            yield api
        finally:
            api.cleanup()


def reference_app(folder: Path) -> Any:
    """Day 7's app on a new, migrated SQLite file in `folder` (the CLI's default target)."""
    url = f"sqlite:///{folder / 'day15.db'}"
    upgrade(url)
    return create_app(Settings(database_url=url))
