"""What day 13's tests repeat: CSV files to upload, uploading, waiting, day 1's own numbers."""

from __future__ import annotations

import io
import os
import re
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from day01_csv_report import SAMPLE_CSV, analyze, report_to_dict
from day13_background_tasks import Settings

SAMPLE = SAMPLE_CSV  # day 1's bundled sales orders: 3,000 rows, 277 KB
WORKER_COMMAND = [sys.executable, "-m", "day13_background_tasks", "worker"]
FINISHED = ("done", "failed")


class Http(Protocol):
    """A TestClient or an httpx.Client: what the helpers need of a client."""

    def get(self, url: str, **kwargs: Any) -> Any: ...
    def post(self, url: str, **kwargs: Any) -> Any: ...


def local_settings(folder: Path, **values: Any) -> Settings:
    """Settings on a SQLite file and an upload folder inside `folder`; no broker."""
    fields: dict[str, Any] = {
        "database_url": f"sqlite:///{folder / 'day13.db'}",
        "day13_upload_dir": folder / "uploads",
        "redis_url": None,
        **values,
    }
    return Settings(**fields)


def multipart(content: bytes, *, filename: str = "orders.csv", boundary: str = "b0undary") -> bytes:
    """A multipart/form-data body with `content` as its `file` field (for hand-made requests)."""
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"'
        "\r\nContent-Type: text/csv\r\n\r\n"
    )
    return head.encode() + content + f"\r\n--{boundary}--\r\n".encode()


def csv_bytes(rows: int, *, seed: int = 0) -> bytes:
    """A CSV file of `rows` orders (about 40 bytes a row), different for each seed."""
    lines = ["order_id,region,amount,paid,ordered"]
    regions = ("North", "South", "East", "West")
    for i in range(rows):
        n = i + seed * 7919
        lines.append(
            f"{n},{regions[n % 4]},{(n * 37) % 1000 / 4:.2f},{'true' if n % 3 else 'false'},"
            f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}"
        )
    return ("\n".join(lines) + "\n").encode()


def day1_report(content: bytes, filename: str) -> dict[str, Any]:
    """Day 1's report of the same bytes, as `report_to_dict` stores it."""
    stream = io.BytesIO(content)
    stream.name = filename  # type: ignore[attr-defined]  # day 1 names the report after it
    return report_to_dict(analyze(stream))


def upload(
    client: Http, content: bytes, filename: str = "orders.csv", content_type: str = "text/csv"
) -> Any:
    """POST the bytes as the form's `file` field; return the response."""
    return client.post("/uploads", files={"file": (filename, content, content_type)})


def accepted(client: Http, content: bytes, filename: str = "orders.csv") -> str:
    """Upload and return the Location the 202 names (asserting it was accepted)."""
    response = upload(client, content, filename)
    assert response.status_code == 202, f"the upload should be accepted: {response.text}"
    location: str = response.headers["location"]
    return location


def wait_finished(client: Http, location: str, *, timeout: float = 30.0) -> dict[str, Any]:
    """Poll the upload until it is done or failed (at most `timeout` seconds)."""
    deadline = time.monotonic() + timeout
    while True:
        body: dict[str, Any] = client.get(location).json()
        if body.get("state") in FINISHED:
            return body
        assert time.monotonic() < deadline, f"not finished after {timeout:g} s: {body}"
        time.sleep(0.02)


def wait_for(client: Http, location: str, check: Any, *, timeout: float = 30.0) -> dict[str, Any]:
    """Poll the upload until `check(body)` is true (at most `timeout` seconds)."""
    deadline = time.monotonic() + timeout
    while True:
        body: dict[str, Any] = client.get(location).json()
        if check(body):
            return body
        assert time.monotonic() < deadline, f"condition not met after {timeout:g} s: {body}"
        time.sleep(0.02)


def stored_files(settings: Settings) -> list[Path]:
    """Every file in the upload folder (partial ones included)."""
    folder = settings.day13_upload_dir
    return sorted(folder.iterdir()) if folder.exists() else []


def worker_env(settings: Settings, **extra: str) -> dict[str, str]:
    """The environment that gives a worker process these settings (plus `extra`)."""
    values: Mapping[str, Any] = settings.model_dump(exclude_none=True)
    env = {key.upper(): str(value) for key, value in values.items()}
    return {**env, **extra}


class HoldingRunner:
    """A runner that keeps what it is given and processes nothing (uploads stay queued)."""

    description = "holding (test)"

    def __init__(self) -> None:
        self.submitted: list[str] = []

    def submit(self, upload_id: str) -> None:
        self.submitted.append(upload_id)

    def close(self) -> None:
        pass


ROOT = Path(__file__).resolve().parents[2]
ANNOUNCEMENT = re.compile(r"Serving (.+) on (http://127\.0\.0\.1:\d+)\n")


@dataclass
class Server:
    """A `python -m day13_background_tasks` server process, and what it announced."""

    process: subprocess.Popen[str]
    what: str  # "upload API (in-process runner)"
    base_url: str
    log_path: Path

    def log(self) -> str:
        """Its stderr so far."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")


@contextmanager
def serving(
    argv: Sequence[str], *, env: Mapping[str, str], log_path: Path, timeout: float = 60.0
) -> Iterator[Server]:
    """Start the day's server (`--port 0`), wait for its Serving line, stop it after (SIGINT)."""
    command = [sys.executable, "-m", "day13_background_tasks", *argv, "--port", "0"]
    environment = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    with (
        log_path.open("w") as stderr,
        subprocess.Popen(
            command,
            cwd=ROOT,
            env={**environment, **env},
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        ) as process,
    ):
        try:
            line = _read_line(process, timeout)
            found = ANNOUNCEMENT.fullmatch(line)
            log = log_path.read_text()
            assert found, f"a 'Serving ... on http://...' line first, got {line!r}; log:\n{log}"
            yield Server(process, found.group(1), found.group(2), log_path)
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()


def _read_line(process: subprocess.Popen[str], timeout: float) -> str:
    """The process's first stdout line, or "" if none comes within `timeout` seconds."""
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], timeout)
    return process.stdout.readline() if ready else ""
