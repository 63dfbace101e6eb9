"""`validate_email` and `is_valid_email`: the checks in order, then normalisation re-checked."""

from __future__ import annotations

from emailcheck._chars import MAX_ADDRESS_OCTETS, check_characters, split_address
from emailcheck._domain import check_domain
from emailcheck._errors import EmailError
from emailcheck._literal import check_literal
from emailcheck._local import check_local_part
from emailcheck._options import Options
from emailcheck._result import ValidatedEmail


def validate_email(
    text: str,
    *,
    allow_quoted_local: bool = False,
    allow_domain_literal: bool = False,
    allow_utf8_local: bool = False,
    allow_dotless_domain: bool = False,
    allow_special_use: bool = False,
) -> ValidatedEmail:
    """Check `text` as one addr-spec and return it normalised; raise EmailError if invalid.

    The defaults accept what mail systems deliver today; each `allow_*` switch opens one
    more part of RFC 5321/5322/6531/6761 (see the README's policy table).
    """
    if not isinstance(text, str):
        raise TypeError(f"validate_email() needs a str, not {type(text).__name__}")
    options = Options(
        allow_quoted_local=allow_quoted_local,
        allow_domain_literal=allow_domain_literal,
        allow_utf8_local=allow_utf8_local,
        allow_dotless_domain=allow_dotless_domain,
        allow_special_use=allow_special_use,
    )
    result = _validate(text, options)
    if result.normalized == text:
        return result
    # solution: validate the normalised address again: NFC or IDNA mapping can create characters
    # (U+037E GREEK QUESTION MARK becomes ';') that the original did not have
    try:
        _validate(result.normalized, options)
    except EmailError as exc:
        reason = f"once normalised to {result.normalized!r}, {exc.reason}"
        raise EmailError(exc.code, reason) from exc
    return result
    # end solution


def is_valid_email(text: str, **options: bool) -> bool:
    """True when `validate_email(text, **options)` would succeed."""
    try:
        validate_email(text, **options)
    except EmailError:
        return False
    return True


def _validate(text: str, options: Options) -> ValidatedEmail:
    """One pass of every check over `text`; the result holds its normalised forms."""
    check_characters(text)
    at = split_address(text)
    local = check_local_part(text[:at], options)
    domain_text = text[at + 1 :]
    if domain_text.startswith("["):
        domain = ascii_domain = check_literal(domain_text, offset=at + 1, options=options)
    else:
        domain, ascii_domain = check_domain(domain_text, offset=at + 1, options=options)
    check_address_length(local, ascii_domain)
    smtputf8 = not local.isascii()
    return ValidatedEmail(
        original=text,
        normalized=f"{local}@{domain}",
        local_part=local,
        domain=domain,
        ascii_domain=ascii_domain,
        ascii_email=None if smtputf8 else f"{local}@{ascii_domain}",
        smtputf8=smtputf8,
    )


def check_address_length(local: str, ascii_domain: str) -> None:
    """The whole address at most 254 octets, the domain counted in its A-label form."""
    # solution: reject a local part + @ + ASCII domain longer than 254 octets
    octets = len(local.encode("utf-8")) + 1 + len(ascii_domain)
    if octets > MAX_ADDRESS_OCTETS:
        reason = f"the address is {octets} octets long; at most {MAX_ADDRESS_OCTETS} are allowed"
        raise EmailError("address.too-long", reason)
    # end solution
