"""The book as the store keeps it, and the shapes that go in and out of the store."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypedDict

FIELDS = ("title", "author", "year", "isbn")


@dataclass(frozen=True, slots=True)
class NewBook:
    """A valid book that has no id yet: what `POST /add` and `PUT /edit/<id>` carry."""

    title: str
    author: str
    year: int
    isbn: str

    def as_changes(self) -> BookChanges:
        """Every field, as the changes that replace a stored book's fields (PUT)."""
        return {"title": self.title, "author": self.author, "year": self.year, "isbn": self.isbn}


class BookChanges(TypedDict, total=False):
    """Some validated fields of a book: what `PATCH /edit/<id>` carries."""

    title: str
    author: str
    year: int
    isbn: str


@dataclass(frozen=True, slots=True)
class Book:
    """A stored book. Instances are immutable: an edit stores a new instance."""

    id: int
    title: str
    author: str
    year: int
    isbn: str

    def to_dict(self) -> dict[str, Any]:
        """The book's JSON object, `id` first."""
        return {
            "id": self.id,
            "title": self.title,
            "author": self.author,
            "year": self.year,
            "isbn": self.isbn,
        }


@dataclass(frozen=True, slots=True)
class BookPage:
    """One page of a search: the books on it and how many books matched in all."""

    items: list[Book]
    total: int
