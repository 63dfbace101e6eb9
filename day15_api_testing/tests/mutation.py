"""Mutation testing of day 7's repository and routes with mutmut: does the suite notice?

    uv run python -m day15_api_testing.tests.mutation [--max-children 2] [--keep DIR]

mutmut changes the code one small edit at a time (`<` for `<=`, `None` for a value, a
dropped argument...) and runs the suite (`tests/test_reference.py` on SQLite) against each
mutant: a mutant the suite fails is *killed*, one it passes *survived* (a check is missing,
or the edit changes nothing observable: an equivalent mutant). The run happens in a copy of
the packages it needs, in a temporary folder, because mutmut writes its `mutants/` tree and
reads its settings (setup.cfg) in the folder it runs in. Not part of CI: it takes minutes.
Prints mutmut's results and the score; exit 0 when the score reaches --goal (default 85%).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("day04_fastapi_tasks", "day07_sqlalchemy_orm", "day15_api_testing", "shared")
SETUP_CFG = """\
[mutmut]
source_paths = day07_sqlalchemy_orm
only_mutate =
    day07_sqlalchemy_orm/repository.py
    day07_sqlalchemy_orm/routes/*
also_copy =
    day04_fastapi_tasks
    day15_api_testing
    shared
    conftest.py
    pyproject.toml
pytest_add_cli_args =
    --no-cov
    -p
    no:cacheprovider
    -k
    sqlite
pytest_add_cli_args_test_selection = day15_api_testing/tests/test_reference.py
"""


def prepare(folder: Path) -> None:
    """Copy what the suite needs into `folder`, with mutmut's settings."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "mutants")
    for package in PACKAGES:
        shutil.copytree(ROOT / package, folder / package, ignore=ignore)
    for name in ("conftest.py", "pyproject.toml"):
        shutil.copy2(ROOT / name, folder / name)
    (folder / "setup.cfg").write_text(SETUP_CFG)


def score(results: str) -> tuple[int, int]:
    """(killed, total) from `mutmut results --all true` output."""
    statuses = re.findall(r":\s*(killed|survived|no tests|timeout|suspicious|segfault)", results)
    killed = sum(status in ("killed", "timeout", "segfault") for status in statuses)
    return killed, len(statuses)


def main() -> int:
    """Run mutmut in a temporary copy; print the survivors and the score."""
    parser = argparse.ArgumentParser(description="mutmut on day 7's repository and routes")
    parser.add_argument("--max-children", type=int, default=2, help="parallel mutants")
    parser.add_argument("--goal", type=float, default=0.85, help="share of mutants to kill")
    parser.add_argument("--keep", type=Path, help="run in this folder and keep it")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="day15_mutmut_"))
    try:
        if not (folder / "setup.cfg").exists():
            folder.mkdir(parents=True, exist_ok=True)
            prepare(folder)
        env = {k: v for k, v in os.environ.items() if not k.startswith("COV")}
        mutmut = [sys.executable, "-m", "mutmut"]
        run = [*mutmut, "run", "--max-children", str(args.max_children)]
        subprocess.run(run, cwd=folder, env=env, check=False, timeout=3600)
        listing = [*mutmut, "results", "--all", "true"]
        results = subprocess.run(listing, cwd=folder, env=env, capture_output=True, text=True)
        sys.stdout.write(results.stdout)
        killed, total = score(results.stdout)
        sys.stdout.write(f"killed {killed} of {total} mutants: {killed / max(total, 1):.1%}\n")
        return 0 if total and killed / total >= args.goal else 1
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
