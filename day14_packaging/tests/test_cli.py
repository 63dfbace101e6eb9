"""The day's command line and the library's console script: output and exit codes 0/1/2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from day14_packaging.cli import main
from day14_packaging.tests.helpers import CASES_FILE

ROOT = Path(__file__).resolve().parents[2]


def test_no_arguments_shows_verdicts_for_sample_addresses(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main([]) == 0
    out = capsys.readouterr().out
    assert "valid    alice@example.com" in out, "each sample gets a verdict line"
    assert "invalid  alice..smith@example.com" in out and "two dots" in out


def test_check_valid_addresses_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "alice@example.com", "Bob@BÜCHER.de"]) == 0
    out = capsys.readouterr().out
    assert "-> alice@example.com" in out and "-> Bob@bücher.de" in out


def test_check_invalid_address_exits_1_with_the_reason(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["check", "alice@example.com", "alice@@example.com"]) == 1
    out = capsys.readouterr().out
    assert "invalid  alice@@example.com" in out and "second @" in out


def test_check_switch_changes_the_verdict(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "josé@example.com"]) == 1
    assert main(["check", "--allow-utf8-local", "josé@example.com"]) == 0
    assert "-> josé@example.com" in capsys.readouterr().out


def test_unknown_option_is_a_usage_error_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["check", "--allow-everything", "a@example.com"])
    assert exited.value.code == 2
    assert "unrecognized arguments" in capsys.readouterr().err


def test_score_reports_both_tiers_and_passes_the_bar(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", "--cases", str(CASES_FILE)]) == 0, "core accuracy must be >= 0.99"
    out = capsys.readouterr().out
    assert "181 cases" in out and "core" in out and "edge" in out
    assert "isemail ERR cases accepted: 0" in out


def test_score_show_lists_disagreements(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", "--cases", str(CASES_FILE), "--show", "--allow-quoted-local"]) == 0
    assert 'accepted: "test"@iana.org' not in capsys.readouterr().out, "it agrees now"


def test_score_under_the_bar_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cases = [{"address": "a@b.com", "expected_valid": False, "tier": "core"}]
    cases[0] |= {"category": "ISEMAIL_ERR", "note": "made up"}
    (tmp_path / "cases.json").write_text(json.dumps({"cases": cases}), encoding="utf-8")
    assert main(["score", "--cases", str(tmp_path / "cases.json")]) == 1
    assert capsys.readouterr().err.startswith("error: core accuracy 0.000")


@pytest.mark.parametrize(
    "content",
    [pytest.param(None, id="missing-file"), pytest.param("{not json", id="not-json")],
)
def test_score_bad_cases_file_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | None
) -> None:
    path = tmp_path / "cases.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    assert main(["score", "--cases", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1, "one error line, no traceback"


def test_help_works(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0 and "publish" in capsys.readouterr().out


def test_module_runs_as_a_program() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "day14_packaging", "check", "a@example.com"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0 and "valid    a@example.com" in done.stdout, done.stderr


def emailcheck(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """Run the library's console script (installed in this environment as a dependency)."""
    script = Path(sys.executable).parent / "emailcheck"
    return subprocess.run(
        [str(script), *args], input=stdin, capture_output=True, text=True, timeout=60
    )


def test_console_script_exit_codes() -> None:
    assert emailcheck("Alice@Example.COM").stdout == "valid    Alice@example.com\n"
    bad = emailcheck("alice@example.com", "not-an-address")
    assert bad.returncode == 1 and "invalid  'not-an-address': there is no @" in bad.stdout
    assert emailcheck("--no-such-flag").returncode == 2


def test_console_script_reads_stdin_and_prints_json() -> None:
    done = emailcheck("--json", "--allow-utf8-local", stdin="josé@example.com\nbad@\n")
    first, second = (json.loads(line) for line in done.stdout.splitlines())
    assert first == {
        "address": "josé@example.com",
        "valid": True,
        "normalized": "josé@example.com",
        "ascii_email": None,
        "smtputf8": True,
    }
    assert second["valid"] is False and second["code"] == "domain.empty"
    assert done.returncode == 1
