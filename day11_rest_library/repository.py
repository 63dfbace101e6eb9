"""Data functions: each takes this request's session, changes or reads rows, never commits.

Rules that can race are left to the database: a taken ISBN or name is found by the unique
constraint (inside a SAVEPOINT, so the request's transaction survives the IntegrityError),
and lending locks the book's row (`SELECT ... FOR UPDATE` on PostgreSQL; SQLite has one
writer at a time already), so two clients cannot both take the last free copy.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import QueryableAttribute, Session, contains_eager
from sqlalchemy.orm.attributes import set_committed_value

from day07_sqlalchemy_orm import utcnow
from day11_rest_library.errors import ConflictError, NotFoundError
from day11_rest_library.models import Author, Book, Loan
from day11_rest_library.queries import BookFilters, LoanFilters
from shared.types import ID_MAX  # ids are SQL INTEGERs: a larger number names no row

M = TypeVar("M", Book, Author, Loan)

BOOK_SORTS: dict[str, QueryableAttribute[Any]] = {
    "id": Book.id,
    "title": Book.title,
    "author": Author.name,
    "year": Book.year,
}
AUTHOR_SORTS: dict[str, QueryableAttribute[Any]] = {"id": Author.id, "name": Author.name}
LOAN_SORTS: dict[str, QueryableAttribute[Any]] = {"id": Loan.id}


# --- books ---------------------------------------------------------------------------------


def get_book(session: Session, book_id: int, *, for_update: bool = False) -> Book:
    """The book with `book_id` (its row locked for a change when `for_update`), or 404."""
    book = _get(session, Book, book_id, for_update)
    if book is None:
        raise NotFoundError("book", book_id)
    return book


def books_query(filters: BookFilters, *, author_id: int | None = None) -> Select[Book]:
    """The books matching `filters`, their authors joined (for sorting and the author name)."""
    # solution: join the author, then add one WHERE per filter that was given
    query = select(Book).join(Book.author).options(contains_eager(Book.author))
    if author_id is not None:
        query = query.where(Book.author_id == author_id)
    if filters.author is not None:
        query = query.where(func.lower(Author.name) == func.lower(filters.author))
    if filters.year_from is not None:
        query = query.where(Book.year >= filters.year_from)
    if filters.year_to is not None:
        query = query.where(Book.year <= filters.year_to)
    if filters.q is not None:
        query = query.where(
            Book.title.icontains(filters.q, autoescape=True)
            | Author.name.icontains(filters.q, autoescape=True)
        )
    return query
    # end solution


def create_book(session: Session, fields: Mapping[str, Any]) -> Book:
    """Add a book; its author is found by name, or created. 409 if the ISBN is taken."""
    author = author_named(session, fields["author"])
    book = Book(
        title=fields["title"],
        year=fields["year"],
        isbn=fields["isbn"],
        copies=fields.get("copies", 1),
    )
    with _unique(session, f"A book with the ISBN {book.isbn} is in the library already."):
        session.add(book)
        book.author = author
    set_committed_value(book, "lent", 0)  # a new book has no loans: no SELECT to count them
    return book


def update_book(session: Session, book: Book, changes: Mapping[str, Any]) -> Book:
    """Apply the changed fields; 409 for a taken ISBN or fewer copies than are lent out."""
    # solution: check copies against the copies lent, relink the author, set the rest, flush
    if "copies" in changes and changes["copies"] < book.lent:
        raise ConflictError(
            f"{book.lent} copies of this book are lent out: copies cannot be {changes['copies']}."
        )
    if "author" in changes:
        book.author = author_named(session, changes["author"])
    isbn = changes.get("isbn", book.isbn)
    with _unique(session, f"A book with the ISBN {isbn} is in the library already."):
        for name, value in changes.items():
            if name != "author":
                setattr(book, name, value)
    return book
    # end solution


def delete_book(session: Session, book: Book) -> None:
    """Remove a book and its returned loans; 409 while a copy is lent out."""
    if book.lent:
        raise ConflictError(f"{book.lent} copies of this book are lent out: return them first.")
    session.delete(book)
    session.flush()


# --- authors -------------------------------------------------------------------------------


def get_author(session: Session, author_id: int, *, for_update: bool = False) -> Author:
    """The author with `author_id`, or 404."""
    author = _get(session, Author, author_id, for_update)
    if author is None:
        raise NotFoundError("author", author_id)
    return author


def author_named(session: Session, name: str) -> Author:
    """The author called `name`, created if new (safe when two requests create them at once)."""
    found = session.scalar(select(Author).where(Author.name == name))
    if found is not None:
        return found
    author = Author(name=name)
    try:
        with session.begin_nested():
            session.add(author)
    except IntegrityError:  # another request created them since our SELECT
        return session.scalars(select(Author).where(Author.name == name)).one()
    return author


def authors_query(q: str | None) -> Select[Author]:
    """The authors whose name holds `q` (all when None)."""
    query = select(Author)
    if q is not None:
        query = query.where(Author.name.icontains(q, autoescape=True))
    return query


def create_author(session: Session, name: str) -> Author:
    """Add an author; 409 if the name is taken."""
    author = Author(name=name)
    with _unique(session, f"An author named {name!r} exists already."):
        session.add(author)
    return author


def rename_author(session: Session, author: Author, name: str) -> Author:
    """Rename an author; 409 if another author has the name."""
    with _unique(session, f"An author named {name!r} exists already."):
        author.name = name
    return author


def delete_author(session: Session, author: Author) -> None:
    """Remove an author; 409 (the foreign key decides) while books name them."""
    with _unique(session, f"{author.name} still has books in the library: delete those first."):
        session.delete(author)


# --- loans ---------------------------------------------------------------------------------


def get_loan(session: Session, loan_id: int, *, for_update: bool = False) -> Loan:
    """The loan with `loan_id`, or 404."""
    loan = _get(session, Loan, loan_id, for_update)
    if loan is None:
        raise NotFoundError("loan", loan_id)
    return loan


def loans_query(filters: LoanFilters) -> Select[Loan]:
    """The loans of one book, open or returned, as the filters say."""
    query = select(Loan)
    if filters.book_id is not None:
        query = query.where(Loan.book_id == filters.book_id)
    if filters.open is not None:
        query = query.where(Loan.returned_at.is_(None) == filters.open)
    return query


def lend(session: Session, book_id: int, borrower: str) -> Loan:
    """Lend a free copy of the book: 409 for an unknown book or when no copy is free."""
    # solution: lock the book's row, refuse when every copy is out, add the loan
    book = _get(session, Book, book_id, for_update=True)
    if book is None:  # the body is valid; the library's state lacks the book
        raise ConflictError(f"No book has the id {book_id}: lend a book the library holds.")
    if book.lent >= book.copies:
        raise ConflictError(f"Every copy of {book.title!r} is lent out ({book.copies} in all).")
    loan = Loan(book_id=book.id, borrower=borrower)
    session.add(loan)
    session.flush()
    session.expire(book, ["lent"])  # one more copy is out now
    return loan
    # end solution


def return_loan(session: Session, loan: Loan) -> Loan:
    """End a loan: the copy is back. 409 if it was returned already."""
    if loan.returned_at is not None:
        raise ConflictError(f"Loan {loan.id} was returned already.")
    loan.returned_at = utcnow()
    session.flush()
    return loan


def _get(session: Session, model: type[M], row_id: int, for_update: bool) -> M | None:
    """`session.get`, except that an id beyond the column's range finds nothing at once."""
    if not 1 <= row_id <= ID_MAX:
        return None
    return session.get(model, row_id, with_for_update=for_update)


@contextmanager
def _unique(session: Session, conflict: str) -> Iterator[None]:
    """Make the block's changes in a SAVEPOINT; a broken constraint becomes a 409 (`conflict`).

    The savepoint is what keeps the request's transaction usable after the IntegrityError.
    """
    try:
        with session.begin_nested():
            yield
    except IntegrityError as exc:
        raise ConflictError(conflict) from exc
