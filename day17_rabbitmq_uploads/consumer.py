"""The consumer: jobs from the queue, day 13's processor on worker threads, acks after.

Threads, and why. pika's `BlockingConnection` belongs to the thread that runs its loop, here
the *I/O thread* (`run`). It must keep calling `process_data_events` so heartbeats flow: a
5-second analysis on that thread would look like a dead consumer to the broker. So the I/O
thread only receives jobs (up to `prefetch` unacknowledged ones) and hands them to
`concurrency` worker threads; a worker runs the job, decides what becomes of it (`Action`), and
asks the I/O thread to carry that out with `add_callback_threadsafe`, the one thread-safe
method of the connection.

What becomes of a job (`decide`):
- processed (done, failed for a bad file, or skipped: a redelivery of a finished upload) → ack.
  The ack comes after the processor stored the outcome, so a crash before it only redelivers.
- a transient failure → a copy goes to the next TTL queue (1 s, 5 s, 30 s), then the original
  is acked; after the last delay it is parked in the dead-letter queue with the reason.
- another worker holds the upload (`Busy`) → a copy waits in the TTL queue that covers the wait.
- a message that is not a job → parked at once.
- anything unexpected (a bug) → requeued; the quorum queue's delivery limit dead-letters a
  job that keeps coming back, so one bad job cannot loop for ever.

The connection going away (broker restart, network) ends `_consume` with an exception: jobs
received but not started are forgotten (the broker redelivers every unacked job of a closed
connection), jobs in progress finish and store their outcome (their ack is lost, the
redelivery is skipped as already done), and `run` reconnects after 1 s, 2 s, 4 s ... `stop()`
(SIGTERM) cancels the subscription, gives back the jobs not started, lets the jobs in progress
finish and be acked, and returns.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import pika
from pika.exceptions import (
    AMQPError,
    NackError,
    ProbableAccessDeniedError,
    ProbableAuthenticationError,
    UnroutableError,
)

from day13_background_tasks import Busy, TransientError
from day17_rabbitmq_uploads.config import Settings
from day17_rabbitmq_uploads.errors import BrokerUnreachable, MalformedJob
from day17_rabbitmq_uploads.jobs import PARKED_AT, REASON, Job, read_job, with_headers
from day17_rabbitmq_uploads.publisher import connection_parameters, topology_of
from day17_rabbitmq_uploads.topology import ROUTING_KEY, Topology, declare, delay_label
from day17_rabbitmq_uploads.work import Work

logger = logging.getLogger(__name__)

TICK = 0.1  # seconds the I/O thread waits for the broker before looking at `stopping` again


@dataclass(frozen=True)
class Action:
    """What the I/O thread does with a delivered job: ack, requeue, or forward a copy then ack."""

    kind: str  # "ack", "requeue", "retry" or "park"
    note: str = ""  # for the log: the processor's outcome, or why
    exchange: str = ""  # retry and park: where the copy goes ...
    routing_key: str = ""
    body: bytes = b""  # ... with this body and these properties
    properties: pika.BasicProperties | None = None


@dataclass
class _Link:
    """One connection and its two channels: consuming (no confirms) and publishing (confirms)."""

    connection: pika.BlockingConnection
    channel: Any
    publisher: Any
    in_flight: int = 0  # delivered, not yet acked or requeued (touched by the I/O thread only)


@dataclass(frozen=True)
class _Delivery:
    link: _Link
    tag: int
    properties: pika.BasicProperties
    body: bytes


def decide(
    job_message: tuple[bytes, pika.BasicProperties], work: Work, topology: Topology
) -> Action:
    """Run the job and say what becomes of its message (see the module docstring)."""
    body, properties = job_message
    # solution: read the job (park it if malformed), run it, map each outcome to an Action
    try:
        job = read_job(body, properties)
    except MalformedJob as exc:
        return _parked(topology, body, properties, f"malformed job: {exc}")
    try:
        outcome = work.process(job.upload_id)
    except TransientError as exc:
        return _retry_or_park(job, str(exc), work, topology)
    except Busy as exc:  # wait in the queue whose delay covers the other worker's lease
        delay = next((d for d in topology.retry_delays if d >= exc.wait), topology.retry_delays[-1])
        return _forward("retry", topology.retry_exchange, delay_label(delay), job, str(exc))
    except Exception as exc:  # a bug: back to the queue; the delivery limit ends a loop
        logger.exception("job %s failed unexpectedly; requeued", job.upload_id)
        return Action("requeue", note=f"{type(exc).__name__}: {exc}")
    return Action("ack", note=outcome)
    # end solution


def _retry_or_park(job: Job, error: str, work: Work, topology: Topology) -> Action:
    """The next delay's TTL queue; after the last one, the dead-letter queue."""
    # solution: the next TTL queue while delays are left, else park the job and its upload
    failed = job.failed(time.time())
    if job.retries < len(topology.retry_delays):
        delay = topology.retry_delays[job.retries]
        note = f"attempt {failed.retries} failed ({error}); retry in {delay:g} s"
        return _forward("retry", topology.retry_exchange, delay_label(delay), failed, note)
    reason = f"gave up after {failed.retries} attempts: {error}"
    work.park(job.upload_id, reason)
    return _parked(topology, failed.body(), failed.properties(), reason)
    # end solution


