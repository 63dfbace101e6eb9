"""Data functions: each takes this request's session, changes or reads rows, never commits.

Rules that can race are left to the database: a taken ISBN or name is found by the unique
constraint (a change inside a SAVEPOINT, so the request's transaction survives the
IntegrityError; a new book's INSERT needs none, its 409 ends the request), and lending locks
the book's row (`SELECT ... FOR UPDATE` on PostgreSQL; SQLite has one writer at a time
already), so two clients cannot both take the last free copy.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, NamedTuple, TypeVar, cast

from sqlalchemy import Connection, Engine, Insert, Select, Table, bindparam, func, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import QueryableAttribute, Session, contains_eager, make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from day07_sqlalchemy_orm import utcnow
from day11_rest_library.errors import ConflictError, NotFoundError
from day11_rest_library.models import Author, Book, Loan
from day11_rest_library.queries import BookFilters, LoanFilters
from day11_rest_library.statements import Prepared
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

# The hot paths (GET /books/<id>, POST /books) run Core statements on the tables, built once
# and compiled once (`Prepared`, in statements.py): the ORM's identity load and unit-of-work
# flush, and Core's own per-statement work, cost several times the SQL itself (measured in
# benchmarks/day11_rest_library.py). The rows they read or write become ORM objects without
# another SELECT where a caller needs one.
_BOOKS, _AUTHORS, _LOANS = (cast(Table, model.__table__) for model in (Book, Author, Loan))
_LENT = (  # the same count as `Book.lent`, on the tables (no ORM compilation per request)
    select(func.count(_LOANS.c.id))
    .where(_LOANS.c.book_id == _BOOKS.c.id, _LOANS.c.returned_at.is_(None))
    .correlate(_BOOKS)
    .scalar_subquery()
)
_BOOK_VIEW = (
    select(
        _BOOKS.c.id,
        _BOOKS.c.title,
        _AUTHORS.c.name.label("author_name"),
        _BOOKS.c.author_id,
        _BOOKS.c.year,
        _BOOKS.c.isbn,
        _BOOKS.c.copies,
        _LENT.label("lent"),
    )
    .join_from(_BOOKS, _AUTHORS, _BOOKS.c.author_id == _AUTHORS.c.id)
    .where(_BOOKS.c.id == bindparam("book_id"))
)
_AUTHOR_ID = select(_AUTHORS.c.id).where(_AUTHORS.c.name == bindparam("name"))
_BOOK_FIELDS = ("title", "author_id", "year", "isbn", "copies")
_INSERT_BOOK = (
    insert(_BOOKS).values({name: bindparam(name) for name in _BOOK_FIELDS}).returning(_BOOKS.c.id)
)
_PREPARED_VIEW, _PREPARED_AUTHOR_ID, _PREPARED_INSERT = map(
    Prepared, (_BOOK_VIEW, _AUTHOR_ID, _INSERT_BOOK)
)


class BookView(NamedTuple):
    """A book as its representation needs it, read in one SELECT (no ORM object)."""

    id: int
    title: str
    author_name: str
    author_id: int
    year: int
    isbn: str
    copies: int
    lent: int


# --- books ---------------------------------------------------------------------------------


def get_book(session: Session, book_id: int, *, for_update: bool = False) -> Book:
    """The book with `book_id` (its row locked for a change when `for_update`), or 404."""
    book = _get(session, Book, book_id, for_update)
    if book is None:
        raise NotFoundError("book", book_id)
    return book


def get_book_view(source: Session | Connection | Engine, book_id: int) -> BookView:
    """The book with `book_id` as a `BookView` (one SELECT, the author joined), or 404.

    `source` is a session (read in its transaction) or, for a request that needs no other
    statement, the session factory's bind: one SELECT is consistent on its own.
    """
    row = None
    if 1 <= book_id <= ID_MAX:
        row = _PREPARED_VIEW.one_or_none(source, {"book_id": book_id})
    if row is None:
        raise NotFoundError("book", book_id)
    return BookView(*row)


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


def add_book(connection: Session | Connection, fields: Mapping[str, Any]) -> BookView:
    """Add a book, as `create_book` does, and return what its representation needs.

    No ORM object is made (the route answers with the row it wrote): building and attaching
    a Book and its Author cost more than the INSERT. `connection` is a session or a Core
    connection in a transaction (what `POST /books` writes on: see db.py's `transaction`).
    """
    author_id = _author_id(connection, fields["author"])
    values = _insert_book(connection, fields, author_id)
    return BookView(author_name=fields["author"], lent=0, **values)


def create_book(session: Session, fields: Mapping[str, Any]) -> Book:
    """Add a book; its author is found by name, or created. 409 if the ISBN is taken.

    The Book returned is the row just written, made persistent without a SELECT (a new book
    has no loans: `lent` is 0).
    """
    author = author_named(session, fields["author"])
    book = Book(**_insert_book(session, fields, author.id))
    set_committed_value(book, "author", author)  # no backref event: author.books stays as is
    set_committed_value(book, "lent", 0)
    return _adopt(session, book)


def _insert_book(
    connection: Session | Connection, fields: Mapping[str, Any], author_id: int
) -> dict[str, Any]:
    """INSERT ... RETURNING id; the row's values. 409 if the ISBN is taken.

    No SAVEPOINT: a taken ISBN ends the request (409, rolled back), so nothing after it
    needs the transaction.
    """
    values = {
        "title": fields["title"],
        "author_id": author_id,
        "year": fields["year"],
        "isbn": fields["isbn"],
        "copies": fields.get("copies", 1),
    }
    try:
        row = _PREPARED_INSERT.one_or_none(connection, values)
    except IntegrityError as exc:
        raise ConflictError(
            f"A book with the ISBN {values['isbn']} is in the library already."
        ) from exc
    assert row is not None, "INSERT ... RETURNING returns the row"
    return {"id": row[0], **values}


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
    author_id = _author_id(session, name)
    known = session.identity_map.get(session.identity_key(Author, (author_id,)))
    if known is not None:
        return cast(Author, known)  # the session's own object: it may hold newer values
    return _adopt(session, Author(id=author_id, name=name))


def _author_id(connection: Session | Connection, name: str) -> int:
    """The id of the author called `name`, created if new.

    A SELECT of the id; for a new name, `INSERT ... ON CONFLICT (name) DO NOTHING RETURNING
    id`, which needs no SAVEPOINT: a request that created them since our SELECT makes it
    return nothing, and a second SELECT finds theirs.
    """
    found = _PREPARED_AUTHOR_ID.one_or_none(connection, {"name": name})
    if found is not None:
        return cast(int, found[0])
    author_id = connection.execute(_insert_author(connection), {"name": name}).scalar()
    if author_id is None:  # another request created them since our SELECT
        author_id = connection.execute(_AUTHOR_ID, {"name": name}).scalar_one()
    return cast(int, author_id)


def _insert_author(connection: Session | Connection) -> Insert:
    """INSERT an author unless the name is taken, in the dialect's ON CONFLICT syntax."""
    bind = connection.get_bind() if isinstance(connection, Session) else connection
    dialect = postgresql if bind.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(_AUTHORS).on_conflict_do_nothing(index_elements=["name"])
    return cast(Insert, statement.returning(_AUTHORS.c.id))


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


def _adopt(session: Session, instance: M) -> M:
    """A row known to exist (just read or written) as this session's object, without a SELECT.

    The session's own object for that row wins when it has one (it may hold newer values).
    """
    key = session.identity_key(type(instance), (instance.id,))
    known = session.identity_map.get(key)
    if known is not None:
        return known  # type: ignore[no-any-return]
    make_transient_to_detached(instance)  # attributes set count as loaded, not as changes
    session.add(instance)
    return instance


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
