"""Logging set-up for CLIs and servers: human lines on a terminal, JSON lines otherwise.

Only `main()` or an app factory calls `configure_logging`; modules just use
`logging.getLogger(__name__)`. The format is `auto` (text on a terminal, JSON otherwise), or
forced with `log_format=` (a server's `--log-format`) or the LOG_FORMAT environment variable.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from datetime import UTC, datetime
from typing import Any, Literal, TextIO

LogFormat = Literal["auto", "text", "json"]
LOG_FORMATS: tuple[LogFormat, ...] = ("auto", "text", "json")

# `color_message` is uvicorn's terminal copy of the message: a JSON reader needs it once, plain.
_RESERVED = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "color_message"}
_ANSI = re.compile(r"\x1b\[[0-9;]*m")  # werkzeug colours its request lines even off a terminal
_TEXT_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


class JsonFormatter(logging.Formatter):
    """One JSON object per line, with any `extra=` fields kept as top-level keys."""

    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": _ANSI.sub("", record.getMessage()),
        }
        for key, value in record.__dict__.items():
            if key not in _RESERVED and not key.startswith("_"):
                payload[key] = value
        if record.exc_info:
            payload["exc_info"] = self.formatException(record.exc_info)
        return json.dumps(payload, default=str)


def log_format_from_env(default: LogFormat = "auto") -> str:
    """LOG_FORMAT as given (lower-cased), or `default`; the caller checks it is in LOG_FORMATS."""
    return os.environ.get("LOG_FORMAT", "").strip().lower() or default


def configure_logging(
    *,
    verbose: bool = False,
    log_format: LogFormat | None = None,
    json_lines: bool | None = None,
    stream: TextIO | None = None,
) -> None:
    """Send logs to stderr: DEBUG with `verbose` or LOG_LEVEL; text or JSON lines.

    The format is `log_format` when given, else `json_lines` (the older spelling), else the
    LOG_FORMAT environment variable, else `auto`: text on a terminal, JSON otherwise.
    """
    target = stream if stream is not None else sys.stderr
    level = "DEBUG" if verbose else os.environ.get("LOG_LEVEL", "INFO").upper()
    chosen, bad_env = _choose_format(log_format, json_lines)
    use_json = chosen == "json" or (chosen == "auto" and not target.isatty())
    formatter = {"()": JsonFormatter} if use_json else {"format": _TEXT_FORMAT}
    import logging.config  # here, not at the top: it pulls in sockets and threads

    logging.config.dictConfig(
        {
            "version": 1,
            "disable_existing_loggers": False,
            "formatters": {"default": formatter},
            "handlers": {
                "stderr": {
                    "class": "logging.StreamHandler",
                    "formatter": "default",
                    "stream": target,
                }
            },
            "root": {"level": level, "handlers": ["stderr"]},
        }
    )
    if bad_env:  # said once logging works, instead of stopping a program over its log format
        logging.getLogger(__name__).warning(
            "LOG_FORMAT=%s is not one of %s; using auto", bad_env, ", ".join(LOG_FORMATS)
        )


def _choose_format(
    log_format: LogFormat | None, json_lines: bool | None
) -> tuple[LogFormat, str | None]:
    """The format to use, and an unusable LOG_FORMAT value to warn about (or None)."""
    if log_format is not None:
        if log_format not in LOG_FORMATS:
            raise ValueError(f"log_format must be one of {LOG_FORMATS}, not {log_format!r}")
        return log_format, None
    if json_lines is not None:
        return ("json" if json_lines else "text"), None
    from_env = log_format_from_env()
    if from_env in LOG_FORMATS:
        return from_env, None
    return "auto", from_env
