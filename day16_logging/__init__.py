"""Day 16: request and error logging (stdlib logging + dictConfig, JSON lines, request ids)
and monitoring (Prometheus RED metrics, /healthz, /readyz) for day 10's and day 11's apps.

Later days use `configure_logging`, `instrument_asgi` / `instrument_wsgi` (wrap an app without
editing it), `current_request_id`, `set_request_user`, `propagate_to_celery`,
`request_id_hook` / `async_request_id_hook` (httpx), `REQUEST_ID_HEADER` and `redact`.
The names that need FastAPI, Flask, Celery or httpx are imported on first use (PEP 562), so
`import day16_logging` and `--help` stay fast.
"""

from __future__ import annotations

import typing as _typing

from day16_logging.context import REQUEST_ID_HEADER, current_request_id, set_request_user
from day16_logging.logconfig import configure_logging
from day16_logging.redaction import redact
from shared.lazy import lazy_exports as _lazy_exports

if _typing.TYPE_CHECKING:
    from day16_logging.asgi import instrument_asgi
    from day16_logging.propagation import (
        async_request_id_hook,
        propagate_to_celery,
        request_id_hook,
    )
    from day16_logging.wsgi import instrument_wsgi

_LAZY = {
    "instrument_asgi": "day16_logging.asgi",
    "instrument_wsgi": "day16_logging.wsgi",
    "propagate_to_celery": "day16_logging.propagation",
    "request_id_hook": "day16_logging.propagation",
    "async_request_id_hook": "day16_logging.propagation",
}

__all__ = [
    "REQUEST_ID_HEADER",
    "async_request_id_hook",
    "configure_logging",
    "current_request_id",
    "instrument_asgi",
    "instrument_wsgi",
    "propagate_to_celery",
    "redact",
    "request_id_hook",
    "set_request_user",
]

__getattr__, __dir__ = _lazy_exports(__name__, _LAZY, __all__)
