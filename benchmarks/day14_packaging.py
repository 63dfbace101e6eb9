"""Day 14 benchmark: emailcheck's addresses per second beside email-validator, same run.

Sets (each validated in full, `--rounds` times; the best round counts):
  corpus       the 181 bundled cases (isemail v3.05 + RFC 3696), valid and invalid alike
  ascii        the corpus's ASCII addresses that both libraries accept (the common case)
  idn          internationalised domains (U-labels: bücher.de, пример.рф, 例え.jp...) with
               ASCII local parts, which both libraries accept by default
email-validator runs with `check_deliverability=False` (no DNS), as the peer. Goal: >= 1x.
Also printed: each library's agreement with the corpus's core tier.

Usage: python benchmarks/day14_packaging.py [--rounds 200] [--quick]
email-validator comes with the `bench` group: `uv run nox -s bench -- day14`, or
`uv run --with email-validator python benchmarks/day14_packaging.py`.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from day14_packaging import EmailError, validate_email  # noqa: E402

CASES = ROOT / "day14_packaging" / "tests" / "data" / "email-cases.json"
IDN_DOMAINS = (
    "bücher.de", "münchen.de", "faß.de", "ñandú.es", "пример.рф", "почта.рф",
    "παράδειγμα.δοκιμή", "例え.jp", "中文.cn", "日本語.jp", "उदाहरण.भारत", "ทดสอบ.ไทย",
    "δοκιμή.gr", "räksmörgås.se", "παράδειγμα.com", "bücher.example.com",
)  # fmt: skip
IDN_LOCALS = ("user", "info", "alice.smith", "support+idn")

Validator = Callable[[str], bool]


def emailcheck_validator(address: str) -> bool:
    try:
        validate_email(address)
    except EmailError:
        return False
    return True


def peer_validator() -> Validator:
    """email-validator 2.x without DNS; exits with a hint when it is not installed."""
    try:
        from email_validator import EmailNotValidError
        from email_validator import validate_email as peer_validate
    except ImportError:
        raise SystemExit(
            "email-validator is not installed: run `uv run nox -s bench -- day14` or "
            "`uv run --with email-validator python benchmarks/day14_packaging.py`"
        ) from None

    def validate(address: str) -> bool:
        try:
            peer_validate(address, check_deliverability=False)
        except EmailNotValidError:
            return False
        return True

    return validate


def rate(validator: Validator, addresses: list[str], rounds: int) -> float:
    """Addresses per second: the best of `rounds` passes over `addresses`."""
    best = float("inf")
    for _ in range(rounds):
        began = time.perf_counter()
        for address in addresses:
            validator(address)
        best = min(best, time.perf_counter() - began)
    return len(addresses) / best


def core_accuracy(validator: Validator, cases: list[dict[str, object]]) -> float:
    core = [c for c in cases if c["tier"] == "core"]
    return sum(validator(str(c["address"])) == c["expected_valid"] for c in core) / len(core)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200, help="passes per set (best counts)")
    parser.add_argument("--quick", action="store_true", help="20 rounds: a smoke run")
    args = parser.parse_args()
    rounds = 20 if args.quick else args.rounds
    peer = peer_validator()
    cases = json.loads(CASES.read_text(encoding="utf-8"))["cases"]
    corpus = [str(c["address"]) for c in cases]
    ascii_ok = [a for a in corpus if a.isascii() and emailcheck_validator(a) and peer(a)]
    idn = [f"{local}@{domain}" for domain in IDN_DOMAINS for local in IDN_LOCALS]
    idn_both = [a for a in idn if emailcheck_validator(a) and peer(a)]
    print(f"day 14: addresses per second, best of {rounds} rounds "
          f"(email-validator with check_deliverability=False)")  # fmt: skip
    print(f"{'set':<8} {'addresses':>9} {'emailcheck':>12} {'email-validator':>16} {'ratio':>7}")
    for name, addresses in (("corpus", corpus), ("ascii", ascii_ok), ("idn", idn_both)):
        ours, theirs = rate(emailcheck_validator, addresses, rounds), rate(peer, addresses, rounds)
        print(
            f"{name:<8} {len(addresses):>9} {ours:>12,.0f} {theirs:>16,.0f} {ours / theirs:>6.2f}x"
        )
    print(f"idn: {len(idn_both)} of {len(idn)} generated addresses accepted by both")
    print(f"core-tier accuracy: emailcheck {core_accuracy(emailcheck_validator, cases):.3f}, "
          f"email-validator {core_accuracy(peer, cases):.3f}")  # fmt: skip


if __name__ == "__main__":
    main()
