"""The library's tables: authors, books (each by one author) and loans (a copy lent out).

SQLAlchemy 2 typed declarative models on their own `MetaData` with day 7's naming convention,
so constraint names are the same on SQLite and PostgreSQL. The migration in
`migrations/versions/` creates exactly these tables (a test compares the two).

The rules that must hold under concurrent requests live in the schema, not in Python: an
author's name and a book's ISBN are unique, a book cannot point at a missing author, an
author with books cannot be deleted (`RESTRICT`), and a deleted book takes its loan history
with it (`CASCADE`; the routes refuse to delete a book with a copy still out).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, MetaData, String, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, column_property, mapped_column, relationship

from day07_sqlalchemy_orm import NAMING_CONVENTION, utcnow

TEXT_MAX = 300  # the longest title, name or borrower (day 3's limit for a title)


class Base(DeclarativeBase):
    """The declarative base of day 11's tables (a MetaData of its own, day 7's names)."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Author(Base):
    """A writer, made the first time a book names them; unique by name."""

    __tablename__ = "authors"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(TEXT_MAX), unique=True)

    books: Mapped[list[Book]] = relationship(back_populates="author", passive_deletes="all")


class Loan(Base):
    """One copy of a book lent to a borrower; open until `returned_at` is set."""

    __tablename__ = "loans"

    id: Mapped[int] = mapped_column(primary_key=True)
    book_id: Mapped[int] = mapped_column(ForeignKey("books.id", ondelete="CASCADE"), index=True)
    borrower: Mapped[str] = mapped_column(String(TEXT_MAX))
    lent_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    returned_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    book: Mapped[Book] = relationship(back_populates="loans")


class Book(Base):
    """A title the library holds `copies` of; unique by ISBN."""

    __tablename__ = "books"
    __table_args__ = (CheckConstraint("copies >= 0", name="copies_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(TEXT_MAX), index=True)
    author_id: Mapped[int] = mapped_column(
        ForeignKey("authors.id", ondelete="RESTRICT"), index=True
    )
    year: Mapped[int] = mapped_column(index=True)
    isbn: Mapped[str] = mapped_column(String(13), unique=True)
    copies: Mapped[int] = mapped_column(default=1)
    # Copies lent and not yet returned, counted by the database in the same SELECT.
    lent: Mapped[int] = column_property(
        select(func.count(Loan.id))
        .where(Loan.book_id == id, Loan.returned_at.is_(None))
        .correlate_except(Loan)
        .scalar_subquery()
    )

    author: Mapped[Author] = relationship(back_populates="books", lazy="joined", innerjoin=True)
    loans: Mapped[list[Loan]] = relationship(back_populates="book", passive_deletes="all")

    @property
    def author_name(self) -> str:
        """The author's name (what the representation shows, as `BookView` has it too)."""
        return self.author.name
