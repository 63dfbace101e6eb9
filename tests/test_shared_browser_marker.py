"""The course plugin leaves the `browser` tests out of every run unless `--browser` asks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SAMPLE = """
import pytest

@pytest.mark.browser
def test_drives_a_browser():
    pass

def test_plain():
    pass
"""


def _collect(folder: Path, *options: str) -> str:
    (folder / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    (folder / "test_sample.py").write_text(SAMPLE, encoding="utf-8")
    command = [sys.executable, "-m", "pytest", "-p", "shared.testing", "-p", "no:cacheprovider"]
    command += ["--collect-only", "-q", "-c", str(folder / "pytest.ini"), str(folder), *options]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_browser_tests_are_deselected_by_default_and_run_with_the_option(tmp_path: Path) -> None:
    plain = _collect(tmp_path)
    assert "test_drives_a_browser" not in plain, "a browser test is left out of a plain run"
    assert "1 deselected" in plain, "and reported as deselected, not skipped: " + plain
    asked = _collect(tmp_path, "--browser")
    assert "test_drives_a_browser" in asked, "--browser collects the browser tests"
    assert "test_plain" in asked, "--browser keeps every other test"
