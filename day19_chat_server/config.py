"""ChatConfig: every limit the server enforces, in one frozen dataclass with safe defaults."""

from __future__ import annotations

import math
from dataclasses import dataclass

DEFAULT_PORT = 8019
MAX_LINE_BYTES = 512  # RFC 1459 section 2.3: a message is at most 512 bytes, CR LF included


@dataclass(frozen=True)
class ChatConfig:
    """How the server listens and what it tolerates; tests shrink the timers.

    `flood_rate=math.inf` turns the flood limit off (the benchmark does).
    """

    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    irc_only: bool = False  # every connection speaks IRC; no detection from the first line
    server_name: str = "day19.chat"
    motd: tuple[str, ...] | None = None  # None: IRC clients get 422 "MOTD File is missing"
    max_clients: int = 5000
    max_line_bytes: int = MAX_LINE_BYTES
    send_queue_bytes: int = 256 * 1024  # per client; a client over it is disconnected
    flood_burst: int = 10  # lines a client may send at once...
    flood_rate: float = 2.0  # ...then this many lines per second (RFC 1459 section 8.10)
    ping_interval: float = 120.0  # seconds without a byte from a client before we PING it
    ping_timeout: float = 60.0  # seconds after the PING before we drop it
    drain_seconds: float = 1.0  # on shutdown, how long goodbyes may take to leave

    def __post_init__(self) -> None:
        checks = {
            "max_clients": self.max_clients >= 1,
            "max_line_bytes": self.max_line_bytes >= 64,
            "send_queue_bytes": self.send_queue_bytes >= self.max_line_bytes,
            "flood_burst": self.flood_burst >= 1,
            "flood_rate": self.flood_rate > 0,
            "ping_interval": self.ping_interval > 0 and math.isfinite(self.ping_interval),
            "ping_timeout": self.ping_timeout > 0 and math.isfinite(self.ping_timeout),
            "drain_seconds": self.drain_seconds >= 0,
        }
        bad = [name for name, ok in checks.items() if not ok]
        if bad:
            raise ValueError(f"ChatConfig has out-of-range values for {', '.join(bad)}.")
        if not self.server_name or " " in self.server_name:
            raise ValueError(f"The server name {self.server_name!r} must be one word.")
