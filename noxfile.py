"""Sessions: one per day (only that day's extra + test tools), tests, lint, typecheck, bench.

Each session syncs its own venv from uv.lock, so `nox -s dayNN` proves day NN is
self-contained: anything it forgot to declare in its extra fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import nox

nox.options.default_venv_backend = "uv"
nox.options.reuse_venv = "yes"
nox.options.sessions = ["tests", "lint", "typecheck"]

ROOT = Path(__file__).parent
DAYS = sorted(p.name for p in ROOT.iterdir() if p.is_dir() and re.match(r"day\d\d_\w+$", p.name))


def sync(session: nox.Session, *, extras: list[str], groups: list[str]) -> None:
    """Install exactly the locked extras and groups into the session's venv."""
    args = ["uv", "sync", "--frozen", "--no-default-groups", "--compile-bytecode"]
    args += [f"--extra={extra}" for extra in extras]
    args += [f"--group={group}" for group in groups]
    session.run_install(*args, env={"UV_PROJECT_ENVIRONMENT": str(session.virtualenv.location)})


def make_day_session(package: str) -> None:
    """Register the session `dayNN` that runs day NN's tests with only day NN's dependencies."""
    day = package[:5]

    @nox.session(name=day)
    def run_day(session: nox.Session) -> None:
        sync(session, extras=[day], groups=["test"])
        data_file = str(Path(session.virtualenv.location) / ".coverage")
        env = {"COVERAGE_FILE": data_file}
        tests = [package, "tests/test_conformance.py", "-m", day, "--cov-report="]
        session.run("pytest", *tests, *session.posargs, env=env)
        gate = ["--package", package, "--show-missing"]
        session.run("python", "-m", "shared.coverage_gate", *gate, env=env)

    run_day.__doc__ = f"{package}'s tests in a venv holding only the `{day}` extra."


for _package in DAYS:
    make_day_session(_package)


@nox.session
def tests(session: nox.Session) -> None:
    """Everything, as CI runs it."""
    sync(session, extras=["all"], groups=["dev"])
    session.run("pytest", *session.posargs)
    session.run("python", "-m", "shared.coverage_gate")


@nox.session
def lint(session: nox.Session) -> None:
    """ruff check and ruff format --check."""
    sync(session, extras=[], groups=["dev"])
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict over shared/ and every day package."""
    sync(session, extras=["all"], groups=["dev"])
    session.run("mypy")


@nox.session
def starters(session: nox.Session) -> None:
    """Every day's starter fails most of its rubric, and each region alone fails some test.

    Slow (one rubric run per solution region), so a session of its own rather than CI, which
    runs the quicker `python -m course verify`. `nox -s starters -- --days 4` for one day.
    """
    sync(session, extras=["all"], groups=["dev"])
    session.run("python", "-m", "course", "verify", "--per-region", *session.posargs)


@nox.session
def mutation(session: nox.Session) -> None:
    """Mutation testing of day 7's repository and routes against day 15's checks (goal 85%).

    Slow (minutes), so not in CI: `nox -s mutation -- --max-children 2 --goal 0.85`.
    """
    sync(session, extras=["day15"], groups=["test"])
    session.run("python", "-m", "day15_api_testing.tests.mutation", *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """Run every benchmark script; each prints a table with ratios against its baseline.

    `load` drives every HTTP day at 50 connections with wrk (`apt-get install wrk`), and
    `course_grade` grades a class of 30; `nox -s bench -- day08 load` picks scripts by name.
    """
    sync(session, extras=["all"], groups=["dev", "bench"])
    scripts = sorted((ROOT / "benchmarks").glob("*.py"))
    wanted = session.posargs or [s.stem for s in scripts]
    for script in scripts:
        if script.stem in wanted or script.stem[:5] in wanted:
            session.run("python", str(script))


@nox.session
def browser(session: nox.Session) -> None:
    """The tests that drive a real headless Chromium (Playwright on Debian's chromium): the
    capstone's Swagger UI authorizes and calls an endpoint. Not in CI (`apt-get install chromium`).
    """
    sync(session, extras=["all"], groups=["test", "browser"])
    session.run("pytest", "-m", "browser", "--browser", "--cov-report=", *session.posargs)
