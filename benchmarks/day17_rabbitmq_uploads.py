"""Day 17 benchmark: publish and consume rates on the real RabbitMQ, beside bare pika.

Every row uses exchanges and queues of its own (a unique base name, deleted after), on the
broker at AMQP_URL (the course default otherwise). Rows:
  publish    N small jobs published by day 17's `Publisher` (one confirm per job, what the
             API does per upload), beside the same jobs on one channel with streamed confirms
             (pika's asynchronous SelectConnection: publish ahead, count the broker's acks)
  consume    N jobs already queued, consumed at prefetch 50 by day 17's `Consumer` (I/O
             thread, two worker threads, acks handed back with add_callback_threadsafe) with
             work that does nothing, beside a bare pika loop that acks in its callback, on a
             queue of the same type (quorum): goal >= 0.5
  prefetch   the consumer's rate at prefetch 1, 10, 50 and 300
  uploads    end to end: M small CSV uploads through day 13's API (TestClient) and the
             consumer running day 13's processor (SQLite; PostgreSQL too when it is up, in a
             database of its own, dropped after), beside day 1's `analyze` of the same files
             in a loop

Usage: python benchmarks/day17_rabbitmq_uploads.py [--jobs 5000] [--uploads 200]
       python benchmarks/day17_rabbitmq_uploads.py --jobs 20000      (the issue's size)
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pika  # noqa: E402

from day01_csv_report import analyze  # noqa: E402
from day17_rabbitmq_uploads import (  # noqa: E402
    Consumer,
    Job,
    Publisher,
    Settings,
    Topology,
    UploadWork,
    create_app,
    declare,
    delete,
    topology_of,
)
from shared.postgres import temporary_database  # noqa: E402
from shared.services import probe, service_url  # noqa: E402

DEADLINE = 600.0  # seconds any one phase may take before the benchmark gives up
CURVE = (1, 10, 50, 300)


class NoWork:
    """Work that does nothing: what is left is the queue machinery."""

    def process(self, upload_id: str) -> str:
        return "nothing"

    def park(self, upload_id: str, reason: str) -> None:
        pass


@contextmanager
def scratch_settings(url: str, folder: Path, **values: object) -> Iterator[Settings]:
    """Settings with a topology of their own, deleted afterwards."""
    fields: dict[str, object] = {
        "amqp_url": url,
        "day17_name": f"bench17_{uuid.uuid4().hex[:10]}",
        "database_url": f"sqlite:///{folder / f'{uuid.uuid4().hex[:6]}.db'}",
        "day13_upload_dir": folder / "uploads",
        **values,
    }
    settings = Settings(**fields)  # type: ignore[arg-type]
    try:
        yield settings
    finally:
        connection = pika.BlockingConnection(pika.URLParameters(url))
        delete(connection.channel(), topology_of(settings))
        connection.close()


def fill(settings: Settings, jobs: int) -> None:
    """Put `jobs` jobs in the settings' queue quickly (streamed confirms)."""
    stream_publish(settings.amqp_url, topology_of(settings), jobs)


def publish_per_message(settings: Settings, jobs: int) -> float:
    """Seconds to publish `jobs` jobs, each confirmed before the next (day 17's Publisher)."""
    publisher = Publisher(settings)
    publisher.connect()
    started = time.perf_counter()
    for n in range(jobs):
        publisher.publish(Job(f"job{n}"))
    elapsed = time.perf_counter() - started
    publisher.close()
    return elapsed


def stream_publish(url: str, topology: Topology, jobs: int, window: int = 1000) -> float:
    """Seconds to publish `jobs` jobs with streamed confirms: up to `window` unconfirmed."""
    blocking = pika.BlockingConnection(pika.URLParameters(url))
    declare(blocking.channel(), topology)
    blocking.close()
    state = {"sent": 0, "acked": 0, "started": 0.0, "elapsed": 0.0}
    connection: pika.SelectConnection

    def on_open(conn: pika.SelectConnection) -> None:
        conn.channel(on_open_callback=on_channel)

    def on_channel(channel: object) -> None:
        channel.confirm_delivery(on_confirm, callback=lambda _: start(channel))  # type: ignore[attr-defined]

    def start(channel: object) -> None:
        state["started"] = time.perf_counter()
        send(channel)

    def send(channel: object) -> None:
        while state["sent"] < jobs and state["sent"] - state["acked"] < window:
            job = Job(f"job{int(state['sent'])}")
            channel.basic_publish(topology.exchange, "upload", job.body(), job.properties())  # type: ignore[attr-defined]
            state["sent"] += 1
        current["channel"] = channel

    def on_confirm(frame: pika.frame.Method) -> None:
        method = frame.method
        if isinstance(method, pika.spec.Basic.Nack):
            raise RuntimeError("the broker refused a job")
        confirmed = method.delivery_tag
        state["acked"] = confirmed if method.multiple else max(state["acked"], confirmed)
        if state["acked"] >= jobs:
            state["elapsed"] = time.perf_counter() - state["started"]
            connection.close()
        else:
            send(current["channel"])

    current: dict[str, object] = {}
    connection = pika.SelectConnection(
        pika.URLParameters(url),
        on_open_callback=on_open,
        on_close_callback=lambda conn, reason: conn.ioloop.stop(),
    )
    connection.ioloop.start()
    return state["elapsed"]


