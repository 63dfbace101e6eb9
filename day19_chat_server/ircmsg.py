"""IrcMessage: one IRC line parsed into source, command and parameters, and written back.

The grammar (RFC 1459 section 2.3.1, Modern IRC "Message format"):
`[@tags] [:source] COMMAND param param ... [:trailing param, spaces allowed]`.
"""

from __future__ import annotations

from dataclasses import dataclass

from day19_chat_server.config import MAX_LINE_BYTES


@dataclass(frozen=True)
class IrcMessage:
    """A parsed line: `IrcMessage("PRIVMSG", ("#rust", "hi there"))`."""

    command: str
    params: tuple[str, ...] = ()
    source: str | None = None


def parse_message(line: str) -> IrcMessage | None:
    """Parse one line (without CR LF); None for a blank line, which IRC ignores."""
    # solution: skip @tags, take an optional :source, the command, then the parameters
    rest = line
    if rest.startswith("@"):  # IRCv3 message tags: we offer none, so a client's are ignored
        rest = rest.partition(" ")[2]
    rest = rest.lstrip(" ")
    source = None
    if rest.startswith(":"):
        source, _, rest = rest[1:].partition(" ")
    words: list[str] = []
    rest = rest.lstrip(" ")
    while rest:
        if rest.startswith(":") and words:  # the trailing parameter: the rest of the line
            words.append(rest[1:])
            break
        word, _, rest = rest.partition(" ")
        words.append(word)
        rest = rest.lstrip(" ")  # several spaces count as one
    if not words:
        return None
    return IrcMessage(words[0].upper(), tuple(words[1:]), source)
    # end solution


def format_message(
    source: str | None, command: str, *params: str, text: str | None = None
) -> bytes:
    """One line ready to send: `:source COMMAND params :text` in UTF-8, cut to 512 bytes.

    `text` is the trailing parameter (it may hold spaces); a last plain parameter that needs
    the colon (empty, or starting with one) gets it too.
    """
    parts = [f":{source}", command] if source else [command]
    for index, param in enumerate(params):
        if " " in param or (param.startswith(":") or not param) and index < len(params) - 1:
            raise ValueError(f"IRC parameter {param!r} of {command} needs to be the last one.")
        parts.append(param)
    if text is not None:
        parts.append(":" + text)
    elif params and (not params[-1] or params[-1].startswith(":")):
        parts[-1] = ":" + params[-1]
    data = " ".join(parts).encode("utf-8")
    if len(data) > MAX_LINE_BYTES - 2:
        # Cut at a character boundary: a client must never see half a UTF-8 sequence.
        data = data[: MAX_LINE_BYTES - 2].decode("utf-8", errors="ignore").encode("utf-8")
    return data + b"\r\n"
