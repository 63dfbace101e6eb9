"""Organising for real: nothing lost or overwritten, failures reported, undo gives the tree back."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from day02_file_organizer import (
    JOURNAL_NAME,
    OrganizeOptions,
    apply_plan,
    organize,
    plan_moves,
    read_journal,
    undo,
)
from day02_file_organizer.tests.treeutil import ODD_NAMES, make_files, tree_digest


def files_under(root: Path) -> set[str]:
    digest = tree_digest(root)
    return {k for k, v in digest.items() if v != "dir" and Path(k).name != JOURNAL_NAME}


@pytest.mark.parametrize("by", ["category", "extension", "date"])
def test_organize_then_undo_restores_a_byte_identical_tree(tmp_path: Path, by: str) -> None:
    make_files(tmp_path, ODD_NAMES + ["sub/a.jpg", "sub/deep/a.jpg", ".hidden.txt"])
    (tmp_path / "link.txt").symlink_to("a.jpg")
    before = tree_digest(tmp_path)
    summary = organize(tmp_path, OrganizeOptions(by=by, recursive=True, include_symlinks=True))
    assert summary.ok and summary.total_moved == len(ODD_NAMES) + 3
    assert tree_digest(tmp_path) != before
    result = undo(tmp_path)
    assert result.ok and len(result.restored) == summary.total_moved
    assert tree_digest(tmp_path) == before, "undo must give back exactly the original tree"


def test_odd_names_are_moved_intact(tmp_path: Path) -> None:
    make_files(tmp_path, ODD_NAMES)
    organize(tmp_path)
    after = files_under(tmp_path)
    assert "documents/-starts-with-dash.txt" in after
    assert "other/--help" in after
    assert "images/caf\u00e9 men\u00fc.png" in after
    assert "archives/backup.TAR.GZ" in after
    assert "documents/data.2024.final.CSV" in after
    assert "other/trailing-dot." in after
    assert "video/clip.Mp4" in after
    assert len(after) == len(ODD_NAMES), "every file is still there, exactly once"


def test_undecodable_file_name_survives_the_round_trip(tmp_path: Path) -> None:
    raw = os.fsencode(tmp_path) + b"/caf\xe9.txt"  # Latin-1 bytes: not valid UTF-8
    with open(raw, "wb") as handle:
        handle.write(b"bytes")
    before = tree_digest(tmp_path)
    assert organize(tmp_path).total_moved == 1
    assert os.path.exists(os.fsencode(tmp_path) + b"/documents/caf\xe9.txt")
    undo(tmp_path)
    assert tree_digest(tmp_path) == before


def test_existing_files_are_never_overwritten(tmp_path: Path) -> None:
    make_files(tmp_path, ["documents/a.txt", "documents/a (1).txt"])
    (tmp_path / "a.txt").write_text("the new one")
    organize(tmp_path)
    assert (tmp_path / "documents/a.txt").read_text() == "documents/a.txt"
    assert (tmp_path / "documents/a (1).txt").read_text() == "documents/a (1).txt"
    assert (tmp_path / "documents/a (2).txt").read_text() == "the new one"


def test_a_file_created_after_planning_is_not_overwritten(tmp_path: Path) -> None:
    make_files(tmp_path, ["a.txt"])
    plan = plan_moves(tmp_path)
    make_files(tmp_path, ["documents/a.txt"])  # appears between plan and move
    summary = apply_plan(plan)
    assert summary.ok
    assert (tmp_path / "documents/a.txt").read_text() == "documents/a.txt"
    assert (tmp_path / "documents/a (1).txt").read_text() == "a.txt"


def test_a_vanished_file_is_reported_and_skipped(tmp_path: Path) -> None:
    make_files(tmp_path, ["a.txt", "b.txt"])
    plan = plan_moves(tmp_path)
    (tmp_path / "a.txt").unlink()
    summary = apply_plan(plan)
    assert summary.ok, "a file that vanished is skipped, not a failure"
    assert summary.total_moved == 1
    assert [(s.path.name, s.reason) for s in summary.skipped] == [
        ("a.txt", "vanished before it could be moved")
    ]
    assert undo(tmp_path).ok
    assert files_under(tmp_path) == {"b.txt"}


def test_a_file_in_the_way_of_a_folder_fails_those_moves_only(tmp_path: Path) -> None:
    """Fails even for root: a destination folder's path is taken by a regular file."""
    dest = tmp_path / "sorted"
    make_files(tmp_path, ["src/a.jpg", "src/b.jpg", "src/c.txt"])
    dest.mkdir()
    (dest / "images").write_text("I am a file, not a folder")
    summary = organize(tmp_path / "src", OrganizeOptions(dest=dest))
    assert not summary.ok
    assert summary.total_moved == 1
    assert sorted(f.path.name for f in summary.failed) == ["a.jpg", "b.jpg"]
    assert "a file is in the way" in summary.failed[0].reason
    assert files_under(tmp_path) == {
        "src/a.jpg",
        "src/b.jpg",
        "sorted/images",
        "sorted/documents/c.txt",
    }


