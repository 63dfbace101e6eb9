"""A pure ASGI middleware that refuses request bodies over a size limit (413), before parsing.

OWASP API4 (unrestricted resource consumption): without it a client can make the server
read and parse any amount of JSON. `Content-Length` over the limit is refused at once; a
chunked body is counted as it streams and cut off when it passes the limit. Uploads
(`/jobs/import`) get their own, larger limit.
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.fastapi_problems import problem_response


class _TooLarge(Exception):
    pass


class BodyLimitMiddleware:
    """413 for bodies larger than `limit` bytes (`per_path` overrides it by path prefix)."""

    def __init__(
        self, app: ASGIApp, *, limit: int, per_path: Mapping[str, int] | None = None
    ) -> None:
        self.app = app
        self.limit = limit
        self.per_path = dict(per_path or {})

    def _limit_for(self, path: str) -> int:
        for prefix, limit in self.per_path.items():
            if path.startswith(prefix):
                return limit
        return self.limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the declared length, then count what actually arrives."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self._limit_for(scope["path"])
        headers = dict(scope["headers"])
        declared = headers.get(b"content-length", b"0")
        if not declared.isdigit() or int(declared) > limit:
            await self._refuse(scope, receive, send, limit)
            return
        seen = 0

        async def counting() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit:
                raise _TooLarge
            return message

        try:
            await self.app(scope, counting, send)
        except _TooLarge:
            await self._refuse(scope, receive, send, limit)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        response = problem_response(413, f"The request body is larger than {limit} bytes.")
        await response(scope, receive, send)
