"""Domain literals: `user@[192.0.2.1]` and `user@[IPv6:2001:db8::1]` (RFC 5321 4.1.3).

Only the two address forms SMTP defines; RFC 5321's "General-address-literal" has no
registered tag, so nothing could deliver to one.
"""

from __future__ import annotations

from emailcheck._errors import EmailError
from emailcheck._options import Options

_HEX = frozenset("0123456789abcdefABCDEF")


def check_literal(domain: str, *, offset: int, options: Options) -> str:
    """Return the literal normalised (`[IPv6:` tag, lower-case hex), or raise EmailError."""
    if not options.allow_domain_literal:
        reason = "domain literals like [192.0.2.1] are not accepted (allow_domain_literal=True)"
        raise EmailError("domain.literal", reason, position=offset)
    if not domain.endswith("]"):
        reason = "the domain literal does not end with ]"
        raise EmailError("domain.literal-unclosed", reason, position=offset + len(domain) - 1)
    inner = domain[1:-1]
    # solution: accept a dotted-quad IPv4 address, or "IPv6:" and an RFC 5321 IPv6 address
    if inner[:5].lower() == "ipv6:" and is_ipv6(inner[5:]):
        return f"[IPv6:{inner[5:].lower()}]"
    if is_ipv4(inner):
        return domain
    reason = "the domain literal holds neither an IPv4 address nor 'IPv6:' and an IPv6 address"
    raise EmailError("domain.literal-address", reason, position=offset + 1)
    # end solution


def is_ipv4(text: str) -> bool:
    """Four decimal numbers 0-255 joined by dots (RFC 5321's Snum allows leading zeros)."""
    parts = text.split(".")
    return len(parts) == 4 and all(
        1 <= len(p) <= 3 and p.isascii() and p.isdigit() and int(p) <= 255 for p in parts
    )


def is_ipv6(text: str) -> bool:
    """RFC 5321's IPv6-addr: 8 hex groups, or 6 and an IPv4 address; `::` for 2+ zero groups."""
    groups_allowed = 8
    if "." in text:  # IPv6v4-full / IPv6v4-comp: the last 32 bits written as IPv4
        head, _, ipv4 = text.rpartition(":")
        if not is_ipv4(ipv4):
            return False
        text = head + ":" if head.endswith(":") else head
        groups_allowed = 6
    if "::" in text:
        if text.count("::") > 1:
            return False
        left, right = text.split("::")
        groups = (left.split(":") if left else []) + (right.split(":") if right else [])
        # RFC 5321: "::" stands for at least two groups, so at most 6 (or 4) others.
        return len(groups) <= groups_allowed - 2 and all(map(_is_hex_group, groups))
    groups = text.split(":")
    return len(groups) == groups_allowed and all(map(_is_hex_group, groups))


def _is_hex_group(group: str) -> bool:
    return 1 <= len(group) <= 4 and all(c in _HEX for c in group)
