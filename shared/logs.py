"""Logging set-up for CLIs and servers: human lines on a terminal, JSON lines otherwise.

Only `main()` or an app factory calls `configure_logging`; modules just use
`logging.getLogger(__name__)`.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from datetime import UTC, datetime
from typing import Any, TextIO

# `color_message` is uvicorn's terminal copy of the message: a JSON reader needs it once, plain.
_RESERVED = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "color_message"}
_ANSI = re.compile(r"\x1b\[[0-9;]*m")  # werkzeug colours its request lines even off a terminal


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


def configure_logging(
    *, verbose: bool = False, json_lines: bool | None = None, stream: TextIO | None = None
) -> None:
    """Send logs to stderr: DEBUG with `verbose` or LOG_LEVEL, JSON when not on a terminal."""
    target = stream if stream is not None else sys.stderr
    level = "DEBUG" if verbose else os.environ.get("LOG_LEVEL", "INFO").upper()
    use_json = json_lines if json_lines is not None else not target.isatty()
    formatter = (
        {"()": JsonFormatter}
        if use_json
        else {"format": "%(asctime)s %(levelname)-7s %(name)s: %(message)s"}
    )
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
