"""The day's errors; the app maps each one to an HTTP status (see `ERROR_STATUS`)."""

from __future__ import annotations

from shared.cli import CourseError


class Day09Error(CourseError):
    """Base class of every error the activity-log API raises on purpose."""


class DocumentTooLarge(Day09Error):
    """An activity is bigger, once encoded as BSON, than DAY09_MAX_DOCUMENT_BYTES (413)."""


class BatchTooLarge(Day09Error):
    """A batch holds more activities than DAY09_MAX_BATCH (413)."""


class InvalidQuery(Day09Error):
    """A filter, time range or cursor of GET /activities cannot be used as sent (422)."""


class DatabaseUnavailable(Day09Error):
    """MongoDB did not answer: the server is down or MONGODB_URL is wrong (503)."""


ERROR_STATUS: dict[type[Exception], int] = {
    DocumentTooLarge: 413,
    BatchTooLarge: 413,
    InvalidQuery: 422,
    DatabaseUnavailable: 503,
}
