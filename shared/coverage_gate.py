"""Fail when any day package's branch coverage is under the course's bar (default 90%).

Run after the test command: `python -m shared.coverage_gate [--min 90] [--package NAME ...]`.
Reads the coverage data file (`COVERAGE_FILE`, else `.coverage` in the root). With no
`--package`, it checks the packages whose tests ran last (`pytest -k day07` then the gate checks
day 7 only), as recorded by the course plugin in `var/coverage-packages.json`.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
from collections.abc import Sequence
from pathlib import Path

from shared.cli import fail, output


def course_packages(root: Path) -> list[str]:
    """shared/ and every dayNN_* package present under `root`."""
    return sorted(
        p.name
        for p in root.iterdir()
        if p.is_dir() and (p.name == "shared" or re.match(r"day\d\d_\w+$", p.name))
    )


def packages_that_ran(root: Path) -> list[str] | None:
    """The packages the last pytest run selected, or None when no run recorded them."""
    record = root / "var" / "coverage-packages.json"
    try:
        packages = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    present = set(course_packages(root))
    return [name for name in packages if name in present] or None


def package_coverage(
    root: Path, packages: Sequence[str], *, data_file: Path, show_missing: bool = False
) -> dict[str, float]:
    """Return the combined line+branch coverage percentage of each package."""
    import coverage

    cov = coverage.Coverage(data_file=str(data_file))
    cov.load()
    results: dict[str, float] = {}
    for package in packages:
        report = io.StringIO()
        try:
            results[package] = cov.report(
                include=[f"{root / package}/*"], file=report, show_missing=show_missing
            )
        except coverage.exceptions.NoDataError:
            results[package] = 0.0
        if show_missing:
            output(report.getvalue())
    return results


def main(argv: Sequence[str] | None = None) -> int:
    """Print each package's coverage; exit 1 when a package is under the minimum."""
    parser = argparse.ArgumentParser(prog="python -m shared.coverage_gate")
    parser.add_argument("--min", type=float, default=90.0, help="minimum percentage")
    parser.add_argument("--root", type=Path, default=Path.cwd())
    parser.add_argument("--package", action="append", help="check only this package")
    parser.add_argument("--data-file", type=Path, help="default: $COVERAGE_FILE or .coverage")
    parser.add_argument("--show-missing", action="store_true", help="print missing lines")
    args = parser.parse_args(argv)
    data_file = args.data_file or Path(os.environ.get("COVERAGE_FILE", args.root / ".coverage"))
    packages = args.package or packages_that_ran(args.root) or course_packages(args.root)
    results = package_coverage(
        args.root, packages, data_file=data_file, show_missing=args.show_missing
    )
    low = sorted(name for name, pct in results.items() if pct < args.min)
    for name, pct in results.items():
        output(f"{name:<28} {pct:6.1f}%" + ("  (under the bar)" if name in low else ""))
    if low:
        return fail(f"coverage under {args.min}% in {', '.join(low)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