def without_root_powers(command: list[str]) -> list[str]:
    """Root ignores file permissions (CAP_DAC_OVERRIDE): drop those powers for the child."""
    if os.geteuid() != 0:
        return command
    dropped = "-dac_override,-dac_read_search,-fowner"
    return ["setpriv", f"--bounding-set={dropped}", "--", *command]


def test_a_read_only_source_folder_is_reported(tmp_path: Path) -> None:
    make_files(tmp_path, ["src/inner/a.txt", "src/b.txt"])
    (tmp_path / "src/inner").chmod(0o555)
    command = [sys.executable, "-m", "day02_file_organizer", str(tmp_path / "src"), "-r"]
    try:
        result = subprocess.run(
            without_root_powers(command),
            cwd=Path(__file__).resolve().parents[2],
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        (tmp_path / "src/inner").chmod(0o755)
    assert result.returncode == 1, "a file that cannot be moved makes the run exit 1"
    assert "Permission denied" in result.stdout + result.stderr, result.stdout + result.stderr
    assert (tmp_path / "src/inner/a.txt").exists(), "the file that could not move stays put"
    assert (tmp_path / "src/documents/b.txt").exists(), "the other files still move"


def test_dry_run_changes_nothing(tmp_path: Path) -> None:
    make_files(tmp_path, ODD_NAMES)
    before = tree_digest(tmp_path)
    summary = organize(tmp_path, OrganizeOptions(recursive=True), dry_run=True)
    assert summary.dry_run and summary.total_moved == len(ODD_NAMES)
    assert tree_digest(tmp_path) == before, "--dry-run must not touch anything, not even a journal"


def test_journal_records_every_move_before_it_happens(tmp_path: Path) -> None:
    make_files(tmp_path, ["a.txt", "b.jpg"])
    organize(tmp_path)
    contents = read_journal(tmp_path)
    assert [(m.src.name, m.dst.parent.name, m.done) for m in contents.moves] == [
        ("a.txt", "documents", True),
        ("b.jpg", "images", True),
    ]
    assert sorted(p.name for p in contents.created_dirs) == ["documents", "images"]


def test_two_runs_are_undone_together(tmp_path: Path) -> None:
    make_files(tmp_path, ["a.txt"])
    before = tree_digest(tmp_path)
    organize(tmp_path)
    make_files(tmp_path, ["b.txt"])
    before_b = {**before, "b.txt": tree_digest(tmp_path)["b.txt"]}
    organize(tmp_path)
    assert files_under(tmp_path) == {"documents/a.txt", "documents/b.txt"}
    assert undo(tmp_path).ok
    assert tree_digest(tmp_path) == before_b


def test_a_separate_destination_is_created_and_removed_by_undo(tmp_path: Path) -> None:
    make_files(tmp_path, ["src/a.txt"])
    before = tree_digest(tmp_path)
    organize(tmp_path / "src", OrganizeOptions(dest=tmp_path / "out/sorted"))
    assert files_under(tmp_path) == {"out/sorted/documents/a.txt"}
    result = undo(tmp_path / "src")
    assert len(result.removed_folders) == 3, "documents/, sorted/ and out/ were created by the run"
    assert tree_digest(tmp_path) == before


def test_moves_across_filesystems_copy_verify_then_delete(tmp_path: Path, fast_tmp: Path) -> None:
    if os.stat(tmp_path).st_dev == os.stat(fast_tmp).st_dev:
        pytest.skip("needs /dev/shm on a filesystem other than the test folder's")
    make_files(tmp_path, ["a.txt", "b.jpg"])
    (tmp_path / "link.txt").symlink_to("a.txt")
    before = tree_digest(tmp_path)
    dest = fast_tmp / "sorted"
    summary = organize(tmp_path, OrganizeOptions(dest=dest, include_symlinks=True))
    assert summary.ok and summary.total_moved == 3
    assert (dest / "documents/a.txt").read_text() == "a.txt"
    assert os.readlink(dest / "documents/link.txt") == "a.txt"
    assert not (tmp_path / "a.txt").exists(), "the original goes once the copy is verified"
    assert undo(tmp_path).ok
    assert tree_digest(tmp_path) == before
    assert not dest.exists(), "undo removes the destination it created"
