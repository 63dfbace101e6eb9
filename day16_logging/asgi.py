"""ASGI instrumentation."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any


def instrument_asgi(
    app: Any,
    *,
    ready_checks: Mapping[str, Callable[[], object]] | None = None,
    registry: Any = None,
    service: str = "api",
) -> Any:
    """Add the middleware and /metrics, /healthz, /readyz to a FastAPI app; returns it."""
    raise NotImplementedError
