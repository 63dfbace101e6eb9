"""Hub: who is online and which rooms they are in, shared by every protocol.

The hub knows nothing of sockets or wire formats. It checks a request (raising a ChatError),
changes its state and hands an event to each member concerned; every member renders the
event in its own protocol, which is how netcat users and IRC users share rooms.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Protocol

from day19_chat_server.errors import (
    CannotSendToChannelError,
    ErroneousNickError,
    NickInUseError,
    NoSuchChannelError,
    NoSuchNickError,
    NotOnChannelError,
)

NICK_LENGTH = 16
ROOM_LENGTH = 50
_NICK = re.compile(r"[A-Za-z\[\]\\`_^{|}][A-Za-z0-9\[\]\\`_^{|}-]*")  # RFC 2812 section 2.3.1
_ROOM = re.compile(r"#[^\x00\x07\r\n ,:]+")


@dataclass(frozen=True)
class Identity:
    """Who said or did something, as it was at that moment."""

    nick: str
    user: str
    host: str
    realname: str = ""

    @property
    def mask(self) -> str:
        """`nick!user@host`, the source of every IRC message a user causes."""
        return f"{self.nick}!{self.user}@{self.host}"


# Events compare and hash by identity (eq=False): the hub makes one object per event and hands
# it to every member, so a renderer's cache finds it with an address instead of hashing (in
# Python code) every field for each of 1,000 recipients.
@dataclass(frozen=True, eq=False)
class Joined:
    """`who` entered `room` (sent to everyone in it, `who` included)."""

    who: Identity
    room: str


@dataclass(frozen=True, eq=False)
class Parted:
    """`who` left `room` (sent to everyone in it, `who` included)."""

    who: Identity
    room: str
    reason: str


@dataclass(frozen=True, eq=False)
class Quit:
    """`who` went offline (sent once to everyone who shared a room with them)."""

    who: Identity
    reason: str


@dataclass(frozen=True, eq=False)
class NickChanged:
    """`who` (the old identity) is now called `nick` (sent to them and their room-mates)."""

    who: Identity
    nick: str


@dataclass(frozen=True, eq=False)
class Said:
    """A message to a room or, when `target` is the recipient's nick, a private one."""

    who: Identity
    target: str
    text: str
    notice: bool = False  # IRC's NOTICE: never answered automatically


@dataclass(frozen=True, eq=False)
class TopicChanged:
    """`who` set the topic of `room` (sent to everyone in it)."""

    who: Identity
    room: str
    topic: str


Event = Joined | Parted | Quit | NickChanged | Said | TopicChanged


class Member(Protocol):
    """A connected user as the hub sees one: an identity and a way to hear events."""

    @property
    def identity(self) -> Identity: ...

    def deliver(self, event: Event) -> None:
        """Render the event in the member's protocol and queue it (never blocks)."""


@dataclass(eq=False)
class Room:
    """A room (an IRC channel): members in joining order, and a topic."""

    name: str
    members: dict[Member, None] = field(default_factory=dict)  # an ordered set
    topic: str = ""
    topic_by: str = ""
    topic_at: int = 0
    created: int = field(default_factory=lambda: int(time.time()))


def fold(name: str) -> str:
    """The key nicks and rooms are compared by (ISUPPORT CASEMAPPING=ascii)."""
    return name.lower()


