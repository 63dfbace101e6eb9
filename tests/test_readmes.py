"""Convention 6 (issue 9): every day README's "Run it" and "Try it" commands work as written.

For each `dayNN_*/README.md`, the ```bash blocks of those sections (and their ```python
snippets) run in order, one bash per block, from the root of a temporary copy of the
repository (its git-tracked files and the untracked ones git does not ignore), on the running
tests' environment, as a learner pastes them; `tests/readme_blocks.py` says what each command
must do, `tests/readme_runner.py` how it runs. Check one day's README with:

    uv run pytest tests/test_readmes.py -k day04 -p no:cacheprovider

Each day starts from the copy as cloned (no var/, no caches, no files a day before left), and
must leave nothing outside git-ignored places (write under var/ or a temporary folder). A
README that names this checkout's absolute path (issue 9: days 6 and 8) fails too. A day
whose blocks use a course service that is down is skipped naming it, before anything runs
(COURSE_REQUIRE_SERVICES=1: it fails). ```bash internet blocks are never run; the test
`test_internet_blocks_are_listed_not_run` names them in the skip summary.

The tests are marked `internal`: they check the reference's lesson text, not a learner's
package, so grading an attempt leaves them out.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest

from shared.testing import require_service
from tests.readme_blocks import Block, section_blocks, services_used, split_commands
from tests.readme_copy import RepositoryCopy, copy_repository, learner_environment
from tests.readme_runner import Settings, run_block

ROOT = Path(__file__).resolve().parent.parent
DAYS = sorted(p.name for p in ROOT.iterdir() if p.is_dir() and re.match(r"day\d\d_\w+$", p.name))
STRAYS_SHOWN = 10


def readme_blocks(package: str) -> list[Block]:
    """The shell blocks of the day's run sections (none when the README is missing)."""
    path = ROOT / package / "README.md"
    return section_blocks(path.read_text(encoding="utf-8"))[0] if path.is_file() else []


INTERNET_DAYS = [day for day in DAYS if any(block.internet for block in readme_blocks(day))]
BROKERS = {"redis", "rabbitmq"}


def parallel_group(package: str) -> str:
    """The pytest-xdist group of a day's README test (`--dist loadgroup`).

    Each README starts its servers on its own day's default port; it runs after its own day's
    tests, on their worker. The days whose commands use Redis or RabbitMQ run one after
    another: their workers would take each other's jobs from a broker's default queue.
    (Spread freely over the workers instead, READMEs flaked on a 2-core CI machine.)
    """
    blocks = [block for block in readme_blocks(package) if block.runs]
    return "readmes-with-brokers" if BROKERS & set(services_used(blocks)) else package[:5]


def readme_param(package: str) -> Any:
    return pytest.param(package, marks=pytest.mark.xdist_group(parallel_group(package)))


README_PARAMS = [
    pytest.param(day, marks=pytest.mark.xdist_group(parallel_group(day))) for day in DAYS
]


@pytest.fixture(scope="session")
def repository_copy(tmp_path_factory: pytest.TempPathFactory) -> RepositoryCopy:
    """One copy of the repository for the whole test session, reset before each day."""
    return copy_repository(ROOT, tmp_path_factory.mktemp("repository"))


@pytest.mark.internal
@pytest.mark.timeout(900)  # a few hanging commands (60 s each) must fail, not time the run out
@pytest.mark.parametrize("package", README_PARAMS)
def test_readme_commands_work_as_written(package: str, repository_copy: RepositoryCopy) -> None:
    """Every command of the README's "Run it" and "Try it" sections does what it says."""
    readme = f"{package}/README.md"
    assert (ROOT / readme).is_file(), f"{readme} is missing"
    text = (ROOT / readme).read_text(encoding="utf-8")
    blocks, problems = section_blocks(text)
    runnable = [block for block in blocks if block.runs]
    for service in services_used(runnable):
        require_service(service)  # skips naming the service, or fails in CI
    repository_copy.reset()
    settings = Settings(
        root=repository_copy.root,
        env=learner_environment(repository_copy.root, Path(sys.prefix)),
        default_port=8000 + int(package[3:5]),
    )
    messages = [f"{readme}:{problem.lineno}: {problem.message}" for problem in problems]
    messages += absolute_paths(readme, text)
    for block in runnable:
        messages += block_failures(readme, block, settings)
    messages += strays(readme, repository_copy)
    if messages:  # the messages say it all: no traceback of this test around them
        pytest.fail("\n\n".join(messages), pytrace=False)


def absolute_paths(readme: str, text: str) -> list[str]:
    """Lines that name this checkout's own folder, which no learner's clone shares."""
    return [
        f"{readme}:{lineno}: names {ROOT}, where this checkout happens to live; a learner's "
        "clone is elsewhere (say 'the repository root')"
        for lineno, line in enumerate(text.splitlines(), start=1)
        if str(ROOT) in line
    ]


def block_failures(readme: str, block: Block, settings: Settings) -> list[str]:
    """Run one block; what failed, ready to print (a block bash cannot parse is not run)."""
    commands, unparsed = split_commands(block)
    if unparsed:
        return [f"{readme}:{problem.lineno}: {problem.message}" for problem in unparsed]
    return [failure.describe(readme) for failure in run_block(block, commands, settings)]


def strays(readme: str, copy: RepositoryCopy) -> list[str]:
    """The files the day's commands left where `git status` shows them, as one message."""
    found = copy.strays()
    if not found:
        return []
    shown = ", ".join(found[:STRAYS_SHOWN]) + (" ..." if len(found) > STRAYS_SHOWN else "")
    return [
        f"{readme}: the commands left files outside git-ignored places (write under var/ "
        f"or a temporary folder, so a learner's `git status` stays clean): {shown}"
    ]


@pytest.mark.internal
@pytest.mark.parametrize("package", INTERNET_DAYS)
def test_internet_blocks_are_listed_not_run(package: str) -> None:
    """Blocks marked ```bash internet need the internet: named here, never run."""
    named = [
        f"line {block.lineno} ({block.first_line})"
        for block in readme_blocks(package)
        if block.internet
    ]
    pytest.skip(f"{package}/README.md: needs the internet, not run: " + "; ".join(named))
