"""What both middlewares write: the one access line per request, and the 500 problem body."""

from __future__ import annotations

import json
import logging

from day16_logging.context import current_context
from day16_logging.redaction import redact
from shared.problems import PROBLEM_JSON, problem_body

logger = logging.getLogger("day16_logging.access")
error_logger = logging.getLogger("day16_logging.errors")

ERROR_DETAIL = "The server failed to answer this request; quote its request_id when reporting it."


def log_access(
    *,
    method: str,
    route: str,
    path: str,
    status: int,
    seconds: float,
    size: int,
    client: str | None,
) -> None:
    """Log the request's access line (ERROR for a 5xx, else INFO) with its fields as keys."""
    # solution: one access line per request: method, route, status, ms, bytes, client, user
    context = current_context()
    duration_ms = round(seconds * 1000, 3)
    path = redact(path)
    fields = {
        "method": method,
        "route": route,
        "path": path,
        "status": status,
        "duration_ms": duration_ms,
        "bytes": size,
        "client": client,
        "user": context.user if context is not None else None,
        "_redacted": True,  # its only free text, the path, is redacted above
    }
    level = logging.ERROR if status >= 500 else logging.INFO
    logger.log(level, "%s %s %s %.1f ms", method, path, status, duration_ms, extra=fields)
    # end solution


def server_error_body(request_id: str | None) -> tuple[bytes, str]:
    """A problem+json 500 that names the request id, never the traceback."""
    body = problem_body(500, ERROR_DETAIL, request_id=request_id)
    return json.dumps(body).encode(), PROBLEM_JSON
