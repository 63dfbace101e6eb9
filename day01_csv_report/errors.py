"""The errors `analyze` raises: each names the file, line or value at fault and how to fix it.

They subclass `shared.cli.CourseError`, so `run_cli` turns them into one `error: ...` line and an
exit code: 2 when the user named something impossible (a missing file, an unknown column or
encoding), 1 when the data itself could not be read (undecodable bytes, broken CSV quoting).
"""

from __future__ import annotations

from shared.cli import EXIT_USAGE, CourseError


class CsvReportError(CourseError):
    """Base class of every error this package raises on purpose."""


class SourceError(CsvReportError):
    """The input cannot be opened: it does not exist, is a directory or is not readable."""

    exit_code = EXIT_USAGE


class OptionError(CsvReportError):
    """An option names something that does not exist: an encoding, a `--group-by` column."""

    exit_code = EXIT_USAGE


class DecodingError(CsvReportError):
    """The bytes of the file are not text in the chosen encoding; `line` says where."""

    def __init__(self, message: str, *, line: int | None, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.line = line


class MalformedCsvError(CsvReportError):
    """The csv module gave up on the file (for example, a field larger than its limit)."""

    def __init__(self, message: str, *, line: int, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.line = line


class OutputError(CsvReportError):
    """The report could not be written to `--output`; nothing was left half-written."""
