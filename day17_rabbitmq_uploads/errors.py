"""Day 17's errors: a job the consumer cannot read, and a broker that cannot be reached.

Day 13's errors still apply around them: `QueueUnavailable` (503, nothing kept) is what the
publisher raises when the broker does not confirm a job; `TransientError` and `Busy` are what
the processor raises for the consumer to act on.
"""

from __future__ import annotations

from shared.cli import CourseError
from shared.services import SERVICES, redact


class Day17Error(Exception):
    """Base class of every error day 17 raises on purpose."""


class MalformedJob(Day17Error):
    """A message that is not a job: not JSON, no upload id, ids that disagree. Parked at once."""


class BrokerUnreachable(CourseError):
    """RabbitMQ cannot be reached at start-up; the message says how to start it."""

    def __init__(self, url: str, reason: str = "") -> None:
        # solution: a message naming the URL (password hidden), a hint with the start command
        detail = f" ({reason})" if reason else ""
        start = SERVICES["rabbitmq"].start_command
        super().__init__(
            f"cannot reach RabbitMQ at {redact(url)}{detail}",
            hint=f"start it with: {start}, or set AMQP_URL / --amqp-url",
        )
        # end solution