def consume_ours(settings: Settings, jobs: int, work: object = None) -> float:
    """Seconds for day 17's Consumer to acknowledge `jobs` queued jobs."""
    consumer = Consumer(settings, work or NoWork())  # type: ignore[arg-type]
    ready = threading.Event()
    consumer.on_ready = ready.set
    thread = threading.Thread(target=consumer.run, daemon=True)
    started = time.perf_counter()
    thread.start()
    deadline = time.monotonic() + DEADLINE
    while consumer.stats["ack"] < jobs:
        if time.monotonic() > deadline:
            raise RuntimeError(f"only {consumer.stats['ack']} of {jobs} jobs acked")
        time.sleep(0.005)
    elapsed = time.perf_counter() - started
    consumer.stop()
    thread.join(timeout=30)
    return elapsed


def consume_bare(settings: Settings, jobs: int, prefetch: int) -> float:
    """Seconds for a bare pika loop (ack in the callback) to consume `jobs` queued jobs."""
    connection = pika.BlockingConnection(pika.URLParameters(settings.amqp_url))
    channel = connection.channel()
    channel.basic_qos(prefetch_count=prefetch)
    count = 0

    def on_message(ch: object, method: object, properties: object, body: bytes) -> None:
        nonlocal count
        channel.basic_ack(method.delivery_tag)  # type: ignore[attr-defined]
        count += 1
        if count >= jobs:
            channel.stop_consuming()

    started = time.perf_counter()
    channel.basic_consume(topology_of(settings).jobs_queue, on_message_callback=on_message)
    channel.start_consuming()
    elapsed = time.perf_counter() - started
    connection.close()
    return elapsed


def small_csv(n: int) -> bytes:
    """A small CSV file (about 2 KB), different for each n."""
    rows = [f"{i + n},R{i % 5},{(i * 37 + n) % 1000 / 4:.2f}" for i in range(60)]
    return ("order_id,region,amount\n" + "\n".join(rows) + "\n").encode()


def uploads_end_to_end(settings: Settings, uploads: int) -> tuple[float, float]:
    """Seconds to consume `uploads` uploads with day 13's processor; day 1 alone, same files."""
    from fastapi.testclient import TestClient

    files = [small_csv(n) for n in range(uploads)]
    with TestClient(create_app(settings)) as client:
        for n, content in enumerate(files):
            response = client.post("/uploads", files={"file": (f"f{n}.csv", content, "text/csv")})
            assert response.status_code == 202, response.text
    work = UploadWork(settings, worker="bench")
    try:
        ours = consume_ours(settings, uploads, work)
    finally:
        work.close()
    started = time.perf_counter()
    for n, content in enumerate(files):
        stream = io.BytesIO(content)
        stream.name = f"f{n}.csv"
        analyze(stream)
    return ours, time.perf_counter() - started


def row(name: str, count: int, seconds: float, base: float | None = None) -> str:
    """One line of the table: the rate, and its ratio to the baseline's rate."""
    rate = count / seconds if seconds else float("inf")
    ratio = f"{base / seconds:6.2f}" if base else "     -"
    return f"{name:<46} {count:>7} {seconds:>8.2f} {rate:>10.0f} {ratio}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=5000, help="jobs per row (issue: 20000)")
    parser.add_argument("--uploads", type=int, default=200, help="uploads end to end")
    args = parser.parse_args()
    url = service_url("rabbitmq") or "amqp://guest:guest@127.0.0.1:5672/%2F"
    jobs = args.jobs
    print(f"{'row':<46} {'count':>7} {'seconds':>8} {'per sec':>10} {'ratio'}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with scratch_settings(url, folder) as settings:
            streamed = stream_publish(url, topology_of(settings), jobs)
        with scratch_settings(url, folder) as settings:
            per_message = publish_per_message(settings, jobs)
        print(row("publish: streamed confirms (bare pika)", jobs, streamed))
        print(row("publish: per-message confirms (Publisher)", jobs, per_message, streamed))
        with scratch_settings(url, folder) as settings:
            fill(settings, jobs)
            bare = consume_bare(settings, jobs, prefetch=50)
        with scratch_settings(url, folder, day17_prefetch=50) as settings:
            fill(settings, jobs)
            ours = consume_ours(settings, jobs)
        print(row("consume, prefetch 50: bare pika loop", jobs, bare))
        print(row("consume, prefetch 50: Consumer, no-op work", jobs, ours, bare))
        for prefetch in CURVE:
            count = min(jobs, 2000) if prefetch == 1 else jobs
            with scratch_settings(url, folder, day17_prefetch=prefetch) as settings:
                fill(settings, count)
                seconds = consume_ours(settings, count)
            print(
                row(
                    f"prefetch {prefetch}: Consumer, no-op work",
                    count,
                    seconds,
                    ours * count / jobs,
                )
            )
        with scratch_settings(url, folder, day17_prefetch=50) as settings:
            ours_uploads, day1 = uploads_end_to_end(settings, args.uploads)
        print(row("uploads: day 1's analyze alone, in a loop", args.uploads, day1))
        print(
            row("uploads: queued, consumed, processed (SQLite)", args.uploads, ours_uploads, day1)
        )
        postgres = service_url("postgresql")
        if postgres is not None and probe(postgres):  # the same uploads, their rows on PostgreSQL
            with (
                temporary_database(postgres, prefix="bench17") as database,
                scratch_settings(url, folder, day17_prefetch=50, database_url=database) as on_pg,
            ):
                ours_pg, _ = uploads_end_to_end(on_pg, args.uploads)
            name = "uploads: queued, consumed, done (PostgreSQL)"
            print(row(name, args.uploads, ours_pg, day1))
    print("ratio: the baseline's time / the row's time (above 1: faster than the baseline;")
    print("prefetch rows: against prefetch 50). Goal: Consumer / bare pika at prefetch 50 >= 0.5.")


if __name__ == "__main__":
    main()
