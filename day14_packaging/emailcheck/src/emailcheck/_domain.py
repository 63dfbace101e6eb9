"""The domain (after the @): DNS labels, IDNA 2008 for Unicode names, and the naming policy."""

from __future__ import annotations

import re

import idna

from emailcheck._chars import describe
from emailcheck._errors import EmailError
from emailcheck._options import Options

MAX_DOMAIN_OCTETS = 255  # RFC 5321 4.5.3.1.2
MAX_LABEL_OCTETS = 63  # RFC 1035 2.3.4
LDH = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")
_LABEL = r"(?!-)[a-z0-9-]{1,63}(?<!-)"
HOSTNAME = re.compile(rf"{_LABEL}(?:\.{_LABEL})*")
# RFC 6761 and its successors: names that can never receive mail on the public Internet.
# `example.com` & co. are special-use too, but documentation and tests use them as real
# addresses, so (like most validators) they are accepted.
SPECIAL_USE_TLDS = frozenset({"localhost", "test", "invalid", "local", "onion", "alt"})


def check_domain(domain: str, *, offset: int, options: Options) -> tuple[str, str]:
    """Return the domain as (Unicode, ASCII A-labels), both lower case, or raise EmailError.

    `offset` is the domain's index in the address, so errors point into the whole text.
    """
    if not domain:
        raise EmailError("domain.empty", "there is nothing after the @", position=offset)
    if domain.isascii():
        ascii_domain = domain.lower()
        check_labels(ascii_domain, offset=offset)
        unicode_domain = decode_a_labels(ascii_domain, offset=offset)
    else:
        ascii_domain = to_ascii(domain, offset=offset)
        check_labels(ascii_domain, offset=None)
        unicode_domain = decode_a_labels(ascii_domain, offset=offset)
    check_naming_policy(ascii_domain, options=options, offset=offset)
    return unicode_domain, ascii_domain


def check_labels(name: str, *, offset: int | None) -> None:
    """Letters, digits and hyphens (LDH) in dot-separated labels of 1 to 63 octets.

    `offset` None means `name` is the A-label form of a Unicode domain, where indexes
    into the ASCII text would not point at what the user typed.
    """
    # solution: check the dots, each label's characters (LDH), length and outer hyphens
    if HOSTNAME.fullmatch(name) and len(name) <= MAX_DOMAIN_OCTETS:
        return
    if name[0] == ".":
        raise _domain_error("domain.leading-dot", "the domain starts with a dot", offset, 0)
    if name[-1] == ".":
        reason = "the domain ends with a dot"
        raise _domain_error("domain.trailing-dot", reason, offset, len(name) - 1)
    if ".." in name:
        reason = "two dots in a row in the domain"
        raise _domain_error("domain.consecutive-dots", reason, offset, name.index(".."))
    start = 0
    for label in name.split("."):
        _check_label(label, offset=offset, start=start)
        start += len(label) + 1
    if len(name) > MAX_DOMAIN_OCTETS:
        reason = f"the domain is {len(name)} octets long; at most {MAX_DOMAIN_OCTETS} are allowed"
        raise _domain_error("domain.too-long", reason, offset, None)
    # end solution


def _check_label(label: str, *, offset: int | None, start: int) -> None:
    for index, char in enumerate(label):
        if char not in LDH:
            reason = (
                f"{describe(char)} is not allowed in a domain name; "
                "labels hold letters, digits and hyphens"
            )
            raise _domain_error("domain.character", reason, offset, start + index)
    if len(label) > MAX_LABEL_OCTETS:
        reason = (
            f"the label {label[:12]!r}... is {len(label)} octets long; "
            f"a domain label has at most {MAX_LABEL_OCTETS}"
        )
        raise _domain_error("domain.label-too-long", reason, offset, start)
    if label.startswith("-"):
        reason = f"the label {label!r} starts with a hyphen"
        raise _domain_error("domain.hyphen", reason, offset, start)
    if label.endswith("-"):
        reason = f"the label {label!r} ends with a hyphen"
        raise _domain_error("domain.hyphen", reason, offset, start + len(label) - 1)


def to_ascii(domain: str, *, offset: int) -> str:
    """Map a Unicode domain with UTS 46 and encode it to A-labels with IDNA 2008."""
    # solution: encode with idna (uts46=True, std3_rules=True), an IDNAError becoming EmailError
    try:
        return idna.encode(domain, uts46=True, std3_rules=True).decode("ascii")
    except UnicodeError as exc:  # idna.IDNAError is a UnicodeError
        reason = f"the domain is not a valid internationalised domain name: {exc}"
        raise EmailError("domain.idna", reason, position=offset) from exc
    # end solution


def decode_a_labels(ascii_domain: str, *, offset: int) -> str:
    """The Unicode form of a domain; an `xn--` label must be a valid IDNA 2008 A-label."""
    if "xn--" not in ascii_domain:
        return ascii_domain
    try:
        return idna.decode(ascii_domain)
    except UnicodeError as exc:
        reason = f"the domain has an xn-- label that is not valid IDNA: {exc}"
        raise EmailError("domain.idna", reason, position=offset) from exc


def check_naming_policy(ascii_domain: str, *, options: Options, offset: int) -> None:
    """No all-numeric TLD; special-use and dotless domains only when allowed."""
    # solution: reject an all-digit TLD, special-use names and dotless domains unless allowed
    tld = ascii_domain.rpartition(".")[2]
    if tld.isdigit():
        reason = f"the top-level domain {tld!r} is all digits (RFC 3696 2: no TLD is)"
        raise EmailError("domain.numeric-tld", reason, position=offset)
    if tld in SPECIAL_USE_TLDS:  # `localhost` itself is dotless: its switch is this one
        if not options.allow_special_use:
            reason = (
                f"{ascii_domain!r} is a special-use domain (RFC 6761) that never receives "
                "mail (allow_special_use=True)"
            )
            raise EmailError("domain.special-use", reason, position=offset)
    elif "." not in ascii_domain and not options.allow_dotless_domain:
        reason = (
            f"the domain {ascii_domain!r} has no dot; an address needs a domain like "
            "example.com (allow_dotless_domain=True)"
        )
        raise EmailError("domain.dotless", reason, position=offset)
    # end solution


def _domain_error(code: str, reason: str, offset: int | None, index: int | None) -> EmailError:
    """An error whose position is in the address, when the name is what the user typed."""
    if offset is None or index is None:
        return EmailError(code, reason + " (in its ASCII form)" if offset is None else reason)
    return EmailError(code, reason, position=offset + index)
