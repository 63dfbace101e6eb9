"""Command line: `python -m day14_packaging [demo|check|score|build|publish|serve]`.

No arguments runs the demo (sample addresses and their verdicts). Exit codes: 0 success,
1 an invalid address (`check`), a score under the bar (`score`), a failed step (`build`,
`publish`) or an index that cannot start (`serve`), 2 usage error.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections.abc import Sequence
from pathlib import Path

from emailcheck import is_valid_email

from day14_packaging.build import LIBRARY_PROJECT, build_distributions
from day14_packaging.corpus import CASES_FILE, category_misses, load_cases, score
from day14_packaging.publish import publish, show
from day14_packaging.serve import DEFAULT_PORT, serve
from day14_packaging.verdicts import POLICY_SWITCHES, SAMPLES, shown, verdicts
from shared.cli import fail, output, run_cli
from shared.logs import configure_logging

PROG = "python -m day14_packaging"
COMMANDS = ("demo", "check", "score", "build", "publish", "serve")
CORE_ACCURACY_BAR = 0.99
WORKDIR = Path("var/day14_publish")


def _add_common(parser: argparse.ArgumentParser, *, policy: bool = False) -> None:
    parser.add_argument("-v", "--verbose", action="store_true", help="tool output, tracebacks")
    if policy:
        for name, help_text in POLICY_SWITCHES.items():
            parser.add_argument("--" + name.replace("_", "-"), action="store_true", help=help_text)


def _add_project(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--project", type=Path, default=LIBRARY_PROJECT, help="the library's folder "
        f"(default: {show(LIBRARY_PROJECT)})"
    )  # fmt: skip


def build_parser() -> argparse.ArgumentParser:
    """Subcommands demo (the default), check, score, build and publish."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Day 14: emailcheck, an email-validation library, packaged and "
        "published to a local index.",
        epilog=f"With no arguments: the demo. Examples: `{PROG} check a@example.com`, "
        f"`{PROG} publish`.",
    )
    commands = parser.add_subparsers(dest="command", metavar="{" + ",".join(COMMANDS) + "}")
    _add_common(commands.add_parser("demo", help="validate sample addresses (the default)"))
    check = commands.add_parser("check", help="validate addresses; exit 1 if one is invalid")
    check.add_argument("addresses", nargs="+", metavar="ADDRESS")
    _add_common(check, policy=True)
    scoring = commands.add_parser("score", help="accuracy on the isemail/RFC 3696 cases")
    scoring.add_argument("--cases", type=Path, default=CASES_FILE, help="a cases JSON file")
    scoring.add_argument("--show", action="store_true", help="list every disagreement")
    _add_common(scoring, policy=True)
    build = commands.add_parser("build", help="build the sdist and wheel, print their SHA-256")
    _add_project(build)
    build.add_argument("--outdir", type=Path, default=Path("var/day14_dist"))
    _add_common(build)
    publishing = commands.add_parser("publish", help="build, check, upload to a local index, "
                                     "install in a fresh venv")  # fmt: skip
    _add_project(publishing)
    publishing.add_argument("--workdir", type=Path, default=WORKDIR)
    _add_common(publishing)
    serving = commands.add_parser("serve", help="keep the local index running (Ctrl-C stops)")
    serving.add_argument(
        "--workdir", type=Path, default=WORKDIR, help="packages in WORKDIR/packages"
    )
    serving.add_argument("--port", type=int, default=DEFAULT_PORT, help="default: %(default)s")
    _add_common(serving)
    return parser


def _policy(args: argparse.Namespace) -> dict[str, bool]:
    return {name: bool(getattr(args, name)) for name in POLICY_SWITCHES}


def _demo(args: argparse.Namespace) -> int:
    lines, invalid = verdicts(SAMPLES, {})
    output("\n".join(lines))
    output(f"{len(SAMPLES) - invalid} valid, {invalid} invalid under the default policy; "
           f"try `{PROG} check --allow-utf8-local josé@example.com`")  # fmt: skip
    return 0


def _check(args: argparse.Namespace) -> int:
    lines, invalid = verdicts(args.addresses, _policy(args))
    output("\n".join(lines))
    return 1 if invalid else 0


def _score(args: argparse.Namespace) -> int:
    cases = load_cases(args.cases)
    options = _policy(args)

    def judge(address: str) -> bool:
        return is_valid_email(address, **options)

    tiers = score(cases, judge)
    output(f"{len(cases)} cases from {show(args.cases)}")
    for name, tier in sorted(tiers.items()):
        output(f"  {name:<5} {tier.agreed:>4}/{tier.cases:<4} agree  accuracy {tier.accuracy:.3f}")
        for case in tier.disagreements if args.show else ():
            verdict = "accepted" if judge(case.address) else "rejected"
            output(f"      {verdict}: {shown(case.address)}  ({case.note[:60]})")
    err_misses = category_misses(cases, judge, "ISEMAIL_ERR")
    core_valid = [c for c in cases if c.tier == "core" and c.category == "ISEMAIL_VALID_CATEGORY"]
    valid_misses = sum(not judge(c.address) for c in core_valid)
    output(f"  isemail ERR cases accepted: {err_misses}; core VALID cases rejected: {valid_misses}")
    core = tiers.get("core")
    if core is None or core.accuracy < CORE_ACCURACY_BAR or err_misses or valid_misses:
        accuracy = core.accuracy if core else 0.0
        return fail(f"core accuracy {accuracy:.3f} (bar {CORE_ACCURACY_BAR}), {err_misses} ERR "
                    f"accepted, {valid_misses} VALID rejected")  # fmt: skip
    return 0


def _build(args: argparse.Namespace) -> int:
    dists = build_distributions(args.project, args.outdir)
    for path in dists.files:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        output(f"{digest}  {show(path)}")
    return 0


def _publish(args: argparse.Namespace) -> int:
    published = publish(args.project, args.workdir, output)
    output(f"published emailcheck {published.version} to {published.index_url} (now stopped) "
           "and installed it in a fresh venv")  # fmt: skip
    return 0


def _serve(args: argparse.Namespace) -> int:
    serve(args.workdir, port=args.port, report=output)
    return 0


HANDLERS = {
    "demo": _demo,
    "check": _check,
    "score": _score,
    "build": _build,
    "publish": _publish,
    "serve": _serve,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(arguments or ["demo"])
    configure_logging(verbose=args.verbose)
    return run_cli(lambda: HANDLERS[args.command](args), verbose=args.verbose)
