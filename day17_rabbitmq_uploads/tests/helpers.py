"""What day 17's tests repeat: CSV files, uploads, waiting, the broker's view, a cuttable proxy."""

from __future__ import annotations

import io
import os
import re
import select
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pika
import pytest

from day01_csv_report import analyze, report_to_dict
from day17_rabbitmq_uploads import Consumer, Settings, UploadWork, Work

FINISHED = ("done", "failed")
# The test runs twice, its uploads stored on SQLite and on PostgreSQL (the plugin's parametrised
# `database_url`, which the `settings` fixture then uses).
on_both_databases = pytest.mark.usefixtures("database_url")
ROOT = Path(__file__).resolve().parents[2]
CONSUME = [sys.executable, "-m", "day17_rabbitmq_uploads", "consume"]


def csv_bytes(rows: int, *, seed: int = 0) -> bytes:
    """A CSV file of `rows` orders (about 35 bytes a row), different for each seed."""
    lines = ["order_id,region,amount,paid"]
    regions = ("North", "South", "East", "West")
    for i in range(rows):
        n = i + seed * 7919
        lines.append(
            f"{n},{regions[n % 4]},{(n * 37) % 1000 / 4:.2f},{'true' if n % 3 else 'false'}"
        )
    return ("\n".join(lines) + "\n").encode()


def day1_report(content: bytes, filename: str) -> dict[str, Any]:
    """Day 1's report of the same bytes, as the upload API stores it."""
    stream = io.BytesIO(content)
    stream.name = filename  # type: ignore[attr-defined]  # day 1 names the report after it
    return report_to_dict(analyze(stream))


def accepted(client: Any, content: bytes, filename: str = "orders.csv") -> str:
    """Upload the bytes; return the Location of the 202 (asserting it was accepted)."""
    response = client.post("/uploads", files={"file": (filename, content, "text/csv")})
    assert response.status_code == 202, f"the upload should be accepted: {response.text}"
    return str(response.headers["location"])


def upload_id(location: str) -> str:
    """The id at the end of an upload's Location."""
    return location.rsplit("/", 1)[1]


def wait_for(
    client: Any, location: str, check: Callable[[dict[str, Any]], bool], *, timeout: float = 20.0
) -> dict[str, Any]:
    """Poll the upload until `check(body)` holds (at most `timeout` seconds)."""
    deadline = time.monotonic() + timeout
    while True:
        body: dict[str, Any] = client.get(location).json()
        if check(body):
            return body
        assert time.monotonic() < deadline, f"condition not met after {timeout:g} s: {body}"
        time.sleep(0.02)


def wait_finished(client: Any, location: str, *, timeout: float = 20.0) -> dict[str, Any]:
    """Poll the upload until it is done or failed."""
    return wait_for(client, location, lambda b: b.get("state") in FINISHED, timeout=timeout)


def poll(check: Callable[[], Any], *, timeout: float = 10.0, what: str = "condition") -> Any:
    """Call `check` every 20 ms until it returns something true; that value."""
    deadline = time.monotonic() + timeout
    while not (value := check()):
        assert time.monotonic() < deadline, f"{what}: not met after {timeout:g} s"
        time.sleep(0.02)
    return value


class Broker:
    """The test's own view of the broker: queue depths, messages, publishing by hand."""

    def __init__(self, url: str) -> None:
        self.connection = pika.BlockingConnection(pika.URLParameters(url))
        self.channel = self.connection.channel()
        self.channel.confirm_delivery()  # publish() returns once the broker has the message

    def depth(self, queue: str) -> int:
        """Messages ready in the queue (not counting those delivered and not yet acked)."""
        return int(self.channel.queue_declare(queue, passive=True).method.message_count)

    def consumers(self, queue: str) -> int:
        """Consumers subscribed to the queue."""
        return int(self.channel.queue_declare(queue, passive=True).method.consumer_count)

    def take(self, queue: str) -> list[tuple[Any, bytes]]:
        """Every ready message of the queue (properties, body), acknowledged: they are gone."""
        found = []
        while True:
            method, properties, body = self.channel.basic_get(queue, auto_ack=True)
            if method is None:
                return found
            found.append((properties, body))

    def publish(self, exchange: str, body: bytes, **properties: Any) -> None:
        """Publish a message by hand (a malformed job, a duplicate), confirmed."""
        self.channel.basic_publish(
            exchange, "upload", body, pika.BasicProperties(**properties), mandatory=True
        )

    def close(self) -> None:
        """Close the connection."""
        with suppress(pika.exceptions.AMQPError):
            self.connection.close()


