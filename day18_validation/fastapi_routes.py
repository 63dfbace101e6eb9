"""The twin's routes: day 11's operations (and day 18's nested ones) on FastAPI, one router each.

Each route reads its input (a path id, the query string through day 11's parsers, a body
checked by the validator), calls day 11's repository with the request's session, commits if
it wrote, and answers with the resource dumped by pydantic. Ids use Starlette's `int`
convertor, so `/books/abc` and `/books/-1` match no route (404), as in day 11.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from sqlalchemy.orm import Session

from day07_sqlalchemy_orm import READ_ONLY
from day11_rest_library import Book, pagination, queries, repository
from day18_validation.fastapi_http import (
    answer,
    body,
    check_if_match,
    dump,
    no_content,
    page_answer,
    query_args,
    require_json_accepted,
)
from day18_validation.nested import author_shelf, create_author_with_books

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
Values = dict[str, Any]


def get_session(request: Request) -> Iterator[Session]:
    """This request's session, in a transaction (read-only for GET); closed after."""
    options = READ_ONLY if request.method in SAFE_METHODS else {}
    session: Session = request.app.state.session_factory(execution_options=options)
    session.begin()
    try:
        yield session
    finally:
        session.close()


SessionDep = Annotated[Session, Depends(get_session)]
BookCreateBody = Annotated[Values, Depends(body("BookCreate"))]
BookPatchBody = Annotated[Values, Depends(body("BookPatch"))]
AuthorBody = Annotated[Values, Depends(body("AuthorWrite"))]
ShelfBody = Annotated[Values, Depends(body("AuthorWithBooksCreate"))]
LoanBody = Annotated[Values, Depends(body("LoanCreate"))]
LoanPatchBody = Annotated[Values, Depends(body("LoanPatch"))]

books = APIRouter(tags=["books"], dependencies=[Depends(require_json_accepted)])
authors = APIRouter(tags=["authors"], dependencies=[Depends(require_json_accepted)])
loans = APIRouter(tags=["loans"], dependencies=[Depends(require_json_accepted)])


# --- books ---------------------------------------------------------------------------------


def book_page(request: Request, session: Session, author_id: int | None = None) -> Response:
    """A page of books for this request's filters, sort and cursor."""
    args = query_args(request)
    filters = queries.parse_book_filters(args)
    wanted = queries.parse_page_request(args, repository.BOOK_SORTS, default_sort="id")

    def key_of(book: Book) -> list[object]:
        """The book's values of the page's sort keys (`author` sorts by the author's name)."""
        values = {"id": book.id, "title": book.title, "author": book.author.name, "year": book.year}
        return [values[key.name] for key in wanted.keys]

    query = repository.books_query(filters, author_id=author_id)
    return page_answer(request, pagination.fetch_page(session, query, wanted, key_of), "Book")


@books.get("/books")
def list_books(request: Request, session: SessionDep) -> Response:
    """A page of books: `author`, `year_from`, `year_to`, `q`, `sort`, `limit`, `cursor`."""
    return book_page(request, session)


@books.post("/books", status_code=201)
def add_book(request: Request, session: SessionDep, values: BookCreateBody) -> Response:
    """Add a book: 201, the book, and its URL in Location."""
    # solution: create the book, commit, answer 201 with the dumped book and Location
    book = repository.create_book(session, values)
    session.commit()
    return answer(request, dump(request, "Book", book), 201, location=f"/books/{book.id}")
    # end solution


@books.get("/books/{book_id:int}")
def read_book(request: Request, session: SessionDep, book_id: int) -> Response:
    """One book, or 404."""
    return answer(request, dump(request, "Book", repository.get_book(session, book_id)))


@books.put("/books/{book_id:int}")
def replace_book(
    request: Request, session: SessionDep, book_id: int, values: BookCreateBody
) -> Response:
    """Replace every field: `copies` falls back to 1 when left out."""
    return _change_book(request, session, book_id, {"copies": 1} | values)


@books.patch("/books/{book_id:int}")
def change_book(
    request: Request, session: SessionDep, book_id: int, values: BookPatchBody
) -> Response:
    """Change only the fields sent."""
    return _change_book(request, session, book_id, values)


def _change_book(request: Request, session: Session, book_id: int, changes: Values) -> Response:
    # solution: lock the book, check If-Match against its dump, update, commit, answer
    book = repository.get_book(session, book_id, for_update=True)
    check_if_match(request, dump(request, "Book", book))
    repository.update_book(session, book, changes)
    session.commit()
    return answer(request, dump(request, "Book", book))
    # end solution


@books.delete("/books/{book_id:int}", status_code=204)
def remove_book(request: Request, session: SessionDep, book_id: int) -> Response:
    """Remove a book: 204, or 409 while a copy is lent out."""
    book = repository.get_book(session, book_id, for_update=True)
    check_if_match(request, dump(request, "Book", book))
    repository.delete_book(session, book)
    session.commit()
    return no_content()


