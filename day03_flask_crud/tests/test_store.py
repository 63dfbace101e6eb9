"""The thread-safe store, used directly: the Protocol, concurrent writers, failed saves."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from day03_flask_crud import (
    BookNotFoundError,
    BookStore,
    MemoryBookStore,
    NewBook,
    PersistenceError,
)

BOOK = NewBook("Dune", "Frank Herbert", 1965, "9780441013593")
THREADS, PER_THREAD = 8, 50


def add_concurrently(store: BookStore, per_thread: int = PER_THREAD) -> None:
    """THREADS threads each add `per_thread` books, released together by a barrier."""
    barrier = threading.Barrier(THREADS)

    def writer(n: int) -> None:
        barrier.wait()
        for i in range(per_thread):
            store.add(NewBook(f"t{n}-{i}", "Writer", 2000, BOOK.isbn))

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def test_memory_store_implements_the_protocol() -> None:
    store: BookStore = MemoryBookStore()  # mypy checks the structural match
    book = store.add(BOOK)
    assert store.get(book.id) == book
    assert store.update(book.id, {"year": 1966}).year == 1966
    store.delete(book.id)
    with pytest.raises(BookNotFoundError, match="No book has the id 1"):
        store.get(book.id)


def test_concurrent_adds_lose_nothing_and_never_repeat_an_id() -> None:
    store = MemoryBookStore()
    add_concurrently(store)
    page = store.search()
    assert page.total == THREADS * PER_THREAD, "every add from every thread must be kept"
    assert sorted(book.id for book in page.items) == list(range(1, THREADS * PER_THREAD + 1))


def test_concurrent_adds_to_a_data_file_are_all_saved(tmp_path: Path) -> None:
    path = tmp_path / "books.json"
    add_concurrently(MemoryBookStore(path), per_thread=10)  # each add rewrites the whole file
    reopened = MemoryBookStore(path).search()
    assert reopened.total == THREADS * 10, "the file must hold every add from every thread"
    assert [book.id for book in reopened.items] == list(range(1, THREADS * 10 + 1))


def test_search_pages_in_id_order() -> None:
    store = MemoryBookStore()
    for year in range(2000, 2010):
        store.add(NewBook(f"Book {year}", "A", year, BOOK.isbn))
    page = store.search("book", offset=8, limit=5)
    assert [b.year for b in page.items] == [2008, 2009] and page.total == 10


def test_update_and_delete_of_an_unknown_id_raise_not_found() -> None:
    store = MemoryBookStore()
    with pytest.raises(BookNotFoundError):
        store.update(7, {"title": "x"})
    with pytest.raises(BookNotFoundError):
        store.delete(7)


def test_a_failed_save_leaves_the_store_unchanged(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    store = MemoryBookStore(folder / "books.json")
    kept = store.add(BOOK)
    folder.rename(tmp_path / "gone")  # the next save has nowhere to go
    with pytest.raises(PersistenceError, match="could not save the books"):
        store.add(BOOK)
    with pytest.raises(PersistenceError):
        store.update(kept.id, {"title": "Changed"})
    with pytest.raises(PersistenceError):
        store.delete(kept.id)
    assert store.search().items == [kept], "a change that was not saved must be undone"
    (tmp_path / "gone").rename(folder)
    assert store.add(BOOK).id == 2, "the id of the failed add is handed out again"


def test_a_deleted_book_restored_after_a_failed_save_keeps_its_place(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    store = MemoryBookStore(folder / "books.json")
    for _ in range(3):
        store.add(BOOK)
    folder.rename(tmp_path / "gone")
    with pytest.raises(PersistenceError):
        store.delete(2)
    assert [b.id for b in store.search().items] == [1, 2, 3]
    assert len(store) == 3 and store.path == folder / "books.json"
