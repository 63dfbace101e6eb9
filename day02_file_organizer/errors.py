"""The organiser's errors: one hierarchy, each mapped to an exit code by the CLI."""

from __future__ import annotations

from shared.cli import EXIT_USAGE, CourseError


class OrganizerError(CourseError):
    """Something stopped the organiser as a whole (exit 1): no single file is to blame."""


class RulesError(OrganizerError):
    """The rules file is missing, is not JSON, or does not map categories to extensions."""

    exit_code = EXIT_USAGE


class JournalError(OrganizerError):
    """The journal cannot be written, or there is none to undo."""


class NothingToUndoError(JournalError):
    """The folder has no journal: it was never organised, or was already undone."""

    exit_code = EXIT_USAGE


class FolderError(OrganizerError):
    """The folder to organise (or the destination) does not exist or is not a folder."""

    exit_code = EXIT_USAGE
