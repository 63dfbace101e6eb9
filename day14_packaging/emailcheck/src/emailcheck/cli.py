"""The `emailcheck` console script: check addresses given as arguments or one per line on stdin.

Exit codes: 0 every address is valid, 1 at least one is not, 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence

from emailcheck import __version__
from emailcheck._errors import EmailError
from emailcheck._validate import validate_email

SWITCHES = {
    "allow_quoted_local": 'accept quoted local parts: "john doe"@example.com',
    "allow_domain_literal": "accept domain literals: user@[192.0.2.1]",
    "allow_utf8_local": "accept UTF-8 local parts (RFC 6531): δοκιμή@example.com",
    "allow_dotless_domain": "accept domains without a dot: user@localdomain",
    "allow_special_use": "accept special-use domains: user@host.test, user@localhost",
}


def build_parser() -> argparse.ArgumentParser:
    """Addresses, the policy switches, --json."""
    parser = argparse.ArgumentParser(
        prog="emailcheck",
        description="Validate and normalise email addresses. With no ADDRESS, reads one "
        "address per line from standard input.",
        epilog="exit status: 0 all valid, 1 some invalid, 2 usage error",
    )
    parser.add_argument("addresses", nargs="*", metavar="ADDRESS", help="addresses to check")
    for name, help_text in SWITCHES.items():
        parser.add_argument("--" + name.replace("_", "-"), action="store_true", help=help_text)
    parser.add_argument("--json", action="store_true", help="one JSON object per address")
    parser.add_argument("--version", action="version", version=f"emailcheck {__version__}")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Check every address, print one verdict line each; return the exit code."""
    args = build_parser().parse_args(argv)
    options = {name: bool(getattr(args, name)) for name in SWITCHES}
    addresses: Iterable[str] = args.addresses or (line.rstrip("\r\n") for line in sys.stdin)
    all_valid = True
    for address in addresses:
        line, valid = _verdict(address, options, as_json=args.json)
        sys.stdout.write(line + "\n")
        all_valid = all_valid and valid
    return 0 if all_valid else 1


def _verdict(address: str, options: dict[str, bool], *, as_json: bool) -> tuple[str, bool]:
    try:
        result = validate_email(address, **options)
    except EmailError as exc:
        if as_json:
            fields = {"address": address, "valid": False, "code": exc.code, "error": str(exc)}
            return json.dumps(fields, ensure_ascii=False), False
        return f"invalid  {address!r}: {exc}", False
    if as_json:
        fields = {"address": address, "valid": True, "normalized": result.normalized}
        fields |= {"ascii_email": result.ascii_email, "smtputf8": result.smtputf8}
        return json.dumps(fields, ensure_ascii=False), True
    return f"valid    {result.normalized}", True
