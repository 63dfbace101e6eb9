"""Connection: one client's socket with its input lines and its bounded output queue.

Every socket is non-blocking: recv() and send() return at once, with whatever the kernel has
or takes. So a connection keeps what could not be sent yet in `outbox`, and a client that stops
reading only makes its own outbox grow, up to `send_queue_bytes`; then it is dropped.
"""

from __future__ import annotations

import logging
import socket
from collections import deque
from typing import TYPE_CHECKING

from day19_chat_server.config import ChatConfig
from day19_chat_server.flood import TokenBucket
from day19_chat_server.framing import LineReader

if TYPE_CHECKING:
    from day19_chat_server.session import Session

logger = logging.getLogger(__name__)

RECV_BYTES = 16 * 1024
SEND_QUEUE_FULL = "Send queue exceeded"


class Connection:
    """A client socket and its buffers; the server's loop drives it, a Session speaks on it."""

    def __init__(
        self,
        sock: socket.socket,
        address: tuple[str, int] | tuple[str, int, int, int],
        *,
        config: ChatConfig,
        now: float,
        dirty: set[Connection],
    ) -> None:
        self.sock = sock
        host = address[0]
        self.host = "0" + host if host.startswith(":") else host  # "::1" cannot start an IRC word
        self.port = address[1]
        self.reader = LineReader(config.max_line_bytes)
        self.pending: deque[str | None] = deque()  # lines read but not handled yet (flood limit)
        self.outbox = bytearray()
        self.send_queue_bytes = config.send_queue_bytes
        self.bucket = TokenBucket(rate=config.flood_rate, burst=config.flood_burst, now=now)
        self.last_heard = now
        self.pinged_at: float | None = None
        self.closing: str | None = None  # why we are dropping it, once decided
        self.notify = False  # tell the client `closing` before we close (our decision, not theirs)
        self.overflowed = False
        self.interest = 0  # the selector events it is registered for now
        self.session: Session | None = None
        self._dirty = dirty  # the server flushes (or closes) these at the end of each loop turn

    def __repr__(self) -> str:
        return f"<Connection {self.host}:{self.port}>"

    def queue(self, data: bytes) -> None:
        """Add data to the outbox; past the limit the client is dropped instead (never blocks)."""
        # solution: queue the data; past send_queue_bytes drop the backlog and close instead
        if self.overflowed:
            return
        if len(self.outbox) + len(data) > self.send_queue_bytes:
            self.overflowed = True
            self.outbox.clear()  # it would never read it in time
            self.close_soon(SEND_QUEUE_FULL, notify=True)
            return
        self.outbox += data
        self._dirty.add(self)
        # end solution

    def close_soon(self, reason: str, *, notify: bool = False) -> None:
        """Mark the connection to be closed at the end of this loop turn (the first reason wins).

        `notify`: the server decided, so the client gets a last line saying why.
        """
        if self.closing is None:
            self.closing = reason
            self.notify = notify
            self._dirty.add(self)

    def make_room_for_goodbye(self) -> None:
        """Let one last line into the outbox of a connection we are closing."""
        self.overflowed = False

    def receive(self, now: float) -> bool:
        """Read what the kernel has into `pending`; False when the client has gone."""
        try:
            data = self.sock.recv(RECV_BYTES)
        except (BlockingIOError, InterruptedError):
            return True
        except OSError as exc:  # ECONNRESET and friends: an abrupt disconnect
            logger.debug("%r: recv failed: %s", self, exc)
            self.close_soon(f"Read error: {exc.strerror or exc}")
            return False
        if not data:
            self.close_soon("Connection closed")
            return False
        self.last_heard, self.pinged_at = now, None  # any byte proves it is alive
        self.pending.extend(self.reader.feed(data))
        return True

    def flush(self) -> None:
        """Send as much of the outbox as the kernel takes now; keep the rest for later."""
        # solution: send() what the kernel accepts and drop exactly those bytes from the outbox
        while self.outbox:
            try:
                sent = self.sock.send(self.outbox)
            except (BlockingIOError, InterruptedError):
                return
            except OSError as exc:  # EPIPE, ECONNRESET: the client is gone
                logger.debug("%r: send failed: %s", self, exc)
                self.outbox.clear()
                self.close_soon(f"Write error: {exc.strerror or exc}")
                return
            del self.outbox[:sent]
        # end solution

    def fileno(self) -> int:
        """The socket's descriptor (what the selector watches)."""
        return self.sock.fileno()
