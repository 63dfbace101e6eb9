"""Properties over generated text (hypothesis): only EmailError, and normalisation is stable."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.provisional import domains

from day14_packaging import EmailError, validate_email
from day14_packaging.tests.helpers import EVERY_SWITCH

# Characters where validators go wrong: specials, quotes, escapes, dots and what Unicode
# normalisation changes (combining marks, KELVIN SIGN, GREEK QUESTION MARK -> ';',
# full-width letters and dots, final sigma, sharp s, dotted I, ligatures).
TRICKY = list('aZ09.-_+@"\\ []:!~()<>,;') + list(
    "é\u0301\u037e\u212a\u2126ßςΣＡ\u3002．üδж中\u00a0\ufb01İ\u0958\u00ad\u200d"
)
OPTIONS = st.sampled_from([{}, EVERY_SWITCH, {"allow_utf8_local": True}])
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def address_like(draw: st.DrawFn) -> str:
    """Text shaped like an address (local@labels.tld) from the tricky alphabet."""
    part = st.text(st.sampled_from(TRICKY), max_size=12)
    tld = draw(st.sampled_from(["com", "de", "рф", "xn--p1ai", "123", "test", ""]))
    domain = draw(part) + ("." + tld if tld else "")
    return f"{draw(part)}@{domain}"


def validated_or_none(text: str, options: dict[str, bool]) -> str | None:
    """The normalised form, or None when rejected (any other exception fails the test)."""
    try:
        return validate_email(text, **options).normalized
    except EmailError:
        return None


@FAST
@given(st.text(), OPTIONS)
def test_random_unicode_raises_nothing_but_email_error(text: str, options: dict[str, bool]) -> None:
    validated_or_none(text, options)


@FAST
@given(address_like(), OPTIONS)
def test_accepted_address_stays_accepted_after_normalisation(
    text: str, options: dict[str, bool]
) -> None:
    """Validating the normalised form succeeds and gives the same normalised form."""
    normalized = validated_or_none(text, options)
    if normalized is not None:
        assert validated_or_none(normalized, options) == normalized, (
            f"{text!r} normalised to {normalized!r}, which does not validate to itself"
        )


@FAST
@given(st.emails(domains=domains(max_length=60)))
def test_hypothesis_generated_addresses_are_accepted_and_ascii_round_trips(text: str) -> None:
    """RFC 5322 dot-atom addresses on real TLDs are valid (barring special-use TLDs)."""
    try:
        result = validate_email(text)
    except EmailError as exc:
        assert exc.code == "domain.special-use", f"{text!r} was rejected: {exc}"
        return
    assert result.ascii_email is not None
    assert validate_email(result.ascii_email).ascii_email == result.ascii_email
