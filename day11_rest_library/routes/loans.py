"""/loans and /loans/<id>: borrowing is a resource.

`POST /loans` lends a copy (409 when none is free); `PATCH /loans/<id>` with
`{"returned": true}` ends the loan. A loan is never deleted: it is the library's history.
"""

from __future__ import annotations

from flask import Blueprint, Response, request, url_for

from day11_rest_library.conditional import check_if_match
from day11_rest_library.db import commit, get_session
from day11_rest_library.pagination import fetch_page
from day11_rest_library.queries import parse_loan_filters, parse_page_request
from day11_rest_library.repository import LOAN_SORTS, get_loan, lend, loans_query, return_loan
from day11_rest_library.representations import json_bytes, loan_json, page_json
from day11_rest_library.responses import json_response
from day11_rest_library.routes.books import with_link_header
from day11_rest_library.validation import validated_body

bp = Blueprint("loans", __name__)


@bp.get("/loans")
def list_loans() -> Response:
    """A page of loans, oldest first; `book_id` and `open` filter them."""
    filters = parse_loan_filters(request.args)
    wanted = parse_page_request(request.args, LOAN_SORTS, default_sort="id")
    page = fetch_page(get_session(), loans_query(filters), wanted, lambda loan: [loan.id])
    response = json_response(page_json(page, [loan_json(loan) for loan in page.items]))
    return with_link_header(response, page_json(page, []))


@bp.post("/loans")
def create() -> Response:
    """Lend a copy: 201 and Location; 409 when every copy is out."""
    # solution: validate the body, lend the book, commit, answer 201 with Location
    body = validated_body("LoanCreate")
    loan = lend(get_session(), body["book_id"], body["borrower"])
    commit()
    return json_response(loan_json(loan), 201, location=url_for(".get", loan_id=loan.id))
    # end solution


@bp.get("/loans/<id:loan_id>")
def get(loan_id: int) -> Response:
    """One loan, or 404."""
    return json_response(loan_json(get_loan(get_session(), loan_id)))


@bp.patch("/loans/<id:loan_id>")
def return_copy(loan_id: int) -> Response:
    """Return the copy: `{"returned": true}`; 409 if it is back already."""
    validated_body("LoanPatch")
    session = get_session()
    loan = get_loan(session, loan_id, for_update=True)
    check_if_match(json_bytes(loan_json(loan)))
    return_loan(session, loan)
    commit()
    return json_response(loan_json(loan))
