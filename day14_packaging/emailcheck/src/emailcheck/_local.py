"""The local part (before the @): a dot-atom, or a quoted string when allowed.

RFC 5321 4.1.2 (SMTP's grammar, stricter than RFC 5322's: no comments, no folding white
space, no obsolete forms) and RFC 6531 3.3, which adds UTF-8 characters to both forms.
"""

from __future__ import annotations

import re
import unicodedata

from emailcheck._chars import describe
from emailcheck._errors import EmailError
from emailcheck._options import Options

MAX_LOCAL_OCTETS = 64  # RFC 5321 4.5.3.1.1
ATEXT = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~"
)
_ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
DOT_ATOM = re.compile(rf"{_ATOM}(?:\.{_ATOM})*")
# Letters, marks, numbers, punctuation and symbols: RFC 6531 allows any non-ASCII UTF-8,
# but spaces, controls and invisible format characters only ever hide a different address.
UTF8_CATEGORIES = frozenset("LMNPS")
_HINTS = {
    '"': "a quote is allowed only around the whole local part",
    "\\": "backslash escapes are allowed only inside a quoted local part",
    "(": "comments are not accepted",
    ")": "comments are not accepted",
}


def check_local_part(local: str, options: Options) -> str:
    """Return the local part normalised (NFC, needless quotes removed), or raise EmailError."""
    if local.startswith('"'):
        if not options.allow_quoted_local:
            reason = 'quoted local parts like "john doe"@example.com are not accepted'
            raise EmailError("local.quoted", reason + " (allow_quoted_local=True)", position=0)
        normalized = check_quoted(local, options)
    else:
        check_dot_atom(local, options)
        normalized = local
    check_local_length(local)
    if normalized.isascii():
        return normalized
    # solution: normalise the local part to Unicode NFC (the address is then validated again)
    return unicodedata.normalize("NFC", normalized)
    # end solution


def check_dot_atom(local: str, options: Options) -> None:
    """Accept `atext` runs joined by single dots; UTF-8 letters too when allowed."""
    # solution: reject an empty local part, leading, trailing and double dots, non-atext characters
    if DOT_ATOM.fullmatch(local):
        return
    if not local:
        raise EmailError("local.empty", "there is nothing before the @", position=0)
    if local[0] == ".":
        raise EmailError("local.leading-dot", "the local part starts with a dot", position=0)
    if local[-1] == ".":
        reason = "the local part ends with a dot"
        raise EmailError("local.trailing-dot", reason, position=len(local) - 1)
    if ".." in local:
        reason = "two dots in a row in the local part"
        raise EmailError("local.consecutive-dots", reason, position=local.index(".."))
    for index, char in enumerate(local):
        if char not in ATEXT and char != ".":
            _check_utf8_char(local, index, options)
    # end solution


def check_quoted(local: str, options: Options) -> str:
    """Check a quoted local part and return its shortest equivalent spelling."""
    # solution: accept qtextSMTP and backslash pairs of printable ASCII; drop needless quotes
    if len(local) < 2 or not local.endswith('"'):
        reason = "the quoted local part has no closing quote"
        raise EmailError("local.unclosed-quote", reason, position=0)
    content: list[str] = []
    index = 1
    while index < len(local) - 1:
        char = local[index]
        if char == "\\":
            escaped = local[index + 1]
            if not " " <= escaped <= "~":
                reason = f"a backslash may escape only printable ASCII, not {describe(escaped)}"
                raise EmailError("local.bad-escape", reason, position=index + 1)
            content.append(escaped)
            index += 2
            continue
        if not (" " <= char <= "~"):
            _check_utf8_char(local, index, options)
        content.append(char)
        index += 1
    text = "".join(content)
    if DOT_ATOM.fullmatch(text):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    # end solution


def check_local_length(local: str) -> None:
    """At most 64 octets, counted in UTF-8 as the SMTP server receives them."""
    # solution: reject a local part longer than 64 octets in UTF-8
    octets = len(local.encode("utf-8"))
    if octets > MAX_LOCAL_OCTETS:
        reason = f"the local part is {octets} octets long; at most {MAX_LOCAL_OCTETS} are allowed"
        raise EmailError("local.too-long", reason, position=MAX_LOCAL_OCTETS)
    # end solution


def _check_utf8_char(local: str, index: int, options: Options) -> None:
    """Accept one non-atext character only if it is a permitted UTF-8 one."""
    char = local[index]
    if char.isspace():
        reason = f"{describe(char)} in the local part: addresses hold no spaces"
        raise EmailError("local.space", reason, position=index)
    if char.isascii():
        hint = _HINTS.get(char, "it is not allowed in an unquoted local part")
        reason = f"{describe(char)} in the local part: {hint}"
        raise EmailError("local.character", reason, position=index)
    if not options.allow_utf8_local:
        reason = (
            f"non-ASCII character {describe(char)} in the local part "
            "(RFC 6531 addresses need allow_utf8_local=True)"
        )
        raise EmailError("local.non-ascii", reason, position=index)
    category = unicodedata.category(char)
    if category[0] not in UTF8_CATEGORIES:
        reason = f"{describe(char)} is not allowed in the local part"
        raise EmailError("local.character", reason, position=index)
    if category[0] == "M" and (index == 0 or local[index - 1] in '."'):
        reason = f"the combining mark {describe(char)} has no character to combine with"
        raise EmailError("local.lone-mark", reason, position=index)