@contextmanager
def consuming(
    settings: Settings, work: Work | None = None, *, name: str = "consumer-in-test"
) -> Iterator[Consumer]:
    """A consumer running in a thread of the test (day 13's work unless `work`), stopped after."""
    own = work is None
    active = work if work is not None else UploadWork(settings, worker=name)
    ready = threading.Event()
    consumer = Consumer(settings, active, name=name, on_ready=ready.set)
    exits: list[int] = []
    thread = threading.Thread(target=lambda: exits.append(consumer.run()), daemon=True)
    thread.start()
    try:
        assert ready.wait(10), "the consumer should be consuming within 10 s"
        yield consumer
    finally:
        consumer.stop()
        thread.join(timeout=20)
        if own:
            active.close()  # type: ignore[union-attr]
    assert exits == [0], "stop() ends run() with exit code 0"


def environment(settings: Settings, **extra: str) -> dict[str, str]:
    """The environment giving a `python -m day17_rabbitmq_uploads` process these settings."""
    values: Mapping[str, Any] = settings.model_dump(exclude_none=True)
    env = {key.upper(): _env_value(value) for key, value in values.items()}
    base = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "AMQP_URL")}
    return {**base, **env, "LOG_FORMAT": "text", "LOG_LEVEL": "INFO", **extra}


def _env_value(value: Any) -> str:
    return f"[{', '.join(map(str, value))}]" if isinstance(value, tuple) else str(value)


@dataclass
class ConsumerProcess:
    """`python -m day17_rabbitmq_uploads consume` as a real process; its log in a file."""

    settings: Settings
    log_path: Path
    process: subprocess.Popen[str] | None = None

    def start(self, *args: str, timeout: float = 30.0) -> None:
        """Start it and wait for its `Consuming ...` line."""
        self.spawn(*args)
        self.wait_ready(timeout)

    def spawn(self, *args: str) -> None:
        """Start it (it prints `Consuming ...` once connected)."""
        self._log = self.log_path.open("a")
        self.process = subprocess.Popen(
            [*CONSUME, *args],
            cwd=ROOT,
            env=environment(self.settings),
            stdout=subprocess.PIPE,
            stderr=self._log,
            text=True,
        )

    def wait_ready(self, timeout: float = 30.0) -> None:
        """Wait for its `Consuming ...` line."""
        assert self.process is not None and self.process.stdout is not None
        ready, _, _ = select.select([self.process.stdout], [], [], timeout)
        line = self.process.stdout.readline() if ready else ""
        assert line.startswith("Consuming "), (
            f"a 'Consuming ...' line first: {line!r}\n{self.log()}"
        )

    def kill(self) -> None:
        """SIGKILL: no chance to finish, ack or say goodbye."""
        assert self.process is not None
        self.process.kill()
        self.process.wait(timeout=10)

    def terminate(self, *, timeout: float = 20.0) -> int:
        """SIGTERM, and its exit code."""
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=timeout)

    def log(self) -> str:
        """Its stderr so far."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        """Whatever state it is in: gone after this."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        if self.process is not None and self.process.stdout is not None:
            self.process.stdout.close()
        if hasattr(self, "_log"):
            self._log.close()


