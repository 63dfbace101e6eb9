"""Fail when any day package's branch coverage is under the course's bar (default 90%).

Run after the test command: `python -m shared.coverage_gate [--min 90]`. Reads `.coverage`.
"""

from __future__ import annotations

import argparse
import io
import re
from collections.abc import Sequence
from pathlib import Path

from shared.cli import fail, output


def package_coverage(root: Path) -> dict[str, float]:
    """Return the combined line+branch coverage percentage of shared/ and each day package."""
    import coverage

    cov = coverage.Coverage(data_file=str(root / ".coverage"))
    cov.load()
    packages = sorted(
        p.name
        for p in root.iterdir()
        if p.is_dir() and (p.name == "shared" or re.match(r"day\d\d_\w+$", p.name))
    )
    results: dict[str, float] = {}
    for package in packages:
        try:
            results[package] = cov.report(include=[f"{root / package}/*"], file=io.StringIO())
        except coverage.exceptions.NoDataError:
            results[package] = 0.0
    return results


def main(argv: Sequence[str] | None = None) -> int:
    """Print each package's coverage; exit 1 when a day package is under the minimum."""
    parser = argparse.ArgumentParser(prog="python -m shared.coverage_gate")
    parser.add_argument("--min", type=float, default=90.0, help="minimum percentage")
    parser.add_argument("--root", type=Path, default=Path.cwd())
    args = parser.parse_args(argv)
    results = package_coverage(args.root)
    low = {name: pct for name, pct in results.items() if pct < args.min}
    for name, pct in results.items():
        output(f"{name:<28} {pct:6.1f}%{'  < ' + str(args.min) if name in low else ''}")
    if low:
        return fail(f"coverage under {args.min}% in {', '.join(sorted(low))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
