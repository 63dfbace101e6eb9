"""--output is atomic: the old file or the whole new one, never half a report."""

from __future__ import annotations

from pathlib import Path

import pytest

from day01_csv_report import OutputError, write_atomic


def test_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    target.write_text("previous report", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        write_atomic(target, "a" * 100_000 + "\udcff")  # fails while writing
    assert target.read_text(encoding="utf-8") == "previous report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.txt"]


def test_target_that_is_a_directory_raises_output_error(tmp_path: Path) -> None:
    (tmp_path / "report.txt").mkdir()
    with pytest.raises(OutputError, match="cannot write"):
        write_atomic(tmp_path / "report.txt", "text")
    assert [p.name for p in tmp_path.iterdir()] == ["report.txt"]


def test_new_file_gets_ordinary_permissions(tmp_path: Path) -> None:
    target = tmp_path / "new.txt"
    write_atomic(target, "hello")
    assert target.read_text(encoding="utf-8") == "hello"
    assert target.stat().st_mode & 0o600 == 0o600
