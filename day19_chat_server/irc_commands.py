"""The IRC commands: one function per command, and COMMANDS, the table IrcSession dispatches by.

Each takes the session and the message's parameters; the dispatcher has already checked the
registration state and the parameter count given in the table.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from day19_chat_server.errors import ChatError
from day19_chat_server.hub import NICK_LENGTH, ROOM_LENGTH, fold

if TYPE_CHECKING:
    from day19_chat_server.irc_session import IrcSession

VERSION = "day19-chat-1.0"
TOPIC_LENGTH = 300
USER_LENGTH = 10
MAX_TARGETS = 4
ISUPPORT = (
    "CASEMAPPING=ascii",
    f"CHANNELLEN={ROOM_LENGTH}",
    "CHANTYPES=#",
    "CHANMODES=,,,n",
    f"MAXTARGETS={MAX_TARGETS}",
    "NETWORK=day19",
    f"NICKLEN={NICK_LENGTH}",
    f"TOPICLEN={TOPIC_LENGTH}",
)
BEFORE_REGISTRATION = frozenset({"CAP", "NICK", "USER", "PASS", "PING", "PONG", "QUIT"})

Params = Sequence[str]


# --- registration ----------------------------------------------------------------------
def cap(session: IrcSession, params: Params) -> None:
    """CAP LS/LIST/REQ/END: we offer no capabilities, and say so."""
    sub = params[0].upper()
    target = session.nick or "*"
    if sub in ("LS", "LIST"):
        session.negotiating = not session.registered
        session.send(None, "CAP", target, sub, text="")
    elif sub == "REQ":
        session.negotiating = not session.registered
        session.send(None, "CAP", target, "NAK", text=params[1] if len(params) > 1 else "")
    elif sub == "END":
        session.negotiating = False
        session.try_register()
    else:
        session.reply("410", params[0], text="Invalid CAP command")


def pass_(session: IrcSession, params: Params) -> None:
    """PASS: this server has no passwords, so any is fine before registration."""
    if session.registered:
        session.reply("462", text="You may not reregister")


def nick(session: IrcSession, params: Params) -> None:
    """NICK: choose a nick, or change it (everyone who shares a room sees NICK)."""
    if not params or not params[0]:
        session.reply("431", text="No nickname given")
        return
    new = params[0]
    if not session.registered:
        session.hub.check_nick(new)
        if session.hub.find(new) is not None:
            session.reply("433", new, text="Nickname is already in use")
            return
        session.nick = new
        session.try_register()
    elif new != session.nick:
        session.hub.rename(session, new)
        session.nick, session.identity = new, replace(session.identity, nick=new)


def user(session: IrcSession, params: Params) -> None:
    """USER name mode unused :realname; the name gets a `~` (we did no ident lookup)."""
    if session.registered:
        session.reply("462", text="You may not reregister")
        return
    if not params[3]:  # Modern IRC: an empty realname is a missing parameter
        session.reply("461", "USER", text="Not enough parameters")
        return
    name = "".join(c for c in params[0] if c.isalnum() or c in "-_.")[:USER_LENGTH]
    session.user = "~" + (name or "user")
    session.identity = replace(session.identity, user=session.user, realname=params[3])
    session.try_register()


# --- connection --------------------------------------------------------------------------
def ping(session: IrcSession, params: Params) -> None:
    """PING token: PONG with the same token."""
    session.send(None, "PONG", session.config.server_name, text=params[0])


def pong(session: IrcSession, params: Params) -> None:
    """PONG: the answer to our PING; receiving it already reset the idle timer."""


def quit_(session: IrcSession, params: Params) -> None:
    """QUIT [:reason]: ERROR back, then the link closes; room-mates see the reason."""
    reason = f"Quit: {params[0]}" if params and params[0] else "Quit"
    session.goodbye(reason)
    session.conn.close_soon(reason)


def motd(session: IrcSession, params: Params) -> None:
    """MOTD: the message of the day again."""
    session.send_motd()


# --- rooms and messages ------------------------------------------------------------------
def join(session: IrcSession, params: Params) -> None:
    """JOIN #a,#b (keys ignored) or JOIN 0 (leave every room); topic and names follow."""
    # solution: join each room (JOIN 0: part all), then send its topic and names
    if params[0] == "0":
        for joined in session.hub.rooms_of(session):
            session.hub.part(session, joined.name, "Left all channels")
        return
    for name in params[0].split(","):
        try:
            room = session.hub.join(session, name)
        except ChatError as exc:
            session.reply_error(exc)
            continue
        if room is not None:
            if room.topic:
                session.send_topic(room)
            session.send_names(room)
    # end solution


def part(session: IrcSession, params: Params) -> None:
    """PART #a,#b [:reason]."""
    reason = params[1] if len(params) > 1 else ""
    for name in params[0].split(","):
        try:
            session.hub.part(session, name, reason)
        except ChatError as exc:
            session.reply_error(exc)


def privmsg(session: IrcSession, params: Params, *, notice: bool = False) -> None:
    """PRIVMSG targets :text, to rooms or nicks; NOTICE never gets an error back."""
    command = "NOTICE" if notice else "PRIVMSG"
    if not params or not params[0]:
        if not notice:
            session.reply("411", text=f"No recipient given ({command})")
        return
    if len(params) < 2 or not params[1]:
        if not notice:
            session.reply("412", text="No text to send")
        return
    for target in params[0].split(",")[:MAX_TARGETS]:
        try:
            session.hub.say(session, target, params[1], notice=notice)
        except ChatError as exc:
            if not notice:
                session.reply_error(exc)


