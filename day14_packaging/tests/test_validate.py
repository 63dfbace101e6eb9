"""validate_email's results and errors: normalised forms, switches, limits, error positions."""

from __future__ import annotations

import pickle

import pytest

from day14_packaging import EmailError, ValidatedEmail, is_valid_email, validate_email

# 25 distinct CJK characters: a 53-octet A-label, so 5 of them pass 254 octets in ASCII.
CJK_LABEL = "".join(chr(0x4E00 + 7 * i) for i in range(25))


def rejection(text: str, **options: bool) -> EmailError:
    """The EmailError validate_email raises for `text` (fails the test if it accepts)."""
    with pytest.raises(EmailError) as caught:
        validate_email(text, **options)
    return caught.value


def test_valid_address_returns_its_normalised_forms() -> None:
    result = validate_email("Alice.Smith@Example.COM")
    assert isinstance(result, ValidatedEmail)
    assert result.normalized == "Alice.Smith@example.com", "the domain is lower-cased"
    assert result.local_part == "Alice.Smith", "the local part keeps its case (RFC 5321 2.4)"
    assert (result.domain, result.ascii_domain) == ("example.com", "example.com")
    assert result.ascii_email == "Alice.Smith@example.com" and result.smtputf8 is False
    assert str(result) == result.normalized and result.original == "Alice.Smith@Example.COM"


def test_internationalised_domain_has_unicode_and_ascii_forms() -> None:
    result = validate_email("user@BÜCHER.de")
    assert result.domain == "bücher.de", "UTS 46 maps the domain to lower case"
    assert result.ascii_domain == "xn--bcher-kva.de", "IDNA 2008 A-label form"
    assert result.ascii_email == "user@xn--bcher-kva.de"


def test_a_label_domain_is_decoded_to_unicode() -> None:
    result = validate_email("test@xn--hxajbheg2az3al.xn--jxalpdlp")
    assert result.normalized == "test@παράδειγμα.δοκιμή"


def test_full_width_domain_is_mapped_by_uts46() -> None:
    assert validate_email("user@ＥＸＡＭＰＬＥ．com").normalized == "user@example.com"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("user@☃.net", id="symbol-not-allowed-by-idna"),
        pytest.param("user@xn--abc.com", id="invalid-a-label"),
        pytest.param("user@x\u3002\u3002com", id="empty-label-after-mapping"),
        pytest.param("user@١٢٣.com", id="bidi-rule-broken"),
    ],
)
def test_invalid_internationalised_domain_is_rejected(text: str) -> None:
    error = rejection(text)
    assert "domain" in str(error), f"the message should say the domain is at fault: {error}"


def test_utf8_local_part_needs_its_switch() -> None:
    error = rejection("josé@example.com")
    assert error.position == 3, "the position points at the non-ASCII character"
    result = validate_email("josé@example.com", allow_utf8_local=True)
    assert result.smtputf8 is True, "a non-ASCII local part needs an SMTPUTF8 server"
    assert result.ascii_email is None, "no ASCII spelling of such an address exists"


def test_local_part_is_normalised_to_nfc() -> None:
    result = validate_email("jose\u0301@example.com", allow_utf8_local=True)
    assert result.local_part == "jos\u00e9", "e + COMBINING ACUTE ACCENT composes to é"


def test_normalisation_that_creates_an_ascii_letter_keeps_the_address_valid() -> None:
    result = validate_email("\u212aelvin@example.com", allow_utf8_local=True)
    assert result.normalized == "Kelvin@example.com", "KELVIN SIGN is K in NFC"
    assert result.ascii_email == "Kelvin@example.com" and result.smtputf8 is False


def test_normalisation_that_creates_a_forbidden_character_is_rejected() -> None:
    """U+037E GREEK QUESTION MARK is ';' in NFC, and ';' is not allowed in a local part."""
    error = rejection("a\u037eb@example.com", allow_utf8_local=True)
    assert "';'" in str(error), f"the message should name the character NFC produced: {error}"


def test_combining_mark_cannot_start_the_local_part() -> None:
    rejection("\u0301e@example.com", allow_utf8_local=True)


def test_quoted_local_part_needs_its_switch_and_loses_needless_quotes() -> None:
    rejection('"john doe"@example.com')
    options = {"allow_quoted_local": True}
    assert validate_email('"john doe"@example.com', **options).local_part == '"john doe"'
    assert validate_email('"john"@example.com', **options).normalized == "john@example.com"
    assert validate_email('"a\\ b"@example.com', **options).local_part == '"a b"'
    assert validate_email('"a\\"b"@example.com', **options).local_part == '"a\\"b"'


def test_domain_literal_needs_its_switch() -> None:
    rejection("user@[192.0.2.1]")
    result = validate_email("user@[ipv6:2001:DB8::1]", allow_domain_literal=True)
    assert result.domain == "[IPv6:2001:db8::1]", "the tag is spelled IPv6:, hex in lower case"
    assert validate_email("user@[192.0.2.1]", allow_domain_literal=True).domain == "[192.0.2.1]"


