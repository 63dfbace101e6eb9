"""The command line: formats, --output, stdin, and one clear stderr line per failure."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from day01_csv_report.cli import main
from day01_csv_report.tests.conftest import WriteCsv


def test_no_arguments_reports_on_the_bundled_sample(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    out = capsys.readouterr().out
    expected = "CSV report: sales_orders.csv\n3,000 rows · 13 columns"
    assert out.startswith(expected), f"the report starts with its title and size: {out[:80]!r}"


@pytest.mark.parametrize("fmt", ["text", "markdown", "json", "html"])
def test_every_format_prints_to_stdout(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--format", fmt]) == 0
    out = capsys.readouterr().out
    first = {"text": "CSV report", "markdown": "# CSV report", "json": "{", "html": "<!DOCTYPE"}
    assert out.startswith(first[fmt]), f"--format {fmt} output starts with {first[fmt]!r}"


def test_group_by_adds_groups_to_the_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--format", "json", "--group-by", "category"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["group_by"]["column"] == "category"
    assert {g["value"] for g in data["group_by"]["groups"]} >= {"Electronics", "Home"}


def test_output_writes_the_file_and_picks_the_format_from_its_suffix(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    assert main(["--output", str(target)]) == 0
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"], "no temporary file is left"


def test_output_replaces_an_existing_report(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    assert main(["-o", str(target)]) == 0
    assert json.loads(target.read_text(encoding="utf-8"))["rows"] == 3_000
    assert target.stat().st_mode & 0o777 == 0o640, "replacing keeps the file's permissions"


def test_output_into_a_missing_folder_creates_it(tmp_path: Path) -> None:
    """`-o var/report.html` works on a fresh clone, where var/ does not exist yet."""
    target = tmp_path / "var" / "reports" / "report.md"
    assert main(["-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8").startswith("# CSV report"), "the folder is created"


def test_output_that_cannot_be_written_fails_cleanly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "file").write_text("in the way", encoding="utf-8")
    assert main(["--output", str(tmp_path / "file" / "report.txt")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: cannot write"), f"one error line naming the target: {err!r}"
    assert err.count("\n") == 1 and "Traceback" not in err


def test_dash_reads_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(b"a;b\r\n1;x\r\n2;y\r\n"), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    assert main(["-", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["rows"], data["delimiter"]) == (2, ";")
    assert not stdin.buffer.closed, "reading stdin must not close it"


def test_standard_input_in_utf16_is_read_by_its_byte_order_mark(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = "city,temp\nMálaga,21\nOslo,3\n".encode("utf-16")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    assert main(["-", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [c["name"] for c in report["columns"]] == ["city", "temp"], "a UTF-16 BOM is honoured"
    assert report["encoding"] == "utf-16"


def test_delimiter_names_are_accepted(
    write_csv: WriteCsv, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv("a\tb\n1\t2\n")
    assert main([str(path), "--delimiter", "tab", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["delimiter"] == "\t"


def test_long_delimiter_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--delimiter", ";;"])
    assert caught.value.code == 2
    assert "must be one character" in capsys.readouterr().err


@pytest.mark.parametrize("kind", ["missing file", "directory"], ids=["missing-file", "directory"])
def test_missing_file_or_directory_is_one_line_and_exit_2(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "nope.csv" if kind == "missing file" else tmp_path
    assert main([str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("error: ") and captured.err.count("\n") == 1
    assert "Traceback" not in captured.err


def test_undecodable_file_exits_1_naming_the_line(
    write_csv: WriteCsv, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv(b"a,b\n1,\xff\n")
    assert main([str(path)]) == 1
    err = capsys.readouterr().err
    assert "line 2 is not valid utf-8" in err and "--encoding" in err


def test_encoding_option_reads_other_encodings(
    write_csv: WriteCsv, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv("city\nMálaga\n", encoding="cp1252")
    assert main([str(path), "--encoding", "cp1252", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["columns"][0]["top_values"][0]["value"] == "Málaga"


def test_unknown_group_by_column_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--group-by", "colour"]) == 2
    assert "no column named 'colour'" in capsys.readouterr().err


def test_verbose_shows_the_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "nope.csv"), "--verbose"]) == 2
    assert "Traceback" in capsys.readouterr().err


def test_help_describes_every_option(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--help"])
    assert caught.value.code == 0
    text = capsys.readouterr().out
    for option in ("--format", "--output", "--group-by", "--delimiter", "--encoding", "--verbose"):
        assert option in text, f"--help should describe {option}"
