"""What can go wrong when talking to a public API, as exceptions a user can act on.

Every class derives from `Day05Error`, itself a `shared.cli.CourseError`, so the CLI turns any of
them into one `error: what (hint)` line: exit 1 for failures of the network or the service,
exit 2 (`NotFoundError`) when the user asked for a city or coin that does not exist.
"""

from __future__ import annotations

from day05_http_client.retry import is_retryable_status
from shared.cli import EXIT_USAGE, CourseError


class Day05Error(CourseError):
    """Base class of every error this package raises on purpose."""

    #: True when the same request may succeed if tried again later (see `retry.py`).
    retryable = False


class ApiUnreachableError(Day05Error):
    """The host could not be reached: no network, DNS failure, connection refused."""

    retryable = True

    def __init__(self, host: str, *, reason: str = "") -> None:
        detail = f": {reason}" if reason else ""
        super().__init__(
            f"could not reach {host}{detail}",
            hint="check your network connection and the URL",
        )
        self.host = host


class ApiTimeoutError(Day05Error):
    """The host accepted the connection but did not answer within the read timeout."""

    retryable = True

    def __init__(self, host: str, *, seconds: float) -> None:
        super().__init__(
            f"{host} did not answer within {seconds:g} s",
            hint="try again later or raise --timeout",
        )
        self.host = host


class DeadlineExceededError(Day05Error):
    """Retrying ran out of time: no usable answer within the overall deadline (--deadline)."""

    def __init__(self, host: str, *, seconds: float, attempts: int, last: Day05Error) -> None:
        tries = f"{attempts} attempt" + ("s" if attempts != 1 else "")
        super().__init__(
            f"{host} gave no usable answer within the {seconds:g} s deadline ({tries}; "
            f"last: {last})",
            hint="try again later or raise --deadline",
        )
        self.host = host
        self.seconds = seconds


class ApiStatusError(Day05Error):
    """The host answered with an HTTP error status.

    429 and 5xx are `retryable`; `retry_after` holds the server's Retry-After in seconds, if any.
    """

    def __init__(
        self,
        host: str,
        *,
        status: int,
        reason: str,
        detail: str = "",
        retry_after: float | None = None,
    ) -> None:
        why = f": {detail}" if detail else ""
        transient = is_retryable_status(status)
        hint = "the service is busy or failing; try again later" if transient else None
        if retry_after is not None:
            hint = f"the server asks to wait {retry_after:g} s before trying again"
        super().__init__(f"{host} answered HTTP {status} {reason}{why}", hint=hint)
        self.host = host
        self.status = status
        self.retryable = transient
        self.retry_after = retry_after


class ApiResponseError(Day05Error):
    """The host answered 2xx, but the body is not the JSON this client understands."""

    def __init__(self, message: str) -> None:
        super().__init__(message, hint="the API may have changed; run with --json to see it")


class NotFoundError(Day05Error):
    """The API does not know the city, coin or currency the user asked for (exit code 2)."""

    exit_code = EXIT_USAGE