class PipedFile:
    """An upload's stored file swapped for a named pipe (`os.mkfifo`) that the test feeds, so a
    consumer reading it is mid-file for exactly as long as the test wants, on a quiet machine as
    on a loaded one (a merely big file is read in 0.3 s on one and 5 s on the other).

    A piece every 0.25 s, so that the processor, which records progress at most every 0.1 s,
    shows some even when it is slow to wake; never the last piece until `finish()`. `close()`
    puts the real file back.
    """

    PIECE = 256 * 1024  # what day 13's processor reads at a time
    PACE = 0.25

    def __init__(self, path: Path, content: bytes) -> None:
        assert len(content) > 4 * self.PIECE, "pieces enough to show progress, and one held back"
        self.path, self.content = path, content
        self._kept = path.with_name(f"{path.name}.kept")
        os.replace(path, self._kept)
        os.mkfifo(path)
        self._wake = threading.Event()  # finish() or close(): stop pacing
        self._finishing = False
        self._thread = threading.Thread(target=self._feed, daemon=True)
        self._thread.start()

    def _feed(self) -> None:
        sent, hold = 0, len(self.content) - self.PIECE
        with suppress(OSError), open(self.path, "wb") as pipe:  # waits for a reader to open it
            while sent < hold and not self._wake.is_set():
                piece = self.content[sent : min(sent + self.PIECE, hold)]
                pipe.write(piece)
                pipe.flush()  # the reader may be killed meanwhile: a broken pipe, ignored
                sent += len(piece)
                self._wake.wait(self.PACE)
            self._wake.wait()
            if self._finishing:
                pipe.write(self.content[sent:])

    def finish(self) -> None:
        """Send the rest of the file: the reader gets to its end."""
        self._finishing = True
        self._wake.set()
        self._thread.join(timeout=30)

    def close(self) -> None:
        """Stop feeding (whether anyone reads or not) and put the real file back in place."""
        self._wake.set()
        if self._thread.is_alive():  # still waiting for a reader: open one to let it go
            with suppress(OSError):
                os.close(os.open(self.path, os.O_RDONLY | os.O_NONBLOCK))
        self._thread.join(timeout=30)
        os.replace(self._kept, self.path)

    def __enter__(self) -> PipedFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Proxy:
    """A TCP proxy to the broker on an ephemeral port; `cut()` drops every connection at once,
    as a broker restart or a network failure would (without restarting the shared broker)."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self.listener.getsockname()[1]
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self.accepted = 0
        self.refuse = False  # True: new connections are closed at once (the broker is "down")
        self.refused = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def url(self, broker_url: str) -> str:
        """The broker's URL, through the proxy."""
        return re.sub(r"@[^/]+", f"@127.0.0.1:{self.port}", broker_url, count=1)

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return  # closed
            if self.refuse:
                client.close()
                self.refused += 1
                continue
            upstream = socket.create_connection(self.target)
            with self._lock:
                self._sockets += [client, upstream]
                self.accepted += 1
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=_pump, args=(source, sink), daemon=True).start()

    def cut(self) -> int:
        """Close every proxied connection now; how many there were."""
        with self._lock:
            sockets, self._sockets = self._sockets, []
        for sock in sockets:
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        return len(sockets) // 2

    def close(self) -> None:
        """Stop listening and cut everything."""
        self.listener.close()
        self.cut()


def _pump(source: socket.socket, sink: socket.socket) -> None:
    with suppress(OSError):
        while data := source.recv(65536):
            sink.sendall(data)
    with suppress(OSError):
        sink.shutdown(socket.SHUT_RDWR)


def cli_options(settings: Settings) -> list[str]:
    """The command-line options that point a command at these settings' broker, names, files."""
    return [
        "--amqp-url",
        settings.amqp_url,
        "--name",
        settings.day17_name,
        "--database-url",
        settings.database_url,
        "--upload-dir",
        str(settings.day13_upload_dir),
        "--delivery-limit",
        str(settings.day17_delivery_limit),
        "--retry-delays",
        ",".join(map(str, settings.day17_retry_delays)),
    ]
