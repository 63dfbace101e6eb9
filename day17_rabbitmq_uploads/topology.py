"""The exchanges and queues, named after one base name, and how they are declared.

    day17            direct exchange   --upload-->  day17.jobs  (quorum queue, delivery limit)
    day17.retry      direct exchange   --1s------>  day17.retry.1s  (TTL 1 s, then back to day17)
                                       --5s------>  day17.retry.5s  ...
    day17.dead       fanout exchange   ---------->  day17.dead  (the dead-letter queue)

Everything is durable, so jobs survive a broker restart. A retry queue has no consumer: its
messages wait out the queue's TTL, then RabbitMQ dead-letters them to the jobs exchange, with
the job's routing key: the delay is the broker's, not a sleep in the consumer. The jobs queue's
own dead-letter exchange is the DLQ: a job delivered more than the delivery limit lands there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ROUTING_KEY = "upload"


def delay_label(seconds: float) -> str:
    """A queue-name suffix for a delay: 1s, 30s, 0.25s."""
    return f"{seconds:g}s"


@dataclass(frozen=True)
class Topology:
    """The names of everything day 17 declares, from one base name."""

    name: str
    retry_delays: tuple[float, ...] = (1.0, 5.0, 30.0)
    delivery_limit: int = 5

    @property
    def exchange(self) -> str:
        """Where producers publish jobs."""
        return self.name

    @property
    def jobs_queue(self) -> str:
        """What consumers consume."""
        return f"{self.name}.jobs"

    @property
    def retry_exchange(self) -> str:
        """Where a job waiting for its retry is published (routing key: its delay label)."""
        return f"{self.name}.retry"

    @property
    def dead_exchange(self) -> str:
        """Where parked jobs go."""
        return f"{self.name}.dead"

    @property
    def dead_queue(self) -> str:
        """The dead-letter queue, read by `dlq list|replay|purge`."""
        return f"{self.name}.dead"

    def retry_queue(self, delay: float) -> str:
        """The TTL queue that holds a job for `delay` seconds."""
        return f"{self.name}.retry.{delay_label(delay)}"

    def queues(self) -> list[str]:
        """Every queue, for deleting them all."""
        retries = [self.retry_queue(d) for d in self.retry_delays]
        return [self.jobs_queue, *retries, self.dead_queue]

    def exchanges(self) -> list[str]:
        """Every exchange, for deleting them all."""
        return [self.exchange, self.retry_exchange, self.dead_exchange]


def declare(channel: Any, topology: Topology) -> None:
    """Declare every exchange, queue and binding (idempotent; the same arguments each time)."""
    # solution: the three exchanges, the quorum jobs queue, one TTL queue per delay, the DLQ
    channel.exchange_declare(topology.exchange, exchange_type="direct", durable=True)
    channel.exchange_declare(topology.retry_exchange, exchange_type="direct", durable=True)
    channel.exchange_declare(topology.dead_exchange, exchange_type="fanout", durable=True)
    channel.queue_declare(topology.dead_queue, durable=True)
    channel.queue_bind(topology.dead_queue, topology.dead_exchange)
    jobs = {
        "x-queue-type": "quorum",
        "x-delivery-limit": topology.delivery_limit,
        "x-dead-letter-exchange": topology.dead_exchange,
        # at-least-once: a job the broker dead-letters is removed only once the DLQ has it
        "x-dead-letter-strategy": "at-least-once",
        "x-overflow": "reject-publish",
    }
    channel.queue_declare(topology.jobs_queue, durable=True, arguments=jobs)
    channel.queue_bind(topology.jobs_queue, topology.exchange, routing_key=ROUTING_KEY)
    for delay in topology.retry_delays:
        waiting = {
            "x-message-ttl": round(delay * 1000),
            "x-dead-letter-exchange": topology.exchange,
            "x-dead-letter-routing-key": ROUTING_KEY,
        }
        queue = topology.retry_queue(delay)
        channel.queue_declare(queue, durable=True, arguments=waiting)
        channel.queue_bind(queue, topology.retry_exchange, routing_key=delay_label(delay))
    # end solution


def delete(channel: Any, topology: Topology) -> None:
    """Delete every queue and exchange of the topology (tests, benchmarks)."""
    for queue in topology.queues():
        channel.queue_delete(queue)
    for exchange in topology.exchanges():
        channel.exchange_delete(exchange)
