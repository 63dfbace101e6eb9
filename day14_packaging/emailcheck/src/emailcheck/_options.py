"""The policy switches of `validate_email`, gathered so every check sees the same ones."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Options:
    """What to accept beyond the everyday `name@example.com` form (all off by default).

    Each switch is a real part of the standards that most mail systems still refuse:
    quoted local parts (`"Fred Bloggs"@...`), domain literals (`user@[192.0.2.1]`),
    UTF-8 local parts (RFC 6531), dotless domains (`user@localhost`-like TLD-only names)
    and special-use domains (`.test`, `.invalid`, `localhost`: RFC 6761).
    """

    allow_quoted_local: bool = False
    allow_domain_literal: bool = False
    allow_utf8_local: bool = False
    allow_dotless_domain: bool = False
    allow_special_use: bool = False
