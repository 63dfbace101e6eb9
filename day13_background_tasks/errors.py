"""Day 13's errors: what the API answers (each maps to one status) and how processing ends.

The HTTP errors carry full sentences that name the value at fault; `ERROR_STATUS` is what the
app's single set of problem+json handlers maps them to. The processing outcomes
(`TransientError`, `Busy`, `LeaseLost`) never reach a client: the runners act on them.
"""

from __future__ import annotations


class Day13Error(Exception):
    """Base class of every error day 13 raises on purpose."""


class UploadNotFound(Day13Error):
    """No upload has this id (it never existed, or it was deleted)."""

    def __init__(self, upload_id: str) -> None:
        super().__init__(f"No upload has the id {upload_id!r}.")


class UploadTooLarge(Day13Error):
    """The file is larger than the limit; nothing of it was kept."""


class NotCsv(Day13Error):
    """The request is not a multipart upload of a text file (a picture, a zip, JSON...)."""


class BadUpload(Day13Error):
    """The form is not what the API expects: no `file` field, an empty file, broken multipart."""


class MalformedForm(Day13Error):
    """The multipart body itself is broken (bad boundary, truncated headers)."""


class ReportNotReady(Day13Error):
    """The upload has no report (yet): it is queued, being read, or it failed."""


class QueueUnavailable(Day13Error):
    """The broker did not take the job; the upload was not kept, so the client can retry."""


class TransientError(Day13Error):
    """Processing failed for a reason that may pass (I/O, the database): retry after `delay`."""

    def __init__(self, message: str, *, delay: float) -> None:
        super().__init__(message)
        self.delay = delay


class Busy(Day13Error):
    """Another worker holds a live claim on the upload: check back after `wait` seconds."""

    def __init__(self, upload_id: str, *, wait: float) -> None:
        super().__init__(f"upload {upload_id} is being processed elsewhere")
        self.wait = wait


class LeaseLost(Day13Error):
    """The upload was deleted, or its claim taken over, while this worker was reading it."""


ERROR_STATUS: dict[type[Exception], int] = {
    UploadNotFound: 404,
    UploadTooLarge: 413,
    NotCsv: 415,
    BadUpload: 422,
    MalformedForm: 400,
    ReportNotReady: 409,
    QueueUnavailable: 503,
}
