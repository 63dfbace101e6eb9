"""The job message: what a producer publishes for an upload, and how a consumer reads it.

A job is JSON (`{"upload_id": "..."}`), persistent (delivery mode 2: written to disk), with
`message_id` = the upload id, so the broker's tools, the logs and the consumer's idempotency
all speak of the same id. Retries and parking add headers: how many retries so far, when each
attempt failed, and why the job was parked.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from typing import Any

import pika

from day17_rabbitmq_uploads.errors import MalformedJob

CONTENT_TYPE = "application/json"
JOB_TYPE = "day17.upload"
RETRIES = "x-retries"  # transient failures so far (the retry tier the job is in)
FAILED_AT = "x-failed-at-ms"  # when each failed (Unix time in ms: AMQP has no floats)
REASON = "x-reason"  # why a parked job was parked
PARKED_AT = "x-parked-at-ms"
_UPLOAD_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


@dataclass(frozen=True)
class Job:
    """One upload to process, with its retry history."""

    upload_id: str
    retries: int = 0
    failed_at: tuple[int, ...] = field(default_factory=tuple)  # Unix times in ms

    def body(self) -> bytes:
        """The JSON body."""
        return json.dumps({"upload_id": self.upload_id}).encode()

    def properties(self, **headers: Any) -> pika.BasicProperties:
        """Persistent JSON, `message_id` = the upload id, the history (and `headers`) attached."""
        history: dict[str, Any] = {RETRIES: self.retries, FAILED_AT: list(self.failed_at)}
        return pika.BasicProperties(
            content_type=CONTENT_TYPE,
            delivery_mode=pika.DeliveryMode.Persistent,
            message_id=self.upload_id,
            type=JOB_TYPE,
            timestamp=int(time.time()),
            headers={**history, **headers},
        )

    def failed(self, at: float) -> Job:
        """The same job after one more transient failure, at Unix time `at`."""
        return Job(self.upload_id, self.retries + 1, (*self.failed_at, round(at * 1000)))


def with_headers(properties: pika.BasicProperties, headers: dict[str, Any]) -> pika.BasicProperties:
    """A message's properties, persistent, with `headers` in place of its own."""
    return pika.BasicProperties(
        content_type=properties.content_type,
        delivery_mode=pika.DeliveryMode.Persistent,
        message_id=properties.message_id,
        type=properties.type,
        timestamp=properties.timestamp,
        headers=headers,
    )


def read_job(body: bytes, properties: pika.BasicProperties) -> Job:
    """The job in a message; MalformedJob (with the reason) when it is not one."""
    # solution: parse the JSON, check the upload id and message_id, read the headers
    try:
        document = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MalformedJob(f"the body is not JSON ({exc})") from exc
    upload_id = document.get("upload_id") if isinstance(document, dict) else None
    if not isinstance(upload_id, str) or not _UPLOAD_ID.match(upload_id):
        raise MalformedJob(f"no valid upload_id in the body: {body[:80]!r}")
    if properties.message_id not in (None, upload_id):
        raise MalformedJob(f"message_id {properties.message_id!r} is not upload_id {upload_id!r}")
    headers = properties.headers or {}
    retries = headers.get(RETRIES, 0)
    failed_at = headers.get(FAILED_AT, [])
    if not isinstance(retries, int) or not isinstance(failed_at, list):
        raise MalformedJob(f"bad retry headers: {RETRIES}={retries!r}, {FAILED_AT}={failed_at!r}")
    return Job(upload_id, retries, tuple(int(t) for t in failed_at))
    # end solution
