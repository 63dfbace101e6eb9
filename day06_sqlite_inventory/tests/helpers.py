"""Helpers shared by the day's tests (fixtures live in conftest.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Result:
    """What one `main([...])` call did: exit code, stdout, stderr."""

    code: int
    out: str
    err: str


Cli = Callable[..., Result]


def add_keyboard(cli: Cli, *extra: str) -> Result:
    """The item most tests start from: 10 keyboards at 79.90, reorder at 3."""
    result = cli(
        "add", "KB-1", "Keyboard", "--category", "peripherals", "--price", "79.90",
        "--quantity", "10", "--reorder-level", "3", *extra,
    )  # fmt: skip
    assert result.code == 0, f"adding the test item failed: {result.err}"
    return result
