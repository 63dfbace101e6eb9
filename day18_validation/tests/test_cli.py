"""`python -m day18_validation`: `check` exit codes and output, usage errors, serving."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from day18_validation import Verdict, exit_code
from day18_validation.cli import main
from day18_validation.tests.helpers import VALID_BOOK


def write(tmp_path: Path, payload: object) -> str:
    path = tmp_path / "payload.json"
    path.write_text(json.dumps(payload))
    return str(path)


def test_check_exits_0_when_both_accept(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", write(tmp_path, VALID_BOOK)]) == 0
    out = capsys.readouterr().out
    assert "both accept" in out and '"isbn": "9780441013593"' in out, "the clean values are shown"


def test_check_exits_1_and_names_the_fields_side_by_side_when_both_reject(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", write(tmp_path, VALID_BOOK | {"year": "1965", "x": 1})]) == 1
    lines = capsys.readouterr().out.splitlines()
    fields = next(line for line in lines if line.startswith("fields"))
    assert fields.split() == ["fields", "x,", "year", "x,", "year"], "each column names x and year"


def test_check_takes_another_schema_and_stdin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", __import__("io").StringIO('{"copies": 3}'))
    assert main(["check", "-", "--schema", "BookPatch"]) == 0


def test_two_verdicts_that_disagree_give_exit_code_3() -> None:
    accepted = Verdict("marshmallow", True, values={})
    rejected = Verdict("pydantic", False, ("year",), ("must be an integer",))
    assert exit_code(accepted, rejected) == 3
    assert exit_code(rejected, Verdict("pydantic", False, ("isbn",))) == 3, "other fields named"
    assert exit_code(rejected, rejected) == 1 and exit_code(accepted, accepted) == 0


@pytest.mark.parametrize(
    "argv",
    [["check"], ["check", "missing.json"], ["serve", "x.json"], ["--framework", "django"]],
    ids=["no-file", "missing-file", "serve-with-file", "unknown-framework"],
)
def test_usage_errors_exit_2(
    argv: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse's own usage errors
        code = int(str(exc.code))
    assert code == 2
    assert "error:" in capsys.readouterr().err


def test_a_file_that_is_not_json_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.json"
    path.write_text("{title: Dune}")
    assert main(["check", str(path)]) == 2
    assert capsys.readouterr().err.startswith("error: "), "one error line, no traceback"


def test_help_works_without_any_service() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "day18_validation", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0 and "--framework" in done.stdout


@pytest.mark.internal
def test_help_imports_no_web_or_validation_library() -> None:
    """`--help` stays fast: the package imports its libraries only when a name is used."""
    probe = (
        "import sys; from day18_validation.cli import build_parser; build_parser(); "
        "names = ('marshmallow', 'pydantic', 'fastapi', 'flask'); "
        "print(sorted(m for m in names if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "[]", f"--help imported {done.stdout.strip()}"


@pytest.mark.internal
def test_the_clis_schema_choices_are_the_contracts() -> None:
    from day18_validation import INPUT_SCHEMAS
    from day18_validation.cli import INPUT_SCHEMAS as CHOICES

    assert CHOICES == INPUT_SCHEMAS, "cli.py repeats the list so --help imports no library"


@pytest.mark.parametrize("framework", ["flask", "fastapi"])
def test_serving_on_a_taken_port_is_one_error_line_and_exit_1(
    framework: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        argv = ["--framework", framework, "--port", str(port)]
        code = main([*argv, "--database-url", f"sqlite:///{tmp_path / 'library.db'}"])
    assert code == 1, "the database is migrated, then the port is found taken"
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and errors[0].startswith("error: cannot listen on"), errors
