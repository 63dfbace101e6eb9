"""`configure_logging`: one `logging.config.dictConfig` call for servers and workers.

JSON lines off a terminal (shared.logs' `JsonFormatter`: `extra=` fields become keys), readable
lines on one; `LOG_LEVEL` and `LOG_FORMAT` fill in what the caller leaves out. Every line goes
through two filters on the handler, so records of *any* logger (the app's, uvicorn's, Celery's,
SQLAlchemy's) get them: the request's id and user from `contextvars`, then redaction of secrets.
Nothing is configured at import: only `main()` or an app's entry point calls this.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Any, Literal, TextIO

from day16_logging.context import current_context
from day16_logging.redaction import redact
from shared.logs import LOG_FORMATS, JsonFormatter

LogFormat = Literal["auto", "text", "json"]
TEXT_FORMAT = "%(asctime)s %(levelname)-7s %(name)s [%(request_id)s] %(message)s"
# Our access line replaces the servers' own request lines (uvicorn's and werkzeug's).
QUIET_LOGGERS = ("uvicorn.access", "werkzeug")
_STANDARD = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


class RequestContextFilter(logging.Filter):
    """Adds `request_id` (and `user`, once known) of the current request to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        # solution: copy the request id and user from the context onto the record
        context = current_context()
        if not hasattr(record, "request_id"):  # a Celery task's line may carry its own
            record.request_id = context.request_id if context is not None else None
        if context is not None and context.user is not None and not hasattr(record, "user"):
            record.user = context.user
        # end solution
        return True


class RedactingFilter(logging.Filter):
    """Replaces secrets in the message, its arguments and its `extra=` fields."""

    def filter(self, record: logging.LogRecord) -> bool:
        # solution: redact record.msg, record.args and every extra field
        if getattr(record, "_redacted", False):  # the access line redacts its own fields
            return True
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_redact_argument(arg) for arg in record.args)
        elif record.args:
            record.args = redact(record.args)
        for key, value in record.__dict__.items():
            if key not in _STANDARD and isinstance(value, str | dict | list | tuple):
                record.__dict__[key] = redact(value)
        # end solution
        return True


def _redact_argument(arg: object) -> object:
    """Strings and containers redacted; any other object (a URL, say) by its text, if needed."""
    if arg is None or isinstance(arg, int | float | str | dict | list | tuple):
        return redact(arg)
    text = str(arg)
    cleaned = redact(text)
    return arg if cleaned == text else cleaned


class JsonLines(JsonFormatter):
    """shared.logs' JSON lines, with secrets taken out of tracebacks too."""

    def formatException(self, ei: Any) -> str:  # noqa: N802 (logging's name)
        return str(redact(super().formatException(ei)))


class TextLines(logging.Formatter):
    """Readable lines for a terminal, with secrets taken out of tracebacks too."""

    def format(self, record: logging.LogRecord) -> str:
        if not hasattr(record, "request_id") or record.request_id is None:
            record.request_id = "-"
        return super().format(record)

    def formatException(self, ei: Any) -> str:  # noqa: N802 (logging's name)
        return str(redact(super().formatException(ei)))


def configure_logging(
    level: str | None = None,
    fmt: LogFormat | None = None,
    stream: TextIO | None = None,
) -> None:
    """Send every log line to `stream` (stderr): `fmt` text, json, or auto (text on a TTY).

    `level` defaults to LOG_LEVEL (else INFO), `fmt` to LOG_FORMAT (else auto). Calling it
    again replaces the previous set-up (dictConfig), so a test can point it at a StringIO.
    """
    target = stream if stream is not None else sys.stderr
    chosen_level = (level or os.environ.get("LOG_LEVEL") or "INFO").upper()
    if logging.getLevelName(chosen_level) == f"Level {chosen_level}":
        raise ValueError(
            f"log level must be DEBUG, INFO, WARNING, ERROR or CRITICAL, not {level!r}"
        )
    chosen = fmt or (os.environ.get("LOG_FORMAT", "").strip().lower() or "auto")
    if chosen not in LOG_FORMATS:
        raise ValueError(f"log format must be one of {', '.join(LOG_FORMATS)}, not {chosen!r}")
    use_json = chosen == "json" or (chosen == "auto" and not _is_terminal(target))
    from logging.config import dictConfig  # here, not at the top: it pulls in sockets, threads

    dictConfig(_config(chosen_level, use_json=use_json, stream=target))


def _config(level: str, *, use_json: bool, stream: TextIO) -> dict[str, Any]:
    """The dictConfig schema (version 1) for one stream handler with both filters."""
    # solution: the dictConfig dictionary: formatters, filters, one handler, quiet loggers
    formatter: dict[str, Any] = (
        {"()": JsonLines} if use_json else {"()": TextLines, "format": TEXT_FORMAT}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request": {"()": RequestContextFilter},
            "redact": {"()": RedactingFilter},
        },
        "formatters": {"default": formatter},
        "handlers": {
            "default": {
                "class": "logging.StreamHandler",
                "stream": stream,
                "formatter": "default",
                "filters": ["request", "redact"],
            }
        },
        "loggers": {name: {"level": "WARNING"} for name in QUIET_LOGGERS},
        "root": {"level": level, "handlers": ["default"]},
    }
    # end solution


def _is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())
