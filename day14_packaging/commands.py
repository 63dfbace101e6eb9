"""Running the packaging tools (build, twine, pip...) as subprocesses, one way for every step.

Each tool runs as `python -m tool` of a known interpreter, so nothing depends on PATH, and
its output is kept: on failure the last lines it printed become the error message.
"""

from __future__ import annotations

import logging
import re
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

from day14_packaging.errors import StepError

logger = logging.getLogger(__name__)
TIMEOUT_SECONDS = 180  # a build or an install that takes longer is stuck, not slow
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")  # twine colours its verdicts even in a pipe


def run_tool(
    step: str,
    args: Sequence[str | Path],
    *,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
) -> str:
    """Run one tool; return its combined output, or raise StepError with its last lines."""
    argv = [str(a) for a in args]
    logger.debug("%s: %s", step, " ".join(argv))
    try:
        done = subprocess.run(
            argv,
            cwd=cwd,
            env=dict(env) if env is not None else None,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise StepError(step, f"could not run {argv[0]}: {exc}") from exc
    output = ANSI_ESCAPE.sub("", done.stdout)
    logger.debug("%s output:\n%s", step, output)
    if done.returncode != 0:
        raise StepError(step, last_lines(output), hint="run with --verbose for all its output")
    return output


def last_lines(output: str, count: int = 3) -> str:
    """The last meaningful lines of a tool's output, joined into one line."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    return " | ".join(lines[-count:]) or "no output"
