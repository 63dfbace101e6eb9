"""Test helpers: the bundled cases, readable test ids, and the edge-tier policy table.

Imported by the rubric tests; always the reference's copy, even when an attempt is graded.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
CASES_FILE = DATA / "email-cases.json"
EVERY_SWITCH = {
    "allow_quoted_local": True,
    "allow_domain_literal": True,
    "allow_utf8_local": True,
    "allow_dotless_domain": True,
    "allow_special_use": True,
}


@dataclass(frozen=True)
class Case:
    """One address of the corpus and its source's verdict."""

    address: str
    expected_valid: bool
    tier: str
    category: str
    note: str
    ref: str

    @property
    def number(self) -> str:
        """The case's id in its source (isemail's tests.xml id), or its RFC."""
        return self.ref.rpartition("#id=")[2] if "#id=" in self.ref else "rfc"


@dataclass(frozen=True)
class PolicyRow:
    """One row of the README's edge-tier policy table."""

    group: str
    markers: tuple[str, ...]  # substrings of a case's category or note that put it here
    switch: str | None = None  # the option that accepts this row's isemail-valid cases

    def verdict_with_every_switch(self, case: Case) -> bool:
        """Accepted with every switch on: only what isemail accepts and a switch allows."""
        return case.expected_valid and self.switch is not None


# Every edge case is rejected by default. The first row whose marker appears in a case's
# category or note holds it. The README's table "Edge tier: the policy" states the same rows.
EDGE_POLICY = (
    PolicyRow("quoted local part", ("QUOTEDSTRING", "quoted_local_part"), "allow_quoted_local"),
    PolicyRow("domain literal", ("ADDRESSLITERAL",), "allow_domain_literal"),
    PolicyRow("all-numeric top-level domain", ("TLDNUMERIC",)),
    PolicyRow("dotless domain", ("RFC5321_TLD", "dotless"), "allow_dotless_domain"),
    PolicyRow("over a length limit", ("TOOLONG",)),
    PolicyRow("malformed domain literal", ("RFC5322_DOMAINLITERAL", "IPV6", "DOMLIT_OBSDTEXT")),
    PolicyRow("comments or folding white space", ("CFWS", "_FWS", "COMMENT", "CTEXT")),
    PolicyRow("obsolete quoted forms", ("DEPREC_LOCALPART", "DEPREC_QP", "DEPREC_QTEXT")),
    PolicyRow("character not allowed in a domain", ("ISEMAIL_RFC5322_DOMAIN",)),
)


def load_cases(tier: str | None = None) -> list[Case]:
    """The bundled corpus (isemail v3.05 + RFC 3696), optionally one tier."""
    raw = json.loads(CASES_FILE.read_text(encoding="utf-8"))["cases"]
    cases = [
        Case(
            c["address"], c["expected_valid"], c["tier"], c["category"], c["note"], c["source_ref"]
        )
        for c in raw
    ]
    return [c for c in cases if tier is None or c.tier == tier]


def policy_row(case: Case) -> PolicyRow:
    """The policy row an edge case falls under (the first whose marker matches)."""
    text = f"{case.category} {case.note}"
    for row in EDGE_POLICY:
        if any(marker in text for marker in row.markers):
            return row
    raise LookupError(f"edge case {case.address!r} ({case.note}) is in no policy row")


def case_id(case: Case) -> str:
    """A readable, ASCII-only test id: `valid-12-test@iana.org`, escapes visible."""
    shown = case.address.encode("unicode_escape").decode("ascii") or "(empty)"
    if len(shown) > 44:
        shown = f"{shown[:30]}...({len(case.address)}-chars)"
    verdict = "valid" if case.expected_valid else "invalid"
    return f"{verdict}-{case.number}-{shown}"
