"""The HTTP layer: one `requests.Session`, timeouts, retries, the cache, and JSON decoding.

`build_session()` makes the session every request goes through: it reuses connections
(keep-alive) and sends a User-Agent naming this project, as polite API clients do.
`JsonClient.get()` adds what a session does not do by itself:

* a (connect, read) timeout on every request, so a dead server cannot hang the program;
* retries with exponential back-off and jitter on connection errors, timeouts, 429 and 5xx,
  honouring Retry-After (see `retry.py`), all within one overall deadline: a server that
  accepts connections and never answers costs `deadline` seconds, not attempts x timeout;
* the optional on-disk cache (see `cache.py`);
* errors a user understands instead of tracebacks (see `errors.py`).

`sleep`, `rng`, `clock` and `monotonic` are parameters so that tests run instantly and
deterministically.
"""

from __future__ import annotations

import logging
import random
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import requests

from day05_http_client.cache import ResponseCache
from day05_http_client.errors import (
    ApiResponseError,
    ApiStatusError,
    ApiTimeoutError,
    ApiUnreachableError,
    Day05Error,
    DeadlineExceededError,
)
from day05_http_client.retry import (
    RetryPolicy,
    parse_retry_after,
    wall_clock,
)

logger = logging.getLogger(__name__)

USER_AGENT = "backend-course-day05/0.1 (learning project; python-requests)"
DEFAULT_DEADLINE = 15.0  # seconds for one answer, every attempt and wait included

_ERRNO_MESSAGE = re.compile(r"\[Errno -?\d+\] ([^'\")]+)")

Params = Mapping[str, str | int | float]


def build_session(*, user_agent: str = USER_AGENT) -> requests.Session:
    """A session that identifies this project and asks for JSON."""
    session = requests.Session()
    session.headers.update({"User-Agent": user_agent, "Accept": "application/json"})
    return session


@dataclass(frozen=True)
class Timeouts:
    """Seconds to wait for a connection and then for each read of the answer."""

    connect: float = 3.05
    read: float = 10.0

    def __post_init__(self) -> None:
        if self.connect <= 0 or self.read <= 0:
            raise ValueError("timeouts must be positive")


@dataclass
class JsonClient:
    """GETs JSON through `session` with timeouts, retries and an optional cache."""

    session: requests.Session
    timeouts: Timeouts = field(default_factory=Timeouts)
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    cache: ResponseCache | None = None
    deadline: float = DEFAULT_DEADLINE
    sleep: Callable[[float], None] = time.sleep
    rng: Callable[[], float] = random.random
    clock: Callable[[], float] = wall_clock
    monotonic: Callable[[], float] = time.monotonic

    def __post_init__(self) -> None:
        if self.deadline <= 0:
            raise ValueError("the deadline must be positive")

    def get(self, url: str, params: Params | None = None) -> Any:
        """The decoded JSON body of `GET url?params`, from the cache when fresh."""
        full_url = _full_url(url, params)
        if self.cache is not None:
            cached = self.cache.get(full_url)
            if cached is not None:
                logger.debug("cache hit (%.0f s old) for %s", cached.age, full_url)
                return cached.body
        body = self._fetch(full_url)
        if self.cache is not None:
            self.cache.put(full_url, body)
        return body

    def _fetch(self, url: str) -> Any:
        """Try up to `retry.attempts` times within `deadline`; the body, or the last error."""
        # solution: retry retryable errors with the policy's delays, never past the deadline
        ends_at = self.monotonic() + self.deadline
        for attempt in range(1, self.retry.attempts + 1):
            try:
                return self._attempt(url, time_left=max(ends_at - self.monotonic(), 0.01))
            except Day05Error as exc:
                if not exc.retryable or attempt == self.retry.attempts:
                    raise
                retry_after = exc.retry_after if isinstance(exc, ApiStatusError) else None
                delay = self.retry.delay(attempt, retry_after=retry_after, rng=self.rng)
                if self.monotonic() + delay >= ends_at:  # the next try could not finish in time
                    raise self._out_of_time(url, attempts=attempt, last=exc) from exc
                logger.debug("%s; retry %d/%d in %.2f s", exc, attempt, self.retry.retries, delay)
                self.sleep(delay)
        # end solution
        raise AssertionError("unreachable: the loop returns or raises")  # pragma: no cover

    def _out_of_time(self, url: str, *, attempts: int, last: Day05Error) -> DeadlineExceededError:
        host = urlsplit(url).netloc
        return DeadlineExceededError(host, seconds=self.deadline, attempts=attempts, last=last)

    def _attempt(self, url: str, *, time_left: float) -> Any:
        """One request: the decoded body, or a Day05Error (`retryable` says if worth retrying).

        Neither wait may outlast the deadline: each timeout is cut to the time left.
        """
        host = urlsplit(url).netloc
        # solution: GET with both timeouts cut to time_left; turn requests errors into ours
        connect = min(self.timeouts.connect, time_left)
        read = min(self.timeouts.read, time_left)
        try:
            response = self.session.get(url, timeout=(connect, read))
        except requests.ConnectionError as exc:  # also ConnectTimeout: the host never answered
            raise ApiUnreachableError(host, reason=_root_cause(exc)) from exc
        except requests.Timeout as exc:
            raise ApiTimeoutError(host, seconds=read) from exc
        except requests.RequestException as exc:
            raise Day05Error(f"could not request {url}: {exc}") from exc
        # end solution
        with response:
            if not response.ok:
                raise _status_error(host, response, now=self.clock())
            return _decode(host, response)


def _full_url(url: str, params: Params | None) -> str:
    """The URL requests would send, query string included (the cache key)."""
    try:
        prepared = requests.Request("GET", url, params=dict(params or {})).prepare()
    except requests.RequestException as exc:  # no scheme, no host, ...
        raise Day05Error(f"could not request {url}: {exc}") from exc
    return str(prepared.url)


def _decode(host: str, response: requests.Response) -> Any:
    """The JSON body, or an error that says what the host sent instead."""
    try:
        return response.json()
    except requests.JSONDecodeError as exc:
        kind = response.headers.get("Content-Type", "no Content-Type")
        raise ApiResponseError(
            f"{host} did not answer with valid JSON ({kind}, {len(response.content)} bytes: "
            f"{exc.msg} at character {exc.pos})"
        ) from exc


def _status_error(host: str, response: requests.Response, *, now: float) -> ApiStatusError:
    """An ApiStatusError carrying the API's own explanation and Retry-After, when given."""
    return ApiStatusError(
        host,
        status=response.status_code,
        reason=response.reason or "",
        detail=_error_detail(response),
        retry_after=parse_retry_after(response.headers.get("Retry-After"), now=now),
    )


def _error_detail(response: requests.Response) -> str:
    """Open-Meteo says `{"reason": ...}`, CoinGecko `{"status": {"error_message": ...}}`."""
    try:
        body = response.json()
    except requests.JSONDecodeError:
        return ""
    if not isinstance(body, dict):
        return ""
    status = body.get("status")
    nested = status.get("error_message") if isinstance(status, dict) else None
    detail = body.get("reason") or body.get("error") or nested
    return detail if isinstance(detail, str) else ""


def _root_cause(exc: requests.RequestException) -> str:
    """The operating system's words ('Connection refused') rather than urllib3's whole story."""
    found = _ERRNO_MESSAGE.search(str(exc))
    return found.group(1).strip() if found else "connection failed"
