"""shared/__init__: every exported name resolves, and importing one module stays light."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import shared


@pytest.mark.parametrize("name", shared.__all__)
def test_every_exported_name_resolves(name: str) -> None:
    assert getattr(shared, name) is not None


def test_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = shared.nope  # type: ignore[attr-defined]


def test_importing_shared_cli_does_not_import_logging_config() -> None:
    """A CLI's start-up (and day 1's memory) pays only for the modules it uses."""
    probe = "import sys, shared.cli; print('logging.config' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "False"