class Hub:
    """Nicks and rooms; every method checks first, then changes state, then delivers events."""

    def __init__(self, *, nick_length: int = NICK_LENGTH) -> None:
        self.nick_length = nick_length
        self._members: dict[str, Member] = {}
        self._rooms: dict[str, Room] = {}
        self._joined: dict[Member, dict[str, Room]] = {}
        self._guests = 0

    # --- looking things up -------------------------------------------------------------
    def find(self, nick: str) -> Member | None:
        """The member with that nick, if online."""
        return self._members.get(fold(nick))

    def room(self, name: str) -> Room | None:
        """The room of that name, if it exists (it exists while someone is in it)."""
        return self._rooms.get(fold(name))

    def rooms(self) -> list[Room]:
        """Every room, oldest first."""
        return list(self._rooms.values())

    def rooms_of(self, member: Member) -> list[Room]:
        """The rooms a member is in, in joining order."""
        return list(self._joined.get(member, {}).values())

    def online(self) -> int:
        """How many members have a nick."""
        return len(self._members)

    def free_nick(self, prefix: str) -> str:
        """A nick nobody has yet: prefix1, prefix2, ..."""
        while True:
            self._guests += 1
            nick = f"{prefix}{self._guests}"
            if fold(nick) not in self._members:
                return nick

    def check_nick(self, nick: str) -> None:
        """Raise ErroneousNickError unless `nick` follows the naming rules."""
        if len(nick) > self.nick_length or not _NICK.fullmatch(nick):
            raise ErroneousNickError(nick, max_length=self.nick_length)

    def check_room_name(self, name: str) -> None:
        """Raise NoSuchChannelError unless `name` is a valid room name."""
        if len(name) > ROOM_LENGTH or not _ROOM.fullmatch(name):
            raise NoSuchChannelError(name)

    # --- changing state ----------------------------------------------------------------
    def add(self, member: Member) -> None:
        """Put a member online under its identity's nick (checked and unique)."""
        nick = member.identity.nick
        self.check_nick(nick)
        if fold(nick) in self._members:
            raise NickInUseError(nick)
        self._members[fold(nick)] = member
        self._joined[member] = {}

    def rename(self, member: Member, nick: str) -> Identity:
        """Check a nick change and tell the member and everyone who shares a room with it.

        The member must change its own identity right after; the old one is returned.
        """
        old = member.identity
        self.check_nick(nick)
        holder = self._members.get(fold(nick))
        if holder is not None and holder is not member:
            raise NickInUseError(nick)
        del self._members[fold(old.nick)]
        self._members[fold(nick)] = member
        event = NickChanged(old, nick)
        for peer in self._audience(member, include_self=True):
            peer.deliver(event)
        return old

    def join(self, member: Member, name: str) -> Room | None:
        """Enter a room (created on first use); None when the member was already in it."""
        self.check_room_name(name)
        room = self._rooms.get(fold(name))
        if room is None:
            room = self._rooms[fold(name)] = Room(name)
        if member in room.members:
            return None
        room.members[member] = None
        self._joined[member][fold(name)] = room
        event = Joined(member.identity, room.name)
        for peer in room.members:
            peer.deliver(event)
        return room

    def part(self, member: Member, name: str, reason: str = "") -> None:
        """Leave a room, telling everyone in it first; an empty room disappears."""
        room = self._rooms.get(fold(name))
        if room is None:
            raise NoSuchChannelError(name)
        if member not in room.members:
            raise NotOnChannelError(room.name)
        event = Parted(member.identity, room.name, reason)
        for peer in room.members:
            peer.deliver(event)
        self._leave(member, room)

    def say(self, member: Member, target: str, text: str, *, notice: bool = False) -> None:
        """Send text to a room (its other members hear it) or privately to one nick."""
        # solution: a #room reaches its other members (senders must be in it), a nick one member
        if target.startswith("#"):
            room = self._rooms.get(fold(target))
            if room is None:
                raise NoSuchChannelError(target)
            if member not in room.members:
                raise CannotSendToChannelError(room.name)
            event = Said(member.identity, room.name, text, notice)
            for peer in room.members:
                if peer is not member:
                    peer.deliver(event)
            return
        recipient = self._members.get(fold(target))
        if recipient is None:
            raise NoSuchNickError(target)
        recipient.deliver(Said(member.identity, recipient.identity.nick, text, notice))
        # end solution

    def set_topic(self, member: Member, name: str, topic: str) -> None:
        """Change a room's topic (members only) and tell everyone in it."""
        room = self._rooms.get(fold(name))
        if room is None:
            raise NoSuchChannelError(name)
        if member not in room.members:
            raise NotOnChannelError(room.name)
        room.topic, room.topic_by, room.topic_at = topic, member.identity.mask, int(time.time())
        event = TopicChanged(member.identity, room.name, topic)
        for peer in room.members:
            peer.deliver(event)

    def remove(self, member: Member, reason: str) -> None:
        """Take a member offline: everyone who shared a room hears it once. Safe to repeat."""
        if member not in self._joined:
            return
        event = Quit(member.identity, reason)
        for peer in self._audience(member, include_self=False):
            peer.deliver(event)
        for room in self.rooms_of(member):
            self._leave(member, room)
        del self._joined[member]
        del self._members[fold(member.identity.nick)]

    def _leave(self, member: Member, room: Room) -> None:
        del room.members[member]
        del self._joined[member][fold(room.name)]
        if not room.members:
            del self._rooms[fold(room.name)]

    def _audience(self, member: Member, *, include_self: bool) -> list[Member]:
        """Everyone who shares a room with `member`, each once."""
        seen: dict[Member, None] = {member: None} if include_self else {}
        for room in self._joined.get(member, {}).values():
            seen.update(room.members)
        if not include_self:
            seen.pop(member, None)
        return list(seen)
