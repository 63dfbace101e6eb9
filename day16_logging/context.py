"""The request's context in `contextvars`: its id and its user, seen by every log line.

A `ContextVar` is per thread *and* per asyncio task, so two requests served at the same time
(threads under werkzeug, tasks under uvicorn) never see each other's id.
"""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar, Token
from dataclasses import dataclass, field

REQUEST_ID_HEADER = "X-Request-ID"
# Accepted from a client: 8-128 characters of letters, digits and `-_.:`; anything else (too
# long, spaces, quotes, control characters) could forge or break a log line, so it is replaced.
_WELL_FORMED = re.compile(r"[A-Za-z0-9._:\-]{8,128}")


@dataclass
class RequestContext:
    """What the log lines of one request share; `user` is set by the app once it knows it."""

    request_id: str
    user: str | None = None
    fields: dict[str, object] = field(default_factory=dict)


_current: ContextVar[RequestContext | None] = ContextVar("day16_request", default=None)


def request_id_from(header: str | None) -> str:
    """The client's request id when well formed, else a new random one (32 hex digits)."""
    # solution: accept a well-formed X-Request-ID (8-128 of [A-Za-z0-9._:-]) or make a new one
    if header is not None and _WELL_FORMED.fullmatch(header):
        return header
    return uuid.uuid4().hex
    # end solution


def bind_request(request_id: str) -> Token[RequestContext | None]:
    """Make `request_id` the current request's id; `unbind_request(token)` undoes it."""
    # solution: store a new RequestContext in the ContextVar; return the token
    return _current.set(RequestContext(request_id))
    # end solution


def bind_context(context: RequestContext | None) -> Token[RequestContext | None]:
    """Make `context` current again (a WSGI body sent after the app returned)."""
    return _current.set(context)


def unbind_request(token: Token[RequestContext | None]) -> None:
    """Forget the request bound by `bind_request` (the context before it comes back)."""
    _current.reset(token)


def current_context() -> RequestContext | None:
    """The current request's context, or None outside a request."""
    # solution: read the current RequestContext from the ContextVar
    return _current.get()
    # end solution


def current_request_id() -> str | None:
    """The current request's id (also inside a Celery task it enqueued), or None."""
    context = _current.get()
    return context.request_id if context is not None else None


def set_request_user(user_id: str | int | None) -> None:
    """Name the user of the current request: its access line carries it (no-op outside one)."""
    context = _current.get()
    if context is not None:
        context.user = None if user_id is None else str(user_id)
