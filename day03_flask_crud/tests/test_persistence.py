"""The JSON data file: what is written, and a clear error for every way it can be broken."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from day03_flask_crud import DataFileError, MemoryBookStore, NewBook, PersistenceError

BOOK = NewBook("Dune", "Frank Herbert", 1965, "9780441013593")
GOOD_RECORD = {"id": 1, "title": "Dune", "author": "Frank Herbert", "year": 1965, "isbn": BOOK.isbn}


def test_the_file_holds_version_next_id_and_books(tmp_path: Path) -> None:
    path = tmp_path / "books.json"
    store = MemoryBookStore(path)
    store.add(BOOK)
    store.add(BOOK)
    store.delete(2)
    assert json.loads(path.read_text(encoding="utf-8")) == {
        "version": 1,
        "next_id": 3,
        "books": [GOOD_RECORD],
    }, "next_id is saved so a deleted id is not handed out again after a restart"
    assert [p.name for p in tmp_path.iterdir()] == ["books.json"], "no temporary files are left"


def test_a_missing_file_is_an_empty_store_and_is_created_on_the_first_change(
    tmp_path: Path,
) -> None:
    path = tmp_path / "books.json"
    store = MemoryBookStore(path)
    assert not path.exists() and store.search().total == 0
    store.add(BOOK)
    assert path.exists()


def test_a_missing_folder_is_created_as_on_a_fresh_clone(tmp_path: Path) -> None:
    path = tmp_path / "var" / "deeper" / "books.json"
    MemoryBookStore(path).add(BOOK)
    assert path.exists(), "the store makes the data file's folder, as var/ on a fresh clone"


def test_a_folder_that_cannot_be_made_is_reported_at_once(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("in the way", encoding="utf-8")
    with pytest.raises(DataFileError, match="cannot create the folder") as caught:
        MemoryBookStore(tmp_path / "file" / "books.json")
    assert caught.value.hint, "the error says how to fix it"


CORRUPT = [
    pytest.param(b'{"version": 1, "next_id": 2, "books": [', "not valid JSON", id="truncated"),
    pytest.param(b"\xff\xfe\x00garbage", "not valid JSON", id="binary"),
    pytest.param(b"[]", "not a book store", id="array"),
    pytest.param(b'{"version": 2, "next_id": 1, "books": []}', "not a book store", id="version"),
    pytest.param(b'{"version": 1, "next_id": true, "books": []}', "not a book store", id="bool-id"),
    pytest.param(b'{"version": 1, "next_id": 2, "books": [7]}', "book #0", id="record-not-object"),
    pytest.param(
        json.dumps({"version": 1, "next_id": 2, "books": [{**GOOD_RECORD, "id": "1"}]}).encode(),
        "no positive integer id",
        id="string-id",
    ),
    pytest.param(
        json.dumps({"version": 1, "next_id": 2, "books": [{**GOOD_RECORD, "year": True}]}).encode(),
        "year must be an integer",
        id="bool-year",
    ),
    pytest.param(
        json.dumps({"version": 1, "next_id": 2, "books": [GOOD_RECORD, GOOD_RECORD]}).encode(),
        "repeated ids",
        id="repeated-id",
    ),
    pytest.param(
        json.dumps({"version": 1, "next_id": 1, "books": [GOOD_RECORD]}).encode(),
        "next_id that is too small",
        id="next-id-too-small",
    ),
]


@pytest.mark.parametrize(("content", "message"), CORRUPT)
def test_a_corrupt_data_file_is_a_data_file_error_naming_it_and_left_untouched(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "books.json"
    path.write_bytes(content)
    with pytest.raises(DataFileError) as caught:
        MemoryBookStore(path)
    assert str(path) in str(caught.value), "the error names the file"
    assert caught.value.hint, "the error says how to fix it"
    assert path.read_bytes() == content, "a corrupt file is never overwritten"


@pytest.mark.internal
def test_each_kind_of_corruption_has_its_own_message(tmp_path: Path) -> None:
    """The reference's wording for each case (a learner's may differ)."""
    path = tmp_path / "books.json"
    for case in CORRUPT:
        content, message = case.values
        path.write_bytes(content)
        with pytest.raises(DataFileError, match=message):
            MemoryBookStore(path)


def test_an_unreadable_data_file_gives_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "books.json").mkdir()  # a folder where the file should be
    with pytest.raises(DataFileError, match="cannot read the data file"):
        MemoryBookStore(tmp_path / "books.json")


def test_a_failed_replace_leaves_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "books.json"
    store = MemoryBookStore(path)
    path.mkdir()  # os.replace cannot put a file over a folder
    with pytest.raises(PersistenceError, match="could not save"):
        store.add(BOOK)
    assert [p.name for p in tmp_path.iterdir()] == ["books.json"], "the temporary file is removed"
    assert store.search().total == 0


def test_text_that_cannot_be_utf8_is_refused_by_the_store_and_leaves_the_file(
    tmp_path: Path,
) -> None:
    """A store used without the validators still never writes half a file or keeps the book."""
    path = tmp_path / "books.json"
    store = MemoryBookStore(path)
    kept = store.add(BOOK)
    saved = path.read_bytes()
    with pytest.raises(PersistenceError, match="could not save the books"):
        store.add(NewBook("\ud800", "Frank Herbert", 1965, BOOK.isbn))
    assert store.search().items == [kept], "the failed add is undone in memory"
    assert path.read_bytes() == saved, "the data file is untouched"
    assert [p.name for p in tmp_path.iterdir()] == ["books.json"], "no temporary file is left"
