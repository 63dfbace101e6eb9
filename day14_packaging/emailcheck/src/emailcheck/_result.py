"""What a successful validation returns: the address in its normalised forms."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ValidatedEmail:
    """A valid address, normalised: store `normalized`, send to `ascii_email` when it is set.

    The local part keeps its case (only the receiving server may fold it) and is in NFC with
    no needless quotes; the domain is lower case, in Unicode (`domain`) and in the ASCII
    A-label form DNS uses (`ascii_domain`). `smtputf8` says the local part is non-ASCII, so
    only a server that speaks SMTPUTF8 (RFC 6531) can deliver to it; then `ascii_email`
    is None, because no ASCII spelling of the address exists.
    """

    original: str
    normalized: str
    local_part: str
    domain: str
    ascii_domain: str
    ascii_email: str | None
    smtputf8: bool

    def __str__(self) -> str:
        return self.normalized
