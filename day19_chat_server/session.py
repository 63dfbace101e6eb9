"""Session: what a protocol does with a connection; the server calls these and nothing else.

LineSession (netcat) and IrcSession subclass it; FirstLineSession picks one of the two.
"""

from __future__ import annotations

from day19_chat_server.config import ChatConfig
from day19_chat_server.connection import Connection
from day19_chat_server.hub import Hub


class Session:
    """The protocol side of one connection; `handle` gets each complete input line."""

    def __init__(self, conn: Connection, *, hub: Hub, config: ChatConfig) -> None:
        self.conn = conn
        self.hub = hub
        self.config = config

    def start(self) -> None:
        """The connection is ready: greet (nothing by default)."""

    def handle(self, line: str) -> None:
        """React to one line from the client (decoded, without its line ending)."""
        raise NotImplementedError

    def line_too_long(self) -> None:
        """The client sent a line over the limit; it was dropped."""

    def ping(self) -> None:
        """The client has been quiet for `ping_interval`: ask it to say something."""

    def goodbye(self, reason: str) -> None:
        """The server is shutting down: the last words this client gets."""

    def disconnected(self, reason: str) -> None:
        """The connection is closing: leave the hub (its room-mates hear `reason`)."""
