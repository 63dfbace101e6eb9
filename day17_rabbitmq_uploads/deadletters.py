"""The dead-letter queue: list the parked jobs, replay them, purge them.

Listing takes each message without acknowledging it and gives them all back at the end (a
queue has no "peek"), so it shows at most `limit` jobs and leaves the queue as it was. A
replay publishes the job again (confirmed) to the jobs exchange with a fresh retry count,
queues its upload again, and only then acknowledges the parked copy: a crash in between
replays it twice, which the consumer's idempotency absorbs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pika

from day17_rabbitmq_uploads.jobs import FAILED_AT, PARKED_AT, REASON, RETRIES, with_headers
from day17_rabbitmq_uploads.topology import ROUTING_KEY, Topology

OURS = (REASON, PARKED_AT, RETRIES, FAILED_AT, "x-death", "x-first-death-exchange",
        "x-first-death-queue", "x-first-death-reason", "x-last-death-exchange",
        "x-last-death-queue", "x-last-death-reason")  # fmt: skip


@dataclass(frozen=True)
class ParkedJob:
    """One message of the dead-letter queue, as `dlq list` shows it."""

    message_id: str | None
    reason: str
    retries: int
    parked_at: str  # ISO 8601, or "" when unknown
    body: str

    def line(self) -> str:
        """One line of `dlq list`."""
        when = self.parked_at or "?"
        return f"{self.message_id or '-'}  {when}  retries={self.retries}  {self.reason}"


def parked_job(properties: pika.BasicProperties, body: bytes) -> ParkedJob:
    """What a dead-lettered message says about itself (our headers, or the broker's x-death)."""
    headers: dict[str, Any] = properties.headers or {}
    reason = headers.get(REASON)
    parked_at = headers.get(PARKED_AT)
    if reason is None:  # dead-lettered by the broker itself: the delivery limit
        death = (headers.get("x-death") or [{}])[0]
        why = _text(death.get("reason", "unknown"))
        reason = f"dead-lettered by the broker: {why} (from {_text(death.get('queue', '?'))})"
        parked_at = death.get("time")
    return ParkedJob(
        message_id=properties.message_id,
        reason=_text(reason),
        retries=int(headers.get(RETRIES, 0)),
        parked_at=_when(parked_at),
        body=body[:200].decode("utf-8", "replace"),
    )


def list_parked(
    connection: pika.BlockingConnection, topology: Topology, *, limit: int
) -> list[ParkedJob]:
    """Up to `limit` parked jobs, oldest first; the queue is left as it was."""
    channel = connection.channel()
    found: list[ParkedJob] = []
    try:
        # solution: take up to `limit` messages, unacked (closing the channel returns them)
        while len(found) < limit:
            method, properties, body = channel.basic_get(topology.dead_queue)
            if method is None:
                break
            found.append(parked_job(properties, body))
        # end solution
    finally:
        channel.close()  # every message taken and not acknowledged goes back, in order
    return found


def replay(
    connection: pika.BlockingConnection,
    topology: Topology,
    *,
    ids: Iterable[str] = (),
    unpark: Callable[[str], None],
) -> list[str]:
    """Publish parked jobs (all, or those with the given message ids) again; their ids."""
    wanted = set(ids)
    inbox = connection.channel()
    outbox = connection.channel()
    outbox.confirm_delivery()
    replayed: list[str] = []
    try:
        # solution: for each wanted parked job: unpark its upload, publish it again, ack it
        while True:
            method, properties, body = inbox.basic_get(topology.dead_queue)
            if method is None:
                break
            message_id = properties.message_id
            if wanted and message_id not in wanted:
                continue  # left unacknowledged: back in the queue when the channel closes
            if message_id:
                unpark(message_id)
            outbox.basic_publish(
                topology.exchange, ROUTING_KEY, body, _fresh(properties), mandatory=True
            )
            inbox.basic_ack(method.delivery_tag)
            replayed.append(message_id or "-")
        # end solution
    finally:
        inbox.close()
        outbox.close()
    return replayed


def purge(connection: pika.BlockingConnection, topology: Topology) -> int:
    """Delete every parked job; how many there were."""
    channel = connection.channel()
    try:
        # solution: purge the dead-letter queue
        frame = channel.queue_purge(topology.dead_queue)
        # end solution
    finally:
        channel.close()
    return int(frame.method.message_count)


def _fresh(properties: pika.BasicProperties) -> pika.BasicProperties:
    """The job's properties without its retry history and parking headers."""
    headers = {k: v for k, v in (properties.headers or {}).items() if k not in OURS}
    return with_headers(properties, headers)


def _text(value: Any) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _when(value: Any) -> str:
    """ISO 8601 for a Unix time in ms (ours) or a datetime (the broker's x-death time)."""
    if isinstance(value, int):  # ours: milliseconds
        return datetime.fromtimestamp(value / 1000, UTC).isoformat(timespec="seconds")
    if isinstance(value, datetime):
        return value.replace(tzinfo=value.tzinfo or UTC).isoformat(timespec="seconds")
    return ""