def notice(session: IrcSession, params: Params) -> None:
    """NOTICE: PRIVMSG without replies, so two bots never answer each other forever."""
    privmsg(session, params, notice=True)


def topic(session: IrcSession, params: Params) -> None:
    """TOPIC #room shows it (331, or 332 and 333); TOPIC #room :text sets it."""
    room = session.hub.room(params[0])
    if room is None:
        session.reply("403", params[0], text="No such channel")
    elif len(params) > 1:
        session.hub.set_topic(session, room.name, params[1][:TOPIC_LENGTH])
    elif room.topic:
        session.send_topic(room)
    else:
        session.reply("331", room.name, text="No topic is set")


def names(session: IrcSession, params: Params) -> None:
    """NAMES #a,#b; without a room only the end (Modern IRC allows that)."""
    if not params:
        session.reply("366", "*", text="End of /NAMES list")
        return
    for name in params[0].split(","):
        room = session.hub.room(name)
        if room is None:
            session.reply("366", name, text="End of /NAMES list")
        else:
            session.send_names(room)


def list_(session: IrcSession, params: Params) -> None:
    """LIST [#a,#b]: 321, one 322 per room (members, topic), 323."""
    wanted = {fold(name) for name in params[0].split(",")} if params else None
    session.reply("321", "Channel", text="Users  Name")
    for room in session.hub.rooms():
        if wanted is None or fold(room.name) in wanted:
            session.reply("322", room.name, str(len(room.members)), text=room.topic)
    session.reply("323", text="End of /LIST")


# --- users -------------------------------------------------------------------------------
def who(session: IrcSession, params: Params) -> None:
    """WHO #room or WHO nick: one 352 per user, then 315."""
    mask = params[0] if params else "*"
    room = session.hub.room(mask) if mask.startswith("#") else None
    found = None if mask.startswith("#") else session.hub.find(mask)
    people = [(room.name, member.identity) for member in room.members] if room else []
    if found is not None:
        people.append(("*", found.identity))
    server = session.config.server_name
    for channel, person in people:
        session.reply(
            "352", channel, person.user, person.host, server, person.nick, "H",
            text=f"0 {person.realname}",
        )  # fmt: skip
    session.reply("315", mask, text="End of WHO list")


def whois(session: IrcSession, params: Params) -> None:
    """WHOIS nick: 311, 319 (rooms), 312, then 318; or 401 then 318."""
    target = params[-1]
    found = session.hub.find(target)
    if found is None:
        session.reply("401", target, text="No such nick/channel")
    else:
        person = found.identity
        session.reply("311", person.nick, person.user, person.host, "*", text=person.realname)
        rooms = " ".join(room.name for room in session.hub.rooms_of(found))
        if rooms:
            session.reply("319", person.nick, text=rooms)
        session.reply("312", person.nick, session.config.server_name, text="day 19's chat")
    session.reply("318", target, text="End of /WHOIS list")


def mode(session: IrcSession, params: Params) -> None:
    """MODE: rooms are always +n and nobody is an operator; a user may set only +i."""
    target = params[0]
    if target.startswith("#"):
        _room_mode(session, target, params[1:])
    elif fold(target) != fold(session.identity.nick):
        session.reply("502", text="Cant change mode for other users")
    elif len(params) == 1:
        session.reply("221", "+i" if session.invisible else "+")
    else:
        _user_mode(session, params[1])


def _room_mode(session: IrcSession, name: str, changes: Params) -> None:
    room = session.hub.room(name)
    if room is None:
        session.reply("403", name, text="No such channel")
    elif not changes:
        session.reply("324", room.name, "+n")
        session.reply("329", room.name, str(room.created))
    elif list(changes) in (["b"], ["+b"]):  # clients ask for the ban list after joining
        session.reply("368", room.name, text="End of channel ban list")
    else:
        session.reply("482", room.name, text="You're not channel operator")


def _user_mode(session: IrcSession, changes: str) -> None:
    adding, before, unknown = True, session.invisible, False
    for char in changes:
        if char in "+-":
            adding = char == "+"
        elif char == "i":
            session.invisible = adding
        else:
            unknown = True
    if session.invisible != before:
        flag = "+i" if session.invisible else "-i"
        session.send(session.identity.nick, "MODE", session.identity.nick, text=flag)
    if unknown:
        session.reply("501", text="Unknown MODE flag")


Command = Callable[["IrcSession", Params], None]
COMMANDS: dict[str, tuple[int, Command]] = {  # name: (parameters needed, function)
    "CAP": (1, cap),
    "PASS": (0, pass_),
    "NICK": (0, nick),
    "USER": (4, user),
    "PING": (1, ping),
    "PONG": (0, pong),
    "QUIT": (0, quit_),
    "MOTD": (0, motd),
    "JOIN": (1, join),
    "PART": (1, part),
    "PRIVMSG": (0, privmsg),
    "NOTICE": (0, notice),
    "TOPIC": (1, topic),
    "NAMES": (0, names),
    "LIST": (0, list_),
    "WHO": (0, who),
    "WHOIS": (1, whois),
    "MODE": (1, mode),
}
