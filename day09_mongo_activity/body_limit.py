"""A pure ASGI middleware that refuses request bodies over a byte limit with 413 problem+json.

It answers before the app reads anything when Content-Length is too big, and stops a chunked
body as soon as it has grown past the limit, so a client cannot make the server buffer more.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.fastapi_problems import problem_response


class BodySizeLimit:
    """Reject HTTP request bodies larger than `max_bytes` (status 413 Content Too Large)."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def _detail(self, size: str) -> str:
        return f"The request body is {size} bytes; the limit is {self.max_bytes}."

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await problem_response(413, self._detail(declared))(scope, receive, send)
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_bytes:
                # Raised inside the app's body read, so the problem handlers answer it.
                raise HTTPException(413, self._detail(f"over {received - 1}"))
            return message

        await self.app(scope, limited_receive, send)
