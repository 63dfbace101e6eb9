"""The producer side: publish a job and return only once the broker has confirmed it.

`Publisher` is day 13's `Runner` for RabbitMQ: day 13's `POST /uploads` stores the file and
the row, then calls `submit(upload_id)`, which publishes the job with **publisher confirms**
(the broker answers `ack` once the job is in every queue it routes to, on disk for a
persistent job in a durable queue) and **mandatory** (a job no queue takes comes back: an
error, not silence). Only when `submit` returns does the client get its 202; when it raises
`QueueUnavailable`, day 13 deletes the row and the file, and the client gets a 503.

One connection per process, used under a lock (pika's connections are not thread-safe). When
it has gone away (the broker restarted, a proxy cut it, heartbeats missed while idle), the
publish is tried once more on a fresh connection: the job may then reach the broker twice,
which the consumer's idempotency absorbs; a job is never reported queued without a confirm.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

import pika
from pika.exceptions import AMQPError, NackError, UnroutableError

from day13_background_tasks import QueueUnavailable
from day17_rabbitmq_uploads.config import Settings
from day17_rabbitmq_uploads.errors import BrokerUnreachable
from day17_rabbitmq_uploads.jobs import Job
from day17_rabbitmq_uploads.topology import ROUTING_KEY, Topology, declare
from shared.services import redact

logger = logging.getLogger(__name__)


def topology_of(settings: Settings) -> Topology:
    """The topology the settings name."""
    return Topology(
        settings.day17_name,
        retry_delays=settings.day17_retry_delays,
        delivery_limit=settings.day17_delivery_limit,
    )


def connection_parameters(settings: Settings) -> pika.URLParameters:
    """The broker's URL with the settings' heartbeat and short timeouts (no hanging calls)."""
    parameters = pika.URLParameters(settings.amqp_url)
    parameters.heartbeat = settings.day17_heartbeat
    parameters.blocked_connection_timeout = 10
    parameters.socket_timeout = 5
    parameters.stack_timeout = 10
    parameters.connection_attempts = 1
    return parameters


def connect(settings: Settings) -> pika.BlockingConnection:
    """A blocking connection to the broker; BrokerUnreachable (with how to start it) if not."""
    try:
        return pika.BlockingConnection(connection_parameters(settings))
    except AMQPError as exc:
        raise BrokerUnreachable(settings.amqp_url, _describe(exc)) from exc


class Publisher:
    """Publishes jobs with confirms; day 13's `Runner` (`submit`, `close`, `description`)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.topology = topology_of(settings)
        self._lock = threading.Lock()
        self._connection: pika.BlockingConnection | None = None
        self._channel: Any = None
        self.reconnects = 0  # how often a lost connection was replaced

    @property
    def description(self) -> str:
        """RabbitMQ, where, and which exchange."""
        url = redact(self.settings.amqp_url)
        return f"RabbitMQ on {url}, exchange {self.topology.exchange!r} (publisher confirms)"

    def connect(self) -> None:
        """Connect and declare the topology now (start-up), so a missing broker fails early."""
        with self._lock:
            try:
                self._open()
            except AMQPError as exc:
                self._drop()
                raise BrokerUnreachable(self.settings.amqp_url, _describe(exc)) from exc

    def submit(self, upload_id: str) -> None:
        """Publish the upload's job; return once confirmed (QueueUnavailable otherwise)."""
        self.publish(Job(upload_id))

    def publish(self, job: Job, *, exchange: str | None = None, **headers: Any) -> None:
        """Publish `job` (to the jobs exchange unless told otherwise), confirmed and mandatory."""
        target = self.topology.exchange if exchange is None else exchange
        with self._lock:
            # solution: publish mandatory and confirmed; errors for unroutable/nack; retry once
            for attempt in (1, 2):
                try:
                    channel = self._channel if self._channel is not None else self._open()
                    channel.basic_publish(
                        target, ROUTING_KEY, job.body(), job.properties(**headers), mandatory=True
                    )
                except UnroutableError as exc:
                    raise QueueUnavailable(
                        f"No queue takes the job of upload {job.upload_id} (exchange {target!r} "
                        "routes it nowhere); the upload was not kept."
                    ) from exc
                except NackError as exc:
                    raise QueueUnavailable(
                        f"The broker refused the job of upload {job.upload_id}; not kept."
                    ) from exc
                except AMQPError as exc:  # the connection or channel is gone: a fresh one
                    self._drop()
                    if attempt == 2:
                        raise QueueUnavailable(
                            f"The job queue is unavailable ({_describe(exc)}); "
                            "the upload was not kept, try again."
                        ) from exc
                    logger.warning("publishing failed (%s); reconnecting", _describe(exc))
                    self.reconnects += 1
                else:
                    return
            # end solution

    def _open(self) -> Any:
        """A fresh connection and confirm channel, the topology declared (under the lock)."""
        self._drop()
        self._connection = pika.BlockingConnection(connection_parameters(self.settings))
        channel = self._connection.channel()
        declare(channel, self.topology)
        channel.confirm_delivery()
        self._channel = channel
        return channel

    def _drop(self) -> None:
        connection, self._connection, self._channel = self._connection, None, None
        if connection is not None and connection.is_open:
            try:
                connection.close()
            except AMQPError:  # already broken: nothing to close
                pass

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._drop()


def _describe(exc: AMQPError) -> str:
    """The error's class, and its reason when pika gives one (`ChannelClosedByBroker: 404 ...`)."""
    reason = str(exc).strip()
    return f"{type(exc).__name__}: {reason}" if reason else type(exc).__name__
