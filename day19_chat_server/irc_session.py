"""IrcSession: the same chat for IRC clients (RFC 1459/2812, the Modern IRC documents).

Registration: CAP LS is answered with no capabilities; NICK and USER (in any order, and after
CAP END once CAP has started) earn the 001-005 welcome and the MOTD, or 422 without one. The
commands themselves live in irc_commands.py; this module holds the state, the dispatch and
the output. Replies are numerics: `:day19.chat 433 * bob :Nickname is already in use`.
"""

from __future__ import annotations

import time
from dataclasses import replace
from functools import lru_cache

from day19_chat_server.config import MAX_LINE_BYTES, ChatConfig
from day19_chat_server.connection import Connection
from day19_chat_server.errors import ChatError
from day19_chat_server.hub import (
    Event,
    Hub,
    Identity,
    Joined,
    NickChanged,
    Parted,
    Quit,
    Room,
    Said,
)
from day19_chat_server.irc_commands import BEFORE_REGISTRATION, COMMANDS, ISUPPORT, VERSION
from day19_chat_server.ircmsg import format_message, parse_message
from day19_chat_server.session import Session

STARTED = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())


class IrcSession(Session):
    """One IRC client: registration first, then commands; hub events become IRC lines."""

    def __init__(self, conn: Connection, *, hub: Hub, config: ChatConfig) -> None:
        super().__init__(conn, hub=hub, config=config)
        self.identity = Identity("*", "", conn.host)
        self.nick: str | None = None  # chosen; `registered` says whether the hub has it yet
        self.user: str | None = None
        self.registered = False
        self.negotiating = False  # between CAP LS/REQ and CAP END, registration waits
        self.invisible = False  # user mode +i: accepted, and all it does is show in MODE

    # --- what the server calls -------------------------------------------------------
    def handle(self, line: str) -> None:
        """Parse the line and run its command, answering mistakes with error numerics."""
        # solution: dispatch the command; answer 451, 421, 461 and ChatErrors with numerics
        message = parse_message(line)
        if message is None:
            return
        command, params = message.command, message.params
        if not self.registered and command not in BEFORE_REGISTRATION:
            self.reply("451", text="You have not registered")
            return
        entry = COMMANDS.get(command)
        if entry is None:
            self.reply("421", command, text="Unknown command")
            return
        needed, run = entry
        if len(params) < needed:
            self.reply("461", command, text="Not enough parameters")
            return
        try:
            run(self, params)
        except ChatError as exc:
            self.reply_error(exc)
        # end solution

    def line_too_long(self) -> None:
        """417 ERR_INPUTTOOLONG (Modern IRC)."""
        self.reply("417", text="Input line was too long")

    def ping(self) -> None:
        """Ask the client to prove it is there; any line back counts."""
        self.send(None, "PING", text=self.config.server_name)

    def goodbye(self, reason: str) -> None:
        """ERROR (with no source) is what a server sends just before it closes a link."""
        closing = f"Closing Link: {self.conn.host} ({reason})"
        self.conn.queue(format_message(None, "ERROR", text=closing))

    def disconnected(self, reason: str) -> None:
        """Leave the hub; room-mates get QUIT with `reason`."""
        if self.registered:
            self.hub.remove(self, reason)

    def deliver(self, event: Event) -> None:
        """A hub event as the IRC line a client expects (made once for every recipient)."""
        self.conn.queue(render_event(event))

    # --- output ------------------------------------------------------------------------
    def send(self, source: str | None, command: str, *params: str, text: str | None = None) -> None:
        """Queue one IRC line; `None` as the source means the server itself."""
        origin = self.config.server_name if source is None else source
        self.conn.queue(format_message(origin, command, *params, text=text))

    def reply(self, numeric: str, *params: str, text: str | None = None) -> None:
        """A numeric reply: its first parameter is always the client's nick (or `*`)."""
        self.send(None, numeric, self.nick or "*", *params, text=text)

    def reply_error(self, exc: ChatError) -> None:
        """A refused request as its error numeric: `403 ada #x y :No such channel`."""
        self.reply(exc.numeric, exc.subject, text=exc.irc_text)

    # --- registration ------------------------------------------------------------------
    def try_register(self) -> None:
        """Finish registration once NICK and USER are in and CAP negotiation is over."""
        # solution: with NICK, USER and CAP END in, add the client to the hub and welcome it
        if self.registered or self.negotiating or self.nick is None or self.user is None:
            return
        self.identity = replace(self.identity, nick=self.nick)
        try:
            self.hub.add(self)  # a nick taken since NICK was checked is refused here
        except ChatError as exc:
            self.reply_error(exc)
            self.nick = None
            return
        self.registered = True
        self.welcome()
        # end solution

    def welcome(self) -> None:
        """001-005, then the MOTD: what tells a client it is registered."""
        name, mask = self.config.server_name, self.identity.mask
        self.reply("001", text=f"Welcome to the day19 IRC network, {mask}")
        self.reply("002", text=f"Your host is {name}, running version {VERSION}")
        self.reply("003", text=f"This server was created {STARTED}")
        self.reply("004", name, VERSION, "i", "n")
        self.reply("005", *ISUPPORT, text="are supported by this server")
        self.send_motd()

    def send_motd(self) -> None:
        """375, one 372 per line, 376; or 422 when the server has no MOTD."""
        if self.config.motd is None:
            self.reply("422", text="MOTD File is missing")
            return
        self.reply("375", text=f"- {self.config.server_name} Message of the day - ")
        for line in self.config.motd:
            self.reply("372", text=f"- {line}")
        self.reply("376", text="End of /MOTD command.")

    def send_topic(self, room: Room) -> None:
        """332 (the topic) and 333 (who set it, when)."""
        self.reply("332", room.name, text=room.topic)
        self.reply("333", room.name, room.topic_by, str(room.topic_at))

    def send_names(self, room: Room) -> None:
        """353 lines holding as many nicks as fit in 512 bytes each, then 366."""
        head = len(f":{self.config.server_name} 353 {self.nick} = {room.name} :\r\n")
        batch: list[str] = []
        size = head
        for member in room.members:
            nick = member.identity.nick
            if batch and size + len(nick) + 1 > MAX_LINE_BYTES:
                self.reply("353", "=", room.name, text=" ".join(batch))
                batch, size = [], head
            batch.append(nick)
            size += len(nick) + 1
        if batch:
            self.reply("353", "=", room.name, text=" ".join(batch))
        self.reply("366", room.name, text="End of /NAMES list")


@lru_cache(maxsize=16)
def render_event(event: Event) -> bytes:
    """The IRC line for a hub event, sourced from the user who caused it.

    It does not depend on who receives it, so a message to 1,000 members is formatted once.
    """
    source = event.who.mask
    if isinstance(event, Said):
        return format_message(
            source, "NOTICE" if event.notice else "PRIVMSG", event.target, text=event.text
        )
    if isinstance(event, Joined):
        return format_message(source, "JOIN", event.room)
    if isinstance(event, Parted):
        return format_message(source, "PART", event.room, text=event.reason or None)
    if isinstance(event, Quit):
        return format_message(source, "QUIT", text=event.reason)
    if isinstance(event, NickChanged):
        return format_message(source, "NICK", text=event.nick)
    return format_message(source, "TOPIC", event.room, text=event.topic)
