"""Undo: exact restoration, also after a run killed midway, and safe to run twice."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from day02_file_organizer import (
    JOURNAL_NAME,
    JournalError,
    NothingToUndoError,
    OrganizeOptions,
    organize,
    undo,
)
from day02_file_organizer.tests.treeutil import ODD_NAMES, make_files, tree_digest

ROOT = Path(__file__).resolve().parents[2]
NAMES = [f"file{i:02d}.{ext}" for i in range(8) for ext in ("jpg", "txt", "tar.gz", "mp3")]


def journal_records(root: Path) -> list[dict[str, object]]:
    lines = (root / JOURNAL_NAME).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def cut_journal(root: Path, *, intents: int, last_moved: bool, torn: bool = False) -> None:
    """Make disk and journal look as if the run was killed right after its `intents`-th intent.

    Moves after that intent are undone by hand (they never happened), as is the last announced
    move unless `last_moved`; folders announced after the cut are removed (never created).
    """
    records = journal_records(root)
    cut = [i for i, r in enumerate(records) if r["op"] == "intent"][intents - 1]
    kept, dropped = records[: cut + 1], records[cut + 1 :]
    undone = [r for r in dropped if r["op"] == "intent"]
    if not last_moved:
        undone.insert(0, records[cut])
    for record in reversed(undone):
        os.rename(str(record["dst"]), str(record["src"]))
    for record in reversed(dropped):
        if record["op"] == "mkdir":
            os.rmdir(str(record["path"]))
    text = "".join(json.dumps(r) + "\n" for r in kept)
    if torn:
        text += '{"op": "intent", "n": 999, "src": "/nowhere/x'  # killed while writing a line
    (root / JOURNAL_NAME).write_text(text, encoding="utf-8")


@pytest.mark.parametrize("last_moved", [True, False], ids=["move-happened", "move-did-not-happen"])
@pytest.mark.parametrize("torn", [False, True], ids=["clean-cut", "torn-last-line"])
def test_undo_after_a_run_killed_after_an_intent(
    tmp_path: Path, last_moved: bool, torn: bool
) -> None:
    make_files(tmp_path, NAMES + ODD_NAMES)
    before = tree_digest(tmp_path)
    organize(tmp_path, OrganizeOptions(by="extension"))
    cut_journal(tmp_path, intents=13, last_moved=last_moved, torn=torn)
    result = undo(tmp_path)
    assert result.ok, result.failed
    assert tree_digest(tmp_path) == before, "undo must restore the tree whatever the kill left"


def test_a_new_run_after_a_killed_one_is_undone_too(tmp_path: Path) -> None:
    make_files(tmp_path, NAMES)
    before = tree_digest(tmp_path)
    organize(tmp_path)
    cut_journal(tmp_path, intents=5, last_moved=True, torn=True)
    assert organize(tmp_path).total_moved == len(NAMES) - 5
    assert undo(tmp_path).ok
    assert tree_digest(tmp_path) == before


def test_undo_after_the_process_is_killed_with_sigkill(fast_tmp: Path) -> None:
    """A real run, killed with SIGKILL as soon as its journal shows moves in progress."""
    tmp_path = fast_tmp
    names = [f"f{i:05d}.{('jpg', 'txt', 'py', 'zip')[i % 4]}" for i in range(6000)]
    make_files(tmp_path, names)
    before = tree_digest(tmp_path)
    journal = tmp_path / JOURNAL_NAME
    process = subprocess.Popen(
        [sys.executable, "-m", "day02_file_organizer", str(tmp_path)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while process.poll() is None and time.monotonic() < deadline:
        if journal.exists() and journal.stat().st_size > 4000:
            process.send_signal(signal.SIGKILL)
            break
        time.sleep(0.001)
    process.wait()
    assert process.returncode == -signal.SIGKILL, "the run should be killed midway"
    ops = [r["op"] for r in journal_records(tmp_path)]
    assert "intent" in ops and "end" not in ops, "the journal shows a run cut short"
    assert undo(tmp_path).ok
    assert tree_digest(tmp_path) == before


@pytest.mark.internal
@pytest.mark.parametrize("copied", ["partly", "fully"])
def test_a_cross_filesystem_copy_cut_short_is_cleaned_up(tmp_path: Path, copied: str) -> None:
    """Killed mid-copy (a partial file), or after the copy but before deleting the original."""
    from day02_file_organizer.mover import partial_path

    make_files(tmp_path, NAMES)
    before = tree_digest(tmp_path)
    organize(tmp_path)
    cut_journal(tmp_path, intents=len(NAMES), last_moved=False)
    last = journal_records(tmp_path)[-1]
    src, dst = Path(str(last["src"])), Path(str(last["dst"]))
    if copied == "partly":
        partial_path(dst).write_bytes(src.read_bytes()[:3])
    else:
        dst.write_bytes(src.read_bytes())
    assert undo(tmp_path).ok
    assert tree_digest(tmp_path) == before


def test_undo_twice_says_there_is_nothing_to_undo(tmp_path: Path) -> None:
    make_files(tmp_path, ["a.txt"])
    organize(tmp_path)
    undo(tmp_path)
    with pytest.raises(NothingToUndoError) as caught:
        undo(tmp_path)
    assert caught.value.exit_code == 2


def test_an_interrupted_undo_can_be_run_again(tmp_path: Path) -> None:
    make_files(tmp_path, NAMES)
    before = tree_digest(tmp_path)
    organize(tmp_path)
    for name in NAMES[:10]:  # as if a first undo had put these back before being killed
        found = next(tmp_path.glob(f"*/{name}"))
        found.rename(tmp_path / name)
    assert undo(tmp_path).ok
    assert tree_digest(tmp_path) == before


def test_a_deleted_file_is_reported_and_the_journal_kept(tmp_path: Path) -> None:
    make_files(tmp_path, ["a.txt", "b.txt"])
    organize(tmp_path)
    (tmp_path / "documents/a.txt").unlink()
    result = undo(tmp_path)
    assert not result.ok
    assert "no longer exists" in result.failed[0].reason
    assert (tmp_path / "b.txt").exists()
    assert (tmp_path / JOURNAL_NAME).exists(), "the journal stays so undo can be retried"


def test_a_retaken_original_name_is_not_overwritten(tmp_path: Path) -> None:
    make_files(tmp_path, ["a.txt"])
    organize(tmp_path)
    (tmp_path / "a.txt").write_text("a newer file")
    result = undo(tmp_path)
    assert result.ok
    assert (tmp_path / "a.txt").read_text() == "a newer file"
    assert (tmp_path / "a (1).txt").read_text() == "a.txt"
    assert [(a.name, b.name) for a, b in result.renamed] == [("a.txt", "a (1).txt")]


def test_undo_dry_run_changes_nothing(tmp_path: Path) -> None:
    make_files(tmp_path, ["a.txt", "b.jpg"])
    organize(tmp_path)
    after = tree_digest(tmp_path)
    result = undo(tmp_path, dry_run=True)
    assert len(result.restored) == 2 and result.dry_run
    assert tree_digest(tmp_path) == after


def test_a_journal_undo_does_not_understand_is_an_error(tmp_path: Path) -> None:
    (tmp_path / JOURNAL_NAME).write_text('{"op": "intent", "n": 1}\n')
    with pytest.raises(JournalError, match="does not understand"):
        undo(tmp_path)


def test_an_unwritable_journal_stops_the_run_before_any_move(tmp_path: Path) -> None:
    """Fails even for root: the journal's path is taken by a folder."""
    make_files(tmp_path, ["a.txt"])
    (tmp_path / JOURNAL_NAME).mkdir()
    with pytest.raises(JournalError, match="cannot write the journal") as caught:
        organize(tmp_path)
    assert caught.value.exit_code == 1
    assert (tmp_path / "a.txt").exists(), "nothing moves without a journal"
