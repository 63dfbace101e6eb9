"""Moving one file: never onto an existing path, and nothing half-done left on failure."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from day02_file_organizer import move_file


def test_move_refuses_an_existing_target(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / "b.txt").write_text("b")
    with pytest.raises(FileExistsError):
        move_file(tmp_path / "a.txt", tmp_path / "b.txt")
    assert (tmp_path / "a.txt").read_text() == "a", "the source is left as it was"
    assert (tmp_path / "b.txt").read_text() == "b", "an existing file is never overwritten"


def test_move_renames_a_file_and_a_symlink(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / "link").symlink_to("a.txt")
    (tmp_path / "sub").mkdir()
    move_file(tmp_path / "a.txt", tmp_path / "sub" / "a.txt")
    move_file(tmp_path / "link", tmp_path / "sub" / "link")
    assert (tmp_path / "sub" / "a.txt").read_text() == "a" and not (tmp_path / "a.txt").exists()
    assert os.readlink(tmp_path / "sub" / "link") == "a.txt", "a symlink moves as a link"


@pytest.mark.internal
def test_a_failed_cross_filesystem_move_leaves_the_original_and_no_partial(
    tmp_path: Path, fast_tmp: Path
) -> None:
    from day02_file_organizer.mover import partial_path

    if os.stat(tmp_path).st_dev == os.stat(fast_tmp).st_dev:
        pytest.skip("needs /dev/shm on a filesystem other than the test folder's")
    (tmp_path / "folder").mkdir()  # a folder cannot be copied as a file: the copy fails
    with pytest.raises(IsADirectoryError):
        move_file(tmp_path / "folder", fast_tmp / "folder")
    assert (tmp_path / "folder").is_dir()
    assert not os.path.lexists(partial_path(fast_tmp / "folder"))
    assert not os.path.lexists(fast_tmp / "folder")
