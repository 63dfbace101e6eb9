"""Planning: where each file goes, collisions resolved, and what is deliberately left alone."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest

from day02_file_organizer import FolderError, OrganizeOptions, Rules, load_rules, plan_moves
from day02_file_organizer.tests.treeutil import make_files, tree_digest


def targets(root: Path, options: OrganizeOptions | None = None) -> dict[str, str]:
    plan = plan_moves(root, options)
    return {str(m.src.relative_to(root)): str(m.dst.relative_to(plan.dest)) for m in plan.moves}


def test_plan_files_each_file_under_its_category(tmp_path: Path) -> None:
    make_files(tmp_path, ["a.jpg", "b.PDF", "c.tar.gz", "d", "e.mp3"])
    assert targets(tmp_path) == {
        "a.jpg": "images/a.jpg",
        "b.PDF": "documents/b.PDF",
        "c.tar.gz": "archives/c.tar.gz",
        "d": "other/d",
        "e.mp3": "audio/e.mp3",
    }


def test_plan_changes_nothing_on_disk(tmp_path: Path) -> None:
    make_files(tmp_path, ["a.jpg", "b.txt", "sub/c.py"])
    before = tree_digest(tmp_path)
    plan_moves(tmp_path, OrganizeOptions(recursive=True))
    assert tree_digest(tmp_path) == before, "planning must not touch the disk"


def test_collisions_get_numbered_suffixes_before_the_extension(tmp_path: Path) -> None:
    """A folder's own files are planned before its subfolders', so numbering is predictable."""
    make_files(
        tmp_path, ["images/a.jpg", "images/a (1).jpg", "a.jpg", "x.tar.gz", "archives/x.tar.gz"]
    )
    make_files(tmp_path, ["sub/a.jpg", "sub/x.tar.gz", "sub/deeper/x.tar.gz"])
    assert targets(tmp_path, OrganizeOptions(recursive=True)) == {
        "a.jpg": "images/a (2).jpg",
        "x.tar.gz": "archives/x (1).tar.gz",
        "sub/a.jpg": "images/a (3).jpg",
        "sub/x.tar.gz": "archives/x (2).tar.gz",
        "sub/deeper/x.tar.gz": "archives/x (3).tar.gz",
    }


def test_by_extension_uses_lower_case_extension_folders(tmp_path: Path) -> None:
    make_files(tmp_path, ["A.JPG", "b.jpg", "c.Tar.Gz", "Makefile"])
    assert targets(tmp_path, OrganizeOptions(by="extension")) == {
        "A.JPG": "jpg/A.JPG",
        "Makefile": "no_extension/Makefile",
        "b.jpg": "jpg/b.jpg",
        "c.Tar.Gz": "tar.gz/c.Tar.Gz",
    }


def test_by_date_uses_the_modification_month(tmp_path: Path) -> None:
    make_files(tmp_path, ["old.txt", "new.txt"])
    old = datetime(2021, 3, 15, 12).timestamp()
    new = datetime(2024, 11, 15, 12).timestamp()
    os.utime(tmp_path / "old.txt", (old, old))
    os.utime(tmp_path / "new.txt", (new, new))
    assert targets(tmp_path, OrganizeOptions(by="date")) == {
        "new.txt": "2024-11/new.txt",
        "old.txt": "2021-03/old.txt",
    }


def test_hidden_files_and_symlinks_are_left_alone_unless_asked(tmp_path: Path) -> None:
    make_files(tmp_path, [".env", "a.txt", ".git/config.py"])
    (tmp_path / "link.txt").symlink_to(tmp_path / "a.txt")
    plan = plan_moves(tmp_path, OrganizeOptions(recursive=True))
    assert [m.src.name for m in plan.moves] == ["a.txt"]
    reasons = {s.path.name: s.reason for s in plan.skipped}
    assert reasons == {
        ".env": "hidden (use --include-hidden)",
        ".git": "hidden (use --include-hidden)",
        "link.txt": "symlink (use --include-symlinks)",
    }
    options = OrganizeOptions(recursive=True, include_hidden=True, include_symlinks=True)
    assert targets(tmp_path, options) == {
        ".env": "other/.env",
        ".git/config.py": "code/config.py",
        "a.txt": "documents/a.txt",
        "link.txt": "documents/link.txt",
    }


def test_special_files_are_skipped(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    plan = plan_moves(tmp_path)
    assert plan.moves == []
    assert [(s.path.name, s.reason) for s in plan.skipped] == [("pipe.txt", "not a regular file")]


def test_subfolders_need_recursive(tmp_path: Path) -> None:
    make_files(tmp_path, ["top.txt", "sub/inner.txt"])
    assert targets(tmp_path) == {"top.txt": "documents/top.txt"}
    assert targets(tmp_path, OrganizeOptions(recursive=True)) == {
        "sub/inner.txt": "documents/inner.txt",
        "top.txt": "documents/top.txt",
    }


def test_destination_folders_are_not_reorganised(tmp_path: Path) -> None:
    make_files(tmp_path, ["images/old.png", "other/keep.png", "pdf/a.pdf", "new.png"])
    assert targets(tmp_path, OrganizeOptions(recursive=True)) == {
        "new.png": "images/new.png",
        "pdf/a.pdf": "documents/a.pdf",
    }
    assert targets(tmp_path, OrganizeOptions(recursive=True, by="extension")) == {
        "images/old.png": "png/old.png",
        "new.png": "png/new.png",
        "other/keep.png": "png/keep.png",
    }
    make_files(tmp_path, ["2020-01/x.txt"])
    assert "2020-01/x.txt" not in targets(tmp_path, OrganizeOptions(recursive=True, by="date"))


def test_a_separate_destination_inside_the_folder_is_skipped(tmp_path: Path) -> None:
    make_files(tmp_path, ["a.txt", "sorted/documents/b.txt", "sorted/c.txt"])
    options = OrganizeOptions(dest=tmp_path / "sorted", recursive=True)
    assert targets(tmp_path, options) == {"a.txt": "documents/a.txt"}


def test_unknown_folder_or_file_destination_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FolderError, match="does not exist"):
        plan_moves(tmp_path / "absent")
    (tmp_path / "file.txt").write_text("x")
    with pytest.raises(FolderError, match="is not a folder"):
        plan_moves(tmp_path / "file.txt")
    with pytest.raises(FolderError, match="destination .* is not a folder"):
        plan_moves(tmp_path, OrganizeOptions(dest=tmp_path / "file.txt"))


def test_custom_rules_drive_the_plan(tmp_path: Path) -> None:
    make_files(tmp_path, ["a.md", "b.jpg"])
    rules = load_rules()
    assert targets(tmp_path, OrganizeOptions(rules=rules))["a.md"] == "documents/a.md"
    custom = OrganizeOptions(rules=Rules({"notes": (".md",)}))
    assert targets(tmp_path, custom) == {"a.md": "notes/a.md", "b.jpg": "other/b.jpg"}
