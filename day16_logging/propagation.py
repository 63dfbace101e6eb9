"""The request id passed on: to outbound httpx calls and into Celery tasks."""

from __future__ import annotations

from typing import Any


def request_id_hook(request: Any) -> None:
    """httpx event hook (sync client): adds X-Request-ID to an outbound request."""
    raise NotImplementedError


async def async_request_id_hook(request: Any) -> None:
    """httpx event hook (AsyncClient): adds X-Request-ID to an outbound request."""
    raise NotImplementedError


def propagate_to_celery(celery_app: Any) -> None:
    """Put the request id into task headers on publish and back into the worker's context."""
    raise NotImplementedError
