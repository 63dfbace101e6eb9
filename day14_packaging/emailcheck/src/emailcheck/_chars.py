"""The first look at the whole text: characters no address may hold, and where the @ is."""

from __future__ import annotations

import re
import unicodedata

from emailcheck._errors import EmailError

MAX_ADDRESS_OCTETS = 254  # RFC 5321 4.5.3.1.3: a 256-octet path minus its < and >
# Never valid anywhere, even inside quotes (SMTP allows only printable characters there):
# controls, invisible format characters, surrogates, private use, unassigned code points,
# line and paragraph separators. Format characters include ZWJ/ZWNJ, which IDNA 2008
# permits in a few scripts' labels; refusing them means an address never hides a character
# (UTS 46 would silently drop U+200B from a domain).
FORBIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
_ASCII_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_FRIENDLY_NAMES = {
    "\t": "a tab",
    "\n": "a line feed (LF)",
    "\r": "a carriage return (CR)",
    " ": "a space",
}


def describe(char: str) -> str:
    """Name a character for an error message: `'_'`, `U+200B ZERO WIDTH SPACE`."""
    if char in _FRIENDLY_NAMES:
        return _FRIENDLY_NAMES[char]
    if char.isprintable() and not char.isspace():
        return repr(char)
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X} {name}" if name else f"the control character U+{ord(char):04X}"


def check_characters(text: str) -> None:
    """Reject an empty or over-long text, forbidden characters and display names."""
    # solution: reject empty and over-long text, forbidden characters, and `Name <address>`
    if not text:
        raise EmailError("address.empty", "the address is empty")
    if len(text) > MAX_ADDRESS_OCTETS:
        raise EmailError(
            "address.too-long",
            f"the address is {len(text)} characters long; at most {MAX_ADDRESS_OCTETS} are allowed",
            position=MAX_ADDRESS_OCTETS,
        )
    if text.isascii():
        match = _ASCII_CONTROL.search(text)
        bad = match.start() if match else -1
    else:
        categories = (unicodedata.category(c) in FORBIDDEN_CATEGORIES for c in text)
        bad = next((i for i, forbidden in enumerate(categories) if forbidden), -1)
    if bad >= 0:
        reason = f"{describe(text[bad])} is not allowed in an email address"
        raise EmailError("address.forbidden-character", reason, position=bad)
    if "<" in text and text.endswith(">"):
        raise EmailError(
            "address.display-name",
            "display names are not accepted: pass only the address between < and >",
            position=text.index("<"),
        )
    # end solution


def split_address(text: str) -> int:
    """Return the index of the @ that separates the local part from the domain.

    It is the first @ outside a quoted local part; a second one is an error.
    """
    if text.startswith('"'):
        at = _closing_quote(text) + 1
        if text[at : at + 1] != "@":
            if "@" not in text[at:]:
                raise _no_at()
            reason = "a quoted local part must end right before the @"
            raise EmailError("local.text-after-quote", reason, position=at)
    else:
        at = text.find("@")
        if at < 0:
            raise _no_at()
    second = text.find("@", at + 1)
    if second >= 0:
        reason = "a second @; only one is allowed outside a quoted local part"
        raise EmailError("address.second-at", reason, position=second)
    return at


def _closing_quote(text: str) -> int:
    """Index of the quote that closes the one at index 0, skipping backslash pairs."""
    i = 1
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == '"':
            return i
        i += 1
    raise EmailError(
        "local.unclosed-quote", "the quoted local part has no closing quote", position=0
    )


def _no_at() -> EmailError:
    return EmailError("address.no-at", "there is no @ (an address looks like name@example.com)")
