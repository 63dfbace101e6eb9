"""The one error path every CLI shares: exit codes 0/1/2 and `error: what (hint)` on stderr.

Exit codes (DESIGN.md section 2): 0 success, 1 runtime failure, 2 usage error.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

logger = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2


class CourseError(Exception):
    """A failure the user can act on; `hint` says how. Exit code 1 unless a subclass says."""

    exit_code = EXIT_FAILURE

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


class UsageError(CourseError):
    """The user asked for something impossible: bad arguments, a missing input file."""

    exit_code = EXIT_USAGE


def output(text: str) -> None:
    """Write CLI output to stdout (library code never calls print)."""
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def fail(message: str, *, hint: str | None = None, code: int = EXIT_FAILURE) -> int:
    """Print `error: message (hint)` to stderr as one line and return the exit code."""
    line = f"error: {message}" + (f" ({hint})" if hint else "")
    sys.stderr.write(line.replace("\n", " ") + "\n")
    return code


def run_cli(work: Callable[[], int], *, verbose: bool = False) -> int:
    """Run `work`, turning a CourseError into one stderr line and its exit code.

    Anything else is a bug: one line too, with the traceback only when verbose.
    """
    try:
        return work()
    except CourseError as exc:
        if verbose:
            logger.exception("details")
        return fail(str(exc), hint=exc.hint, code=exc.exit_code)
    except KeyboardInterrupt:
        return fail("interrupted", code=130)
    except Exception as exc:  # the last line of defence: a bug, reported politely
        if verbose:
            logger.exception("unexpected error")
        return fail(
            f"{type(exc).__name__}: {exc}",
            hint="run with --verbose for the traceback",
        )
