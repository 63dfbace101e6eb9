"""LineSession: the chat for netcat users, one line in, one line out, commands start with /.

Plain lines go to your current room (you start as guestN in #lobby); `/help` lists the rest.
Everything others say is rendered as plain text, with IRC colour codes and terminal control
characters taken out, so nobody can repaint your terminal.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache

from day19_chat_server.config import ChatConfig
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
    Said,
    TopicChanged,
    fold,
)
from day19_chat_server.session import Session

LOBBY = "#lobby"
HELP = (
    "commands (anything else is said to your room; start a line with // to say a /):",
    "  /nick NAME        change your nick",
    "  /join #room       leave your room for another (created if needed)",
    "  /part             leave your room",
    "  /msg NICK text    a private message",
    "  /me waves         an action: * you waves",
    "  /topic [text]     show or set your room's topic",
    "  /who              who is in your room",
    "  /rooms            every room, with its size and topic",
    "  /quit [reason]    leave the chat",
)
_IRC_FORMATTING = re.compile(r"\x03(?:\d{1,2}(?:,\d{1,2})?)?|[\x02\x0f\x11\x16\x1d\x1e\x1f]")
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")
_ACTION = re.compile(r"\x01ACTION (.*?)\x01?$")


def printable(text: str) -> str:
    """Text safe for a terminal: IRC formatting removed, control characters shown as U+FFFD."""
    if text.isascii() and text.isprintable():  # the common case, checked in C
        return text
    return _CONTROL.sub("\ufffd", _IRC_FORMATTING.sub("", text))


@lru_cache(maxsize=16)
def render_for_others(event: Event) -> bytes:
    """An event as the other netcat users read it: the same line for each, so made once."""
    nick = event.who.nick
    if isinstance(event, Said):
        line = _said(event)
    elif isinstance(event, Joined):
        line = f"*** {nick} joined {event.room}"
    elif isinstance(event, Parted):
        reason = f" ({printable(event.reason)})" if event.reason else ""
        line = f"*** {nick} left {event.room}{reason}"
    elif isinstance(event, Quit):
        line = f"*** {nick} quit ({printable(event.reason)})"
    elif isinstance(event, NickChanged):
        line = f"*** {nick} is now known as {event.nick}"
    else:
        topic = printable(event.topic)
        said = f"set the topic of {event.room} to: {topic}" if topic else "cleared the topic"
        line = f"*** {nick} {said}"
    return line.encode("utf-8") + b"\n"


def _said(event: Said) -> str:
    action = _ACTION.match(event.text)
    text = printable(action.group(1) if action else event.text)
    nick, private = event.who.nick, not event.target.startswith("#")
    if event.notice:
        return f"-{nick}- {text}"
    if action:
        return f"* {nick} {text}" + (" (privately)" if private else "")
    return f"*{nick}* {text}" if private else f"<{nick}> {text}"


class LineSession(Session):
    """One netcat user: a guest nick, one current room, slash commands."""

    def __init__(self, conn: Connection, *, hub: Hub, config: ChatConfig) -> None:
        super().__init__(conn, hub=hub, config=config)
        self.identity = Identity("*", "nc", conn.host, "netcat user")
        self.room: str | None = None
        self.online = False
        self._commands: dict[str, Callable[[str], None]] = {
            "nick": self._nick,
            "join": self._join,
            "part": self._part,
            "msg": self._msg,
            "me": self._me,
            "topic": self._topic,
            "who": self._who,
            "rooms": self._rooms,
            "help": self._help,
            "quit": self._quit,
        }

    # --- what the server calls -------------------------------------------------------
    def go_online(self, line: str) -> bool:
        """Online as the nick a first `/nick NAME` asks for (else a guest), then into #lobby.

        True when the line was that /nick and is used up.
        """
        wanted = line[len("/nick ") :].strip() if line.lower().startswith("/nick ") else None
        self.identity = replace(self.identity, nick=wanted or self.hub.free_nick("guest"))
        try:
            self.hub.add(self)
        except ChatError:  # taken or not allowed: a guest for now; handle() then says why
            wanted = None
            self.identity = replace(self.identity, nick=self.hub.free_nick("guest"))
            self.hub.add(self)
        self.online = True
        self.notice(f"you are {self.identity.nick}: type to talk, /help for the commands")
        self._join(LOBBY)
        return wanted is not None

    def handle(self, line: str) -> None:
        """A slash command, or a message to the current room."""
        if not self.online and self.go_online(line):
            return
        # solution: run /commands (unknown ones are an error), say anything else to the room
        if not line.strip():
            return
        try:
            if line.startswith("/") and not line.startswith("//"):
                name, _, argument = line[1:].partition(" ")
                command = self._commands.get(name.lower())
                if command is None:
                    self.error(f"there is no command /{name} (try /help)")
                    return
                command(argument.strip())
            else:
                self._say(line[1:] if line.startswith("//") else line)
        except ChatError as exc:
            self.error(str(exc))
        # end solution

    def line_too_long(self) -> None:
        """Tell the user the line was dropped."""
        self.error(f"that line was longer than {self.config.max_line_bytes} bytes; it was dropped")

    def ping(self) -> None:
        """A netcat user answers a ping by sending any line, even an empty one."""
        self.notice(f"still there? send any line within {self.config.ping_timeout:g} s to stay")

    def goodbye(self, reason: str) -> None:
        """Last words before the server goes away."""
        self.notice(f"disconnected: {reason}")

    def disconnected(self, reason: str) -> None:
        """Leave the hub; room-mates see `reason`."""
        self.hub.remove(self, reason)

    def deliver(self, event: Event) -> None:
        """Render a hub event as one line of plain text."""
        if isinstance(event, Said) or event.who != self.identity:  # Said first: the common case
            self.conn.queue(render_for_others(event))  # made once for the whole room
        elif isinstance(event, Joined):
            self.notice(self._render_own_join(event))
        elif isinstance(event, Parted):
            self.notice(f"you left {event.room}")
        elif isinstance(event, NickChanged):
            self.notice(f"you are now known as {event.nick}")
        elif isinstance(event, TopicChanged):
            self.notice(f"you set the topic of {event.room}")

    # --- output ------------------------------------------------------------------------
    def write(self, text: str) -> None:
        """Queue one line of output."""
        self.conn.queue(text.encode("utf-8") + b"\n")

    def notice(self, text: str) -> None:
        """A line from the server itself."""
        self.write(f"*** {text}")

    def error(self, text: str) -> None:
        """A refused request."""
        self.write(f"*** error: {text}")

    def _render_own_join(self, event: Joined) -> str:
        room = self.hub.room(event.room)
        others = len(room.members) - 1 if room else 0
        line = (
            f"you are alone in {event.room}"
            if others == 0
            else f"you are in {event.room} with {others} other{'s' if others > 1 else ''}"
        )
        if room and room.topic:
            line += f"; topic: {printable(room.topic)}"
        return line

    # --- commands ----------------------------------------------------------------------
    def _say(self, text: str) -> None:
        if self.room is None:
            self.error("you are in no room: /join #room first")
            return
        self.hub.say(self, self.room, text)

    def _nick(self, argument: str) -> None:
        if not argument:
            self.error("usage: /nick NAME")
            return
        self.hub.rename(self, argument)
        self.identity = replace(self.identity, nick=argument)

    def _join(self, argument: str) -> None:
        if not argument:
            self.error("usage: /join #room")
            return
        name = argument if argument.startswith("#") else "#" + argument
        if self.room is not None and fold(name) == fold(self.room):
            self.notice(f"you are already in {self.room}")
            return
        self.hub.check_room_name(name)  # first: a bad name must not cost you your room
        if self.room is not None:
            self.hub.part(self, self.room)
            self.room = None
        room = self.hub.join(self, name)
        self.room = room.name if room is not None else name

    def _part(self, argument: str) -> None:
        if self.room is None:
            self.error("you are in no room")
            return
        self.hub.part(self, self.room, argument)
        self.room = None

    def _msg(self, argument: str) -> None:
        target, _, text = argument.partition(" ")
        if not target or not text.strip():
            self.error("usage: /msg NICK text")
            return
        self.hub.say(self, target, text)

    def _me(self, argument: str) -> None:
        if not argument:
            self.error("usage: /me does something")
            return
        if self.room is None:
            self.error("you are in no room: /join #room first")
            return
        self.hub.say(self, self.room, f"\x01ACTION {argument}\x01")

    def _topic(self, argument: str) -> None:
        room = self.hub.room(self.room) if self.room else None
        if room is None:
            self.error("you are in no room")
        elif argument:
            self.hub.set_topic(self, room.name, argument)
        else:
            self.notice(f"topic of {room.name}: {printable(room.topic) or '(none)'}")

    def _who(self, argument: str) -> None:
        room = self.hub.room(self.room) if self.room else None
        if room is None:
            self.notice(f"you are in no room; {self.hub.online()} people are online")
            return
        nicks = [member.identity.nick for member in room.members]
        self.notice(f"in {room.name} ({len(nicks)}): {', '.join(nicks)}")

    def _rooms(self, argument: str) -> None:
        rooms = self.hub.rooms()
        if not rooms:
            self.notice("no rooms yet: /join #room makes one")
        for room in rooms:
            topic = f": {printable(room.topic)}" if room.topic else ""
            self.notice(f"{room.name} ({len(room.members)}){topic}")

    def _help(self, argument: str) -> None:
        for line in HELP:
            self.notice(line)

    def _quit(self, argument: str) -> None:
        self.notice("bye")
        self.conn.close_soon(f"Quit: {argument}" if argument else "Quit")
