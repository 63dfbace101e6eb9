"""A tiny on-disk cache of JSON responses, so repeated runs within a TTL skip the network.

One file per URL, named by the SHA-256 of the URL, holding `{"url", "stored_at", "body"}`.
Writes are atomic (write a temporary file in the same folder, then `os.replace` it over the
entry), so a crash or a concurrent run never leaves half a file behind. A damaged or foreign
entry is treated as a miss and overwritten by the next fresh response: a cache must never be
the reason a program crashes.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from day05_http_client.retry import wall_clock

logger = logging.getLogger(__name__)

DEFAULT_CACHE_DIR = Path("var") / "day05-cache"


@dataclass(frozen=True)
class CachedResponse:
    """A body found in the cache, and how old it is in seconds."""

    body: Any
    age: float


class ResponseCache:
    """JSON bodies stored under `directory`, fresh for `ttl` seconds after they were stored."""

    def __init__(
        self,
        directory: Path,
        *,
        ttl: float,
        clock: Callable[[], float] = wall_clock,
    ) -> None:
        if ttl < 0:
            raise ValueError(f"ttl must not be negative, not {ttl}")
        self.directory = Path(directory)
        self.ttl = ttl
        self._clock = clock

    def path_for(self, url: str) -> Path:
        """The file that holds the entry for `url`."""
        digest = hashlib.sha256(url.encode("utf-8")).hexdigest()
        return self.directory / f"{digest}.json"

    def get(self, url: str) -> CachedResponse | None:
        """The fresh cached body for `url`, or None if absent, expired or unreadable."""
        path = self.path_for(url)
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
            stored_at = float(entry["stored_at"])
            body = entry["body"]
            if entry["url"] != url:
                raise ValueError("entry belongs to another URL")
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            logger.warning("ignoring unreadable cache entry %s: %s", path, exc)
            return None
        age = self._clock() - stored_at
        if not 0 <= age <= self.ttl:
            return None
        return CachedResponse(body=body, age=age)

    def put(self, url: str, body: Any) -> None:
        """Store `body` for `url` atomically; a failure to write is logged, never raised."""
        entry = {"url": url, "stored_at": self._clock(), "body": body}
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            _write_atomically(self.path_for(url), json.dumps(entry))
        except OSError as exc:
            logger.warning("could not write the cache in %s: %s", self.directory, exc)


def _write_atomically(path: Path, text: str) -> None:
    """Write `text` to a temporary file next to `path`, then rename it over `path`."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
