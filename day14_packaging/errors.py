"""The errors the day's commands raise on purpose; `shared.cli.run_cli` prints each as one line.

A library validation failure is not among them: that is `emailcheck.EmailError`, a verdict
the `check` command prints, not a failure of the command.
"""

from __future__ import annotations

from shared.cli import EXIT_USAGE, CourseError


class PackagingError(CourseError):
    """Base class of every error this package raises on purpose (exit code 1)."""


class StepError(PackagingError):
    """A step of building or publishing failed; the message names the step and its output."""

    def __init__(self, step: str, message: str, *, hint: str | None = None) -> None:
        super().__init__(f"{step} failed: {message}", hint=hint)
        self.step = step


class CorpusError(PackagingError):
    """The test-case file for `score` is missing or is not the expected JSON."""

    exit_code = EXIT_USAGE


class ProjectError(PackagingError):
    """`--project` does not name a folder holding a pyproject.toml."""

    exit_code = EXIT_USAGE
