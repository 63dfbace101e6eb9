"""Logging set-up with `logging.config.dictConfig`."""

from __future__ import annotations

from typing import Literal, TextIO


def configure_logging(
    level: str | None = None,
    fmt: Literal["auto", "text", "json"] | None = None,
    stream: TextIO | None = None,
) -> None:
    """Configure the root logger (dictConfig); LOG_LEVEL / LOG_FORMAT when None."""
    raise NotImplementedError