def _forward(kind: str, exchange: str, routing_key: str, job: Job, note: str) -> Action:
    return Action(kind, note, exchange, routing_key, job.body(), job.properties())


def _parked(
    topology: Topology, body: bytes, properties: pika.BasicProperties, reason: str
) -> Action:
    """The message as it came, with the reason and the time attached, for the DLQ."""
    headers = {**(properties.headers or {}), REASON: reason, PARKED_AT: round(time.time() * 1000)}
    parked = with_headers(properties, headers)
    return Action("park", reason, topology.dead_exchange, ROUTING_KEY, body, parked)


@dataclass
class Consumer:
    """Consume the settings' jobs queue until `stop()`; `run()` returns the exit code."""

    settings: Settings
    work: Work
    name: str = "consumer"
    on_ready: Callable[[], None] | None = None  # called each time it is consuming (tests, CLI)
    idle_exit: float | None = None  # stop once no job came or was in progress for this long
    stopping: threading.Event = field(default_factory=threading.Event)
    stats: Counter[str] = field(default_factory=Counter)  # acks, retries, parks, ... (and links)

    def __post_init__(self) -> None:
        self.topology = topology_of(self.settings)
        self._jobs: queue.Queue[_Delivery | None] = queue.Queue()
        self._link: _Link | None = None
        self._active = time.monotonic()  # when a job last arrived or was settled

    def stop(self) -> None:
        """Finish the jobs in progress, give the others back, return from `run` (thread-safe)."""
        self.stopping.set()

    def run(self) -> int:
        """Consume until stopped; 0 then. A broker not up yet, or gone, is retried with
        back-off; only a refused login (BrokerUnreachable) ends it."""
        workers = [
            threading.Thread(target=self._work_loop, name=f"{self.name}-{n}", daemon=True)
            for n in range(1, self.settings.day17_concurrency + 1)
        ]
        for worker in workers:
            worker.start()
        try:
            self._connected_loop()
        finally:
            if self._link is not None and self._link.connection.is_open:
                self._link.connection.close()  # only after an unexpected error: a bug
            for _ in workers:
                self._jobs.put(None)
            for worker in workers:
                worker.join()
        return 0

    def _connected_loop(self) -> None:
        delay = self.settings.day17_reconnect_delay
        while not self.stopping.is_set():
            try:
                link = self._connect()
            except (ProbableAuthenticationError, ProbableAccessDeniedError) as exc:
                raise BrokerUnreachable(self.settings.amqp_url, type(exc).__name__) from exc
            except AMQPError as exc:  # not up yet, or gone: try again, a little later each time
                # solution: log, wait `delay` (unless stopping), double it up to the maximum
                reason = type(exc).__name__
                logger.warning("cannot connect (%s); next try in %.1f s", reason, delay)
                self.stopping.wait(delay)
                delay = min(delay * 2, self.settings.day17_reconnect_delay_max)
                # end solution
                continue
            delay = self.settings.day17_reconnect_delay
            try:
                self._consume(link)
            except AMQPError as exc:  # the connection, or a channel the broker closed
                logger.warning("lost the broker connection (%s); reconnecting", type(exc).__name__)
                self._forget(link)
                self.stats["lost"] += 1

    def _connect(self) -> _Link:
        connection = pika.BlockingConnection(connection_parameters(self.settings))
        try:
            channel = connection.channel()
            declare(channel, self.topology)
            channel.basic_qos(prefetch_count=self.settings.day17_prefetch)
            publisher = connection.channel()
            publisher.confirm_delivery()
        except AMQPError:
            connection.close()
            raise
        self.stats["links"] += 1
        return _Link(connection, channel, publisher)

    def _consume(self, link: _Link) -> None:
        """Receive jobs on this connection until stopped (a lost connection raises)."""
        # solution: subscribe, turn the I/O loop until stopped, then cancel, give back, drain
        self._link = link
        tag = link.channel.basic_consume(
            self.topology.jobs_queue, on_message_callback=partial(self._received, link)
        )
        logger.info("consuming %s as %s", self.topology.jobs_queue, self.name)
        if self.on_ready is not None:
            self.on_ready()
        while not self.stopping.is_set():
            link.connection.process_data_events(time_limit=TICK)  # heartbeats, acks, jobs
            self._stop_if_idle(link)
        link.channel.basic_cancel(tag)  # no new jobs; pika requeues the undelivered ones
        self._give_back(link)
        while link.in_flight:  # the workers finish theirs; their acks arrive through here
            link.connection.process_data_events(time_limit=TICK)
        link.connection.close()
        # end solution
        logger.info("stopped: every job in progress was finished and acknowledged")

    def _stop_if_idle(self, link: _Link) -> None:
        """`idle_exit`: stop when nothing arrived or was in progress for that long."""
        if link.in_flight:
            self._active = time.monotonic()
        elif self.idle_exit is not None and time.monotonic() - self._active >= self.idle_exit:
            logger.info("no job for %.1f s: stopping", self.idle_exit)
            self.stop()

    def _received(
        self, link: _Link, channel: Any, method: Any, properties: Any, body: bytes
    ) -> None:
        """A delivery, on the I/O thread: queue it for the next free worker."""
        link.in_flight += 1
        self._active = time.monotonic()
        self._jobs.put(_Delivery(link, method.delivery_tag, properties, body))

    def _work_loop(self) -> None:
        """A worker thread: run jobs, send what becomes of each to the I/O thread."""
        while (delivery := self._jobs.get()) is not None:
            action = decide((delivery.body, delivery.properties), self.work, self.topology)
            settle = partial(self._settle, delivery, action)
            try:
                delivery.link.connection.add_callback_threadsafe(settle)
            except AMQPError:  # its connection is gone: the broker redelivers the job
                logger.info("job done but its connection closed; the broker will redeliver it")

    def _settle(self, delivery: _Delivery, action: Action) -> None:
        """On the I/O thread: ack, requeue, or publish the copy (confirmed) and then ack."""
        link = delivery.link
        if link is not self._link or not link.channel.is_open:
            return  # a connection since replaced: its jobs are redelivered
        # solution: retry/park: publish the copy, then ack; requeue if refused
        kind = action.kind
        if kind in ("retry", "park"):
            try:
                link.publisher.basic_publish(
                    action.exchange,
                    action.routing_key,
                    action.body,
                    action.properties,
                    mandatory=True,
                )
            except (UnroutableError, NackError):
                logger.error("could not %s job (%s); requeued", kind, action.note)
                kind = "requeue"
        if kind == "requeue":
            link.channel.basic_nack(delivery.tag, requeue=True)
        else:
            link.channel.basic_ack(delivery.tag)
        # end solution
        link.in_flight -= 1
        self.stats[kind] += 1
        log = logger.warning if kind in ("park", "requeue") else logger.info
        log("job %s: %s %s", delivery.properties.message_id, kind, action.note)

    def _give_back(self, link: _Link) -> None:
        """Requeue the jobs received on `link` that no worker has started."""
        for delivery in self._drain():
            if delivery.link is link:
                link.channel.basic_nack(delivery.tag, requeue=True)
                link.in_flight -= 1

    def _forget(self, link: _Link) -> None:
        """After a lost connection: drop its waiting jobs (the broker has them again)."""
        self._drain()
        self._link = None
        if link.connection.is_open:  # a channel error: the connection itself still works
            try:
                link.connection.close()
            except AMQPError:
                pass

    def _drain(self) -> list[_Delivery]:
        waiting: list[_Delivery] = []
        while True:
            try:
                item = self._jobs.get_nowait()
            except queue.Empty:
                return waiting
            if item is not None:  # (the workers' stop signals come only after the last link)
                waiting.append(item)
