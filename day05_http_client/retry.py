"""When to try a request again, and how long to wait first.

The policy is the textbook one for public APIs:

* retry only what may succeed later: connection errors, timeouts, 429 Too Many Requests and
  5xx server errors (a 404 will be a 404 next time too);
* wait exponentially longer each time (`base`, 2 x `base`, 4 x `base`, ...), never more than
  `max_delay`;
* add *jitter* (a random part of the wait) so that many clients that failed together do not all
  come back at the same instant;
* when the server says how long to wait (`Retry-After`), wait that long instead, again capped
  at `max_delay` so a CLI never hangs for an hour.

Randomness and the clock are parameters, so tests get the same numbers every run.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime


def is_retryable_status(status: int) -> bool:
    """True for HTTP statuses worth retrying: 429 (rate limited) and every 5xx."""
    # solution: True for 429 and every 5xx
    return status == 429 or 500 <= status <= 599
    # end solution


def parse_retry_after(value: str | None, *, now: float) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date), else None.

    `now` is the current Unix time, used to turn a date into a delay. A date in the past means
    "retry now" (0); a value that is neither form is ignored (None).
    """
    # solution: delta-seconds, or an HTTP-date as seconds from now (never negative); else None
    if value is None or not value.strip():
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - now)
    # end solution


@dataclass(frozen=True)
class RetryPolicy:
    """How many times to try a request and how long to wait between tries.

    `retries` is the number of extra attempts after the first one (0 disables retrying).
    `jitter` is the fraction of each back-off delay that is random: 0 gives exact exponential
    delays, 1 gives "full jitter" (anywhere between 0 and the exponential delay).
    """

    retries: int = 3
    base: float = 0.5
    max_delay: float = 10.0
    jitter: float = 0.5

    def __post_init__(self) -> None:
        if self.retries < 0 or self.base < 0 or self.max_delay < 0:
            raise ValueError("retries, base and max_delay must not be negative")
        if not 0.0 <= self.jitter <= 1.0:
            raise ValueError(f"jitter must be between 0 and 1, not {self.jitter}")

    @property
    def attempts(self) -> int:
        """Total number of tries, the first included."""
        return self.retries + 1

    def backoff(self, retry: int, *, rng: Callable[[], float] = random.random) -> float:
        """Delay before retry number `retry` (1, 2, ...): exponential, capped, with jitter.

        `rng` returns a float in [0, 1); the random part of the delay scales with it.
        """
        # solution: base x 2^(retry-1), capped at max_delay; its `jitter` part scaled by rng()
        exponential = min(self.max_delay, self.base * 2.0 ** (retry - 1))
        return exponential * (1.0 - self.jitter + self.jitter * rng())
        # end solution

    def delay(
        self,
        retry: int,
        *,
        retry_after: float | None = None,
        rng: Callable[[], float] = random.random,
    ) -> float:
        """Seconds to sleep before retry `retry`: the server's Retry-After if given, else back-off.

        Both are capped at `max_delay`.
        """
        if retry_after is not None:
            return min(self.max_delay, retry_after)
        return self.backoff(retry, rng=rng)


def wall_clock() -> float:
    """The current Unix time; the default clock of everything that needs one."""
    return time.time()
