"""The command line: both forms of organize, undo, the demo, and exit codes 0/1/2."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from day02_file_organizer import JOURNAL_NAME
from day02_file_organizer.cli import main
from day02_file_organizer.tests.treeutil import ODD_NAMES, make_files, tree_digest

ROOT = Path(__file__).resolve().parents[2]


def test_bare_folder_means_organize_and_undo_puts_it_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_files(tmp_path, ODD_NAMES)
    before = tree_digest(tmp_path)
    assert main([str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert f"moved {len(ODD_NAMES)} files" in out
    assert "  images " in out, f"the summary counts files per folder: {out!r}"
    hint = f"undo with: uv run python -m day02_file_organizer undo {tmp_path}"
    assert hint in out, "the summary ends with the command that undoes the run, ready to paste"
    assert main(["undo", str(tmp_path)]) == 0
    assert f"restored {len(ODD_NAMES)} files" in capsys.readouterr().out
    assert tree_digest(tmp_path) == before, "undo gives back the original tree"


def test_the_undo_hint_quotes_a_folder_with_spaces(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "my downloads"
    make_files(folder, ["a.txt"])
    assert main([str(folder)]) == 0
    hint = f"undo with: uv run python -m day02_file_organizer undo '{folder}'"
    assert hint in capsys.readouterr().out, "the hint must work when pasted into a shell"


def test_organize_subcommand_with_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_files(tmp_path, ["sub/a.JPG", ".env", "b.tar.gz"])
    args = ["organize", str(tmp_path), "--by", "extension", "-r", "--include-hidden", "--fsync"]
    assert main(args) == 0
    assert set(os.listdir(tmp_path)) == {"jpg", "tar.gz", "no_extension", "sub", JOURNAL_NAME}
    assert "moved 3 files" in capsys.readouterr().out


def test_dry_run_prints_the_plan_and_touches_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_files(tmp_path, ["a.txt", "-n.jpg"])
    before = tree_digest(tmp_path)
    assert main(["--dry-run", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "a.txt -> documents/a.txt" in out and "-n.jpg -> images/-n.jpg" in out
    assert "would move 2 files" in out
    assert tree_digest(tmp_path) == before
    assert main(["undo", "--dry-run", str(tmp_path)]) == 2, "nothing to undo yet"


def test_undo_dry_run_lists_what_would_be_restored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_files(tmp_path, ["a.txt"])
    main([str(tmp_path)])
    capsys.readouterr()
    assert main(["undo", "-n", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "would restore 1 file\n  documents/a.txt -> a.txt" in out, f"one line per move: {out!r}"
    assert (tmp_path / "documents/a.txt").exists()


def test_no_arguments_runs_the_demo(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    out = capsys.readouterr().out
    assert "demo folder:" in out and "moved 12 files" in out and "restored 12 files" in out


def test_empty_folder_has_nothing_to_move(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["-n", str(tmp_path)]) == 0
    assert "nothing to move\nwould move 0 files" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ["{tmp}/absent"], "absent does not exist (give the folder to organise)", id="no-folder"
        ),
        pytest.param(["{tmp}", "--rules", "{tmp}/rules.json"], "is not valid JSON", id="bad-rules"),
        pytest.param(
            ["{tmp}", "--rules", "{tmp}/absent.json"],
            "does not exist (check the path)",
            id="no-rules-file",
        ),
        pytest.param(["undo", "{tmp}"], f"has no journal ({JOURNAL_NAME})", id="nothing-to-undo"),
    ],
)
def test_usage_errors_exit_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    (tmp_path / "rules.json").write_text("{oops")
    assert main([a.format(tmp=tmp_path) for a in args]) == 2, "a usage problem exits 2"
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err, f"expected {message!r} in {err!r}"
    assert err.count("\n") == 1, "one line, no traceback"


def test_bad_option_is_an_argparse_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["organize", ".", "--by", "colour"])
    assert caught.value.code == 2
    assert "invalid choice: 'colour'" in capsys.readouterr().err


def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--help"])
    assert caught.value.code == 0
    assert "{organize,undo,demo}" in capsys.readouterr().out


def test_failed_moves_exit_1_and_are_listed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_files(tmp_path, [f"src/{i:02d}.jpg" for i in range(12)] + ["src/ok.txt"])
    (tmp_path / "dest").mkdir()
    (tmp_path / "dest/images").write_text("in the way")
    assert main([str(tmp_path / "src"), "--dest", str(tmp_path / "dest")]) == 1
    out = capsys.readouterr().out
    assert "moved 1 file\n" in out and "failed 12:" in out
    assert "... and 2 more (--verbose lists them all)" in out
    assert main(["undo", str(tmp_path / "src"), "--verbose"]) == 0
    assert (tmp_path / "src/ok.txt").exists()


def test_verbose_lists_every_skipped_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_files(tmp_path, [f".hidden{i:02d}" for i in range(12)])
    assert main(["-n", str(tmp_path)]) == 0
    assert "... and 2 more" in capsys.readouterr().out
    assert main(["-n", "--verbose", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "skipped 12:" in out and ".hidden11: hidden" in out and "more" not in out


def test_verbose_shows_the_traceback_of_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / JOURNAL_NAME).write_text('{"op": "mkdir"}\n')
    assert main(["undo", str(tmp_path), "-v"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" in err and err.rstrip().splitlines()[-1].startswith("error: the journal")


def test_progress_is_drawn_on_a_terminal(fast_tmp: Path) -> None:
    """stderr is a real pseudo-terminal here, so a long run shows `moved n/total`."""
    make_files(fast_tmp, [f"{i:04d}.txt" for i in range(1100)])
    controller, terminal = pty.openpty()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "day02_file_organizer", str(fast_tmp)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=terminal,
            timeout=60,
        )
        os.close(terminal)
        drawn = os.read(controller, 65536).decode()
    finally:
        os.close(controller)
    assert result.returncode == 0
    assert "\rmoved 256/1100" in drawn, f"expected a progress line on the terminal, got {drawn!r}"
