"""Score a validator on the bundled test cases: isemail v3.05 and RFC 3696, in two tiers.

`core` cases are clear-cut, so a good validator agrees with nearly all of them; `edge`
cases depend on policy (quoted local parts, domain literals, dotless domains...), so the
README states ours instead of chasing a number.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from day14_packaging.errors import CorpusError

CASES_FILE = Path(__file__).resolve().parent / "tests" / "data" / "email-cases.json"


@dataclass(frozen=True)
class Case:
    """One address and the verdict its source gives."""

    address: str
    expected_valid: bool
    tier: str
    category: str
    note: str


@dataclass
class TierScore:
    """Agreement with the expected verdicts in one tier."""

    cases: int = 0
    agreed: int = 0
    disagreements: list[Case] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        """The share of cases whose verdict agrees (0.0 for an empty tier)."""
        return self.agreed / self.cases if self.cases else 0.0


def load_cases(path: Path = CASES_FILE) -> list[Case]:
    """Read the JSON file `{"cases": [{"address", "expected_valid", "tier", ...}]}`."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return [
            Case(c["address"], bool(c["expected_valid"]), c["tier"], c["category"], c["note"])
            for c in raw["cases"]
        ]
    except OSError as exc:
        raise CorpusError(f"cannot read the cases file {path}: {exc.strerror}") from exc
    except (ValueError, KeyError, TypeError) as exc:
        raise CorpusError(f"{path} is not a cases file: {exc!r}") from exc


def score(cases: list[Case], is_valid: Callable[[str], bool]) -> dict[str, TierScore]:
    """Agreement per tier (and `all`) of `is_valid` with every case's expected verdict."""
    tiers: dict[str, TierScore] = {}
    for case in cases:
        agreed = is_valid(case.address) == case.expected_valid
        for name in (case.tier, "all"):
            tier = tiers.setdefault(name, TierScore())
            tier.cases += 1
            tier.agreed += agreed
            if not agreed and name != "all":
                tier.disagreements.append(case)
    return tiers


def category_misses(cases: list[Case], is_valid: Callable[[str], bool], category: str) -> int:
    """How many cases of an isemail category `is_valid` gets wrong (ERR must be rejected)."""
    return sum(is_valid(c.address) != c.expected_valid for c in cases if c.category == category)