@pytest.mark.parametrize(
    ("text", "switch"),
    [
        pytest.param("user@localhost", "allow_special_use", id="localhost"),
        pytest.param("user@mail.test", "allow_special_use", id="dot-test"),
        pytest.param("user@host.invalid", "allow_special_use", id="dot-invalid"),
        pytest.param("user@printer.local", "allow_special_use", id="dot-local"),
        pytest.param("user@intranet", "allow_dotless_domain", id="dotless"),
    ],
)
def test_special_use_and_dotless_domains_need_their_switch(text: str, switch: str) -> None:
    rejection(text)
    assert is_valid_email(text, **{switch: True}), f"{text} is accepted with {switch}=True"


def test_example_domains_are_accepted() -> None:
    """RFC 2606 names are special-use too, but documentation and tests mail them."""
    assert is_valid_email("user@example.com") and is_valid_email("user@mail.example")


@pytest.mark.parametrize(
    ("text", "position"),
    [
        pytest.param("alice..smith@example.com", 5, id="double-dot-local"),
        pytest.param(".alice@example.com", 0, id="leading-dot"),
        pytest.param("alice.@example.com", 5, id="trailing-dot"),
        pytest.param("alice@example..com", 13, id="double-dot-domain"),
        pytest.param("alice@exa_mple.com", 9, id="underscore-in-domain"),
        pytest.param("alice@-example.com", 6, id="leading-hyphen"),
        pytest.param("alice@example-.com", 13, id="trailing-hyphen"),
        pytest.param("alice@bob@example.com", 9, id="second-at"),
        pytest.param("al ice@example.com", 2, id="space"),
        pytest.param("alice@example.com\n", 17, id="trailing-newline"),
        pytest.param("Alice <alice@example.com>", 6, id="display-name"),
    ],
)
def test_error_says_where_the_problem_is(text: str, position: int) -> None:
    error = rejection(text)
    assert error.position == position, f"{text!r}: expected index {position}, got {error}"
    assert f"index {position}" in str(error), "the message names the index too"
    assert text not in str(error), "the message never repeats the whole address (safe to log)"


@pytest.mark.parametrize(
    "char",
    [
        pytest.param("\t", id="tab"),
        pytest.param("\r", id="carriage-return"),
        pytest.param("\x00", id="nul"),
        pytest.param("\u200b", id="zero-width-space"),
        pytest.param("\u00ad", id="soft-hyphen"),
        pytest.param("\u2028", id="line-separator"),
        pytest.param("\ud800", id="lone-surrogate"),
        pytest.param("\u00a0", id="no-break-space"),
    ],
)
def test_whitespace_and_invisible_characters_are_rejected_anywhere(char: str) -> None:
    for text in (f"{char}a@example.com", f"a{char}b@example.com", f"a@exam{char}ple.com"):
        rejection(text, allow_utf8_local=True, allow_quoted_local=True)
    rejection(f'"a{char}b"@example.com', allow_utf8_local=True, allow_quoted_local=True)


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        pytest.param("a" * 64 + "@example.com", True, id="local-64-octets"),
        pytest.param("a" * 65 + "@example.com", False, id="local-65-octets"),
        pytest.param("é" * 32 + "@example.com", True, id="local-64-utf8-octets"),
        pytest.param("é" * 33 + "@example.com", False, id="local-66-utf8-octets"),
        pytest.param("a@" + "b" * 63 + ".com", True, id="label-63"),
        pytest.param("a@" + "b" * 64 + ".com", False, id="label-64"),
        pytest.param("a@" + ("b" * 62 + ".") * 4 + "com", False, id="address-255"),
        pytest.param("a@" + ("b" * 61 + ".") * 4 + "com", True, id="address-251"),
        pytest.param("a@" + (CJK_LABEL + ".") * 4 + "com", True, id="idn-221-in-ascii"),
        pytest.param("a@" + (CJK_LABEL + ".") * 5 + "com", False, id="idn-275-in-ascii"),
    ],
)
def test_octet_limits(text: str, valid: bool) -> None:
    """Local part 64 octets (UTF-8), labels 63, address 254 with the domain in A-labels."""
    verdict = is_valid_email(text, allow_utf8_local=True)
    assert verdict == valid, f"{len(text)} characters: expected {'valid' if valid else 'invalid'}"


def test_error_is_a_value_error_with_a_stable_code() -> None:
    error = rejection("alice..smith@example.com")
    assert isinstance(error, ValueError), "so pydantic validators turn it into a field error"
    assert error.code == "local.consecutive-dots" and error.reason in str(error)


def test_error_survives_pickling() -> None:
    """Background workers (Celery, process pools) send errors between processes."""
    error = pickle.loads(pickle.dumps(rejection("alice..smith@example.com")))
    assert isinstance(error, EmailError) and error.position == 5
    assert str(error) == "two dots in a row in the local part (at index 5)"


def test_non_string_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        validate_email(b"alice@example.com")  # type: ignore[arg-type]


def test_is_valid_email_returns_a_bool() -> None:
    assert is_valid_email("alice@example.com") is True
    assert is_valid_email("alice") is False
    assert is_valid_email("alice@[192.0.2.1]", allow_domain_literal=True) is True
