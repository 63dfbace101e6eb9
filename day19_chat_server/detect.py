"""FirstLineSession: which protocol a new connection speaks, decided by its first line.

IRC clients open with CAP, NICK, USER or PASS (in capitals); a person typing into netcat
does not. Until that first line the server greets with a NOTICE both can read.
"""

from __future__ import annotations

from day19_chat_server.irc_session import IrcSession
from day19_chat_server.ircmsg import format_message
from day19_chat_server.line_session import LineSession
from day19_chat_server.session import Session

IRC_OPENERS = frozenset({"CAP", "NICK", "USER", "PASS"})


def speaks_irc(line: str) -> bool:
    """True when a first line is how an IRC client starts."""
    return line.lstrip(" ").partition(" ")[0] in IRC_OPENERS


class FirstLineSession(Session):
    """Stands in until the first non-blank line, then hands the connection to the right one."""

    def start(self) -> None:
        """A greeting that reads well in netcat and is a valid IRC NOTICE."""
        if self.config.irc_only:
            self._notice(f"*** Welcome to {self.config.server_name}")
        else:
            self._notice(
                f"*** Welcome to {self.config.server_name}: IRC clients register as usual; "
                "with netcat just type (/help lists the commands)"
            )

    def handle(self, line: str) -> None:
        """Choose the protocol, start it and give it this first line."""
        if not line.strip():
            return
        kind = IrcSession if self.config.irc_only or speaks_irc(line) else LineSession
        session = kind(self.conn, hub=self.hub, config=self.config)
        self.conn.session = session
        session.start()
        session.handle(line)

    def line_too_long(self) -> None:
        """Say so in the NOTICE form both protocols can read."""
        self._notice(f"*** That line was longer than {self.config.max_line_bytes} bytes")

    def ping(self) -> None:
        """Nothing said yet at all: remind them we are here."""
        self._notice("*** Still there? Say something, or you will be disconnected")

    def goodbye(self, reason: str) -> None:
        """ERROR reads well in both protocols."""
        self.conn.queue(format_message(None, "ERROR", text=f"Closing Link: {reason}"))

    def _notice(self, text: str) -> None:
        self.conn.queue(format_message(self.config.server_name, "NOTICE", "*", text=text))
