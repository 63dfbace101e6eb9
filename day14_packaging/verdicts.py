"""Verdict lines for `check` and the demo: valid with the normalised form, or the reason."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from emailcheck import EmailError, validate_email

# The library's policy switches, as CLI flags (--allow-quoted-local ...) and keywords.
POLICY_SWITCHES = {
    "allow_quoted_local": 'accept quoted local parts: "john doe"@example.com',
    "allow_domain_literal": "accept domain literals: user@[192.0.2.1]",
    "allow_utf8_local": "accept UTF-8 local parts (RFC 6531): josé@example.com",
    "allow_dotless_domain": "accept domains without a dot: user@intranet",
    "allow_special_use": "accept special-use domains: user@host.test, user@localhost",
}
SAMPLES = (
    "alice@example.com",
    "Alice.Smith+news@Example.COM",
    "user@bücher.de",
    "user@xn--bcher-kva.de",
    "josé@example.com",
    "alice..smith@example.com",
    "Alice <alice@example.com>",
    '"john doe"@example.com',
    "user@[192.0.2.1]",
    "user@example",
    "user@localhost",
    "user@-example.com",
)


def shown(address: str) -> str:
    """The address as typed when printable, else its repr (control characters visible)."""
    return address if address.isprintable() else repr(address)


def verdicts(addresses: Iterable[str], options: Mapping[str, bool]) -> tuple[list[str], int]:
    """One line per address and the number of invalid ones."""
    items = list(addresses)
    width = min(max((len(shown(a)) for a in items), default=0), 40)
    lines: list[str] = []
    invalid = 0
    for address in items:
        try:
            result = validate_email(address, **options)
        except EmailError as exc:
            invalid += 1
            lines.append(f"invalid  {shown(address):<{width}}  {exc}")
        else:
            lines.append(f"valid    {shown(address):<{width}}  -> {result.normalized}")
    return lines, invalid
