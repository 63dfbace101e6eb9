"""What can go wrong with one upstream call, as exceptions the guard sorts into a status.

Two questions decide what the guard does with a failure: may the same call work if tried
again (`retryable`: a timeout, a refused connection, 429, 5xx), and is it the upstream's fault
(`upstream_fault`: it counts against that upstream's circuit breaker; a 404 for an unknown
city does not, the service is fine).
"""

from __future__ import annotations

from http import HTTPStatus


class Day12Error(Exception):
    """Base class of every error the fan-out API raises on purpose."""


class UpstreamError(Day12Error):
    """An upstream answered, but not with something we can use."""

    retryable = False
    upstream_fault = True


class UpstreamStatusError(UpstreamError):
    """The upstream answered with an HTTP error status; 429 and 5xx may pass if retried."""

    def __init__(self, host: str, status: int) -> None:
        try:
            reason = HTTPStatus(status).phrase
        except ValueError:
            reason = "unknown status"
        super().__init__(f"{host} answered HTTP {status} {reason}")
        self.host = host
        self.status = status
        self.retryable = status == 429 or status >= 500
        self.upstream_fault = self.retryable


class UpstreamBodyError(UpstreamError):
    """The upstream answered 2xx with a body that is not the JSON we expect."""


class ClientDisconnected(Day12Error):
    """The client went away before its answer was ready; its upstream calls were cancelled."""
