"""Day 19: a chat server on the socket library, one thread with non-blocking sockets and selectors.

Netcat users (a line protocol with /commands) and IRC clients share its rooms. Public names:
the server and its config, and the pieces a learner writes and tests on their own.
"""

from day19_chat_server.config import DEFAULT_PORT, MAX_LINE_BYTES, ChatConfig
from day19_chat_server.errors import ChatError, Day19Error
from day19_chat_server.flood import TokenBucket
from day19_chat_server.framing import LineReader
from day19_chat_server.ircmsg import IrcMessage, format_message, parse_message
from day19_chat_server.server import ChatServer

__all__ = [
    "DEFAULT_PORT",
    "MAX_LINE_BYTES",
    "ChatConfig",
    "ChatError",
    "ChatServer",
    "Day19Error",
    "IrcMessage",
    "LineReader",
    "TokenBucket",
    "format_message",
    "parse_message",
]
