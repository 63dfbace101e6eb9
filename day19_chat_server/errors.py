"""Day19Error and the chat mistakes a client can make, each with the IRC numeric it maps to.

The hub raises these; each protocol turns one into a reply: the IRC session into the numeric
(`433 * bob :Nickname is already in use`), the line session into the sentence.
"""

from __future__ import annotations


class Day19Error(Exception):
    """Base of the day's errors."""


class ChatError(Day19Error):
    """A request the chat refuses; `subject` is the nick or room it names."""

    numeric = "400"
    irc_text = "Unknown error"

    def __init__(self, message: str, *, subject: str) -> None:
        super().__init__(message)
        self.subject = subject


class NickInUseError(ChatError):
    """Someone else already has that nick (compared case-insensitively)."""

    numeric = "433"
    irc_text = "Nickname is already in use"

    def __init__(self, nick: str) -> None:
        super().__init__(f"The nick {nick!r} is taken; choose another.", subject=nick)


class ErroneousNickError(ChatError):
    """A nick that breaks the naming rules (RFC 2812 section 2.3.1)."""

    numeric = "432"
    irc_text = "Erroneous nickname"

    def __init__(self, nick: str, *, max_length: int) -> None:
        super().__init__(
            f"The nick {nick!r} is not allowed: start with a letter or one of []\\`_^{{|}}, "
            f"then letters, digits, those or '-', at most {max_length} characters.",
            subject=nick or "*",
        )


class NoSuchNickError(ChatError):
    """Nobody online has that nick."""

    numeric = "401"
    irc_text = "No such nick/channel"

    def __init__(self, nick: str) -> None:
        super().__init__(f"Nobody called {nick!r} is online.", subject=nick)


class NoSuchChannelError(ChatError):
    """The room does not exist, or its name is not a valid room name."""

    numeric = "403"
    irc_text = "No such channel"

    def __init__(self, name: str) -> None:
        super().__init__(
            f"There is no room {name!r} (room names start with # and hold no spaces or commas).",
            subject=name,
        )


class NotOnChannelError(ChatError):
    """The request needs you in the room, and you are not."""

    numeric = "442"
    irc_text = "You're not on that channel"

    def __init__(self, name: str) -> None:
        super().__init__(f"You are not in {name}.", subject=name)


class CannotSendToChannelError(ChatError):
    """Only members may talk in a room (IRC's channel mode +n)."""

    numeric = "404"
    irc_text = "Cannot send to channel"

    def __init__(self, name: str) -> None:
        super().__init__(f"Join {name} before you talk in it.", subject=name)