# --- authors -------------------------------------------------------------------------------


@authors.get("/authors")
def list_authors(request: Request, session: SessionDep) -> Response:
    """A page of authors in name order; `q` searches the names."""
    args = query_args(request)
    q = queries.parse_text_filter(args)
    wanted = queries.parse_page_request(args, repository.AUTHOR_SORTS, default_sort="name")
    page = pagination.fetch_page(
        session, repository.authors_query(q), wanted, lambda a: [a.name, a.id]
    )
    return page_answer(request, page, "Author")


@authors.post("/authors", status_code=201)
def add_author(request: Request, session: SessionDep, values: AuthorBody) -> Response:
    """Add an author: 201 and Location, or 409 if the name is taken."""
    author = repository.create_author(session, values["name"])
    session.commit()
    return answer(request, dump(request, "Author", author), 201, location=f"/authors/{author.id}")


@authors.post("/authors/with-books", status_code=201)
def add_author_with_books(request: Request, session: SessionDep, values: ShelfBody) -> Response:
    """An author and their books in one request: 201, or 409 with nothing kept."""
    shelf = create_author_with_books(session, values)
    session.commit()
    location = f"/authors/{shelf.id}/with-books"
    return answer(request, dump(request, "AuthorWithBooks", shelf), 201, location=location)


@authors.get("/authors/{author_id:int}")
def read_author(request: Request, session: SessionDep, author_id: int) -> Response:
    """One author, or 404."""
    return answer(request, dump(request, "Author", repository.get_author(session, author_id)))


@authors.put("/authors/{author_id:int}")
def rename(request: Request, session: SessionDep, author_id: int, values: AuthorBody) -> Response:
    """Rename an author."""
    author = repository.get_author(session, author_id, for_update=True)
    check_if_match(request, dump(request, "Author", author))
    repository.rename_author(session, author, values["name"])
    session.commit()
    return answer(request, dump(request, "Author", author))


@authors.delete("/authors/{author_id:int}", status_code=204)
def remove_author(request: Request, session: SessionDep, author_id: int) -> Response:
    """Remove an author who has no books: 204, or 409."""
    author = repository.get_author(session, author_id, for_update=True)
    check_if_match(request, dump(request, "Author", author))
    repository.delete_author(session, author)
    session.commit()
    return no_content()


@authors.get("/authors/{author_id:int}/books")
def list_author_books(request: Request, session: SessionDep, author_id: int) -> Response:
    """The author's books, with the filters, sorting and pages of /books (404: no author)."""
    repository.get_author(session, author_id)
    return book_page(request, session, author_id)


@authors.get("/authors/{author_id:int}/with-books")
def read_author_with_books(request: Request, session: SessionDep, author_id: int) -> Response:
    """The author with their books nested."""
    return answer(request, dump(request, "AuthorWithBooks", author_shelf(session, author_id)))


# --- loans ---------------------------------------------------------------------------------


@loans.get("/loans")
def list_loans(request: Request, session: SessionDep) -> Response:
    """A page of loans, oldest first; `book_id` and `open` filter them."""
    args = query_args(request)
    filters = queries.parse_loan_filters(args)
    wanted = queries.parse_page_request(args, repository.LOAN_SORTS, default_sort="id")
    page = pagination.fetch_page(
        session, repository.loans_query(filters), wanted, lambda loan: [loan.id]
    )
    return page_answer(request, page, "Loan")


@loans.post("/loans", status_code=201)
def add_loan(request: Request, session: SessionDep, values: LoanBody) -> Response:
    """Lend a copy: 201 and Location; 409 when every copy is out."""
    loan = repository.lend(session, values["book_id"], values["borrower"])
    session.commit()
    return answer(request, dump(request, "Loan", loan), 201, location=f"/loans/{loan.id}")


@loans.get("/loans/{loan_id:int}")
def read_loan(request: Request, session: SessionDep, loan_id: int) -> Response:
    """One loan, or 404."""
    return answer(request, dump(request, "Loan", repository.get_loan(session, loan_id)))


@loans.patch("/loans/{loan_id:int}")
def return_copy(request: Request, session: SessionDep, loan_id: int, _: LoanPatchBody) -> Response:
    """Return the copy: `{"returned": true}`; 409 if it is back already."""
    loan = repository.get_loan(session, loan_id, for_update=True)
    check_if_match(request, dump(request, "Loan", loan))
    repository.return_loan(session, loan)
    session.commit()
    return answer(request, dump(request, "Loan", loan))


@loans.get("/loans/{loan_id:int}/with-book")
def read_loan_with_book(request: Request, session: SessionDep, loan_id: int) -> Response:
    """The loan with its book nested."""
    return answer(request, dump(request, "LoanWithBook", repository.get_loan(session, loan_id)))
