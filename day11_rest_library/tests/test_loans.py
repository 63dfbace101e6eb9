"""/loans: borrowing is a resource. Lend a copy, return it, and the rules around copies."""

from __future__ import annotations

from flask.testing import FlaskClient

from day11_rest_library.tests.helpers import add_book, lend


def test_lend_returns_201_and_the_loan(client: FlaskClient) -> None:
    book = add_book(client)
    response = client.post("/loans", json={"book_id": book["id"], "borrower": "Ada"})
    assert response.status_code == 201
    loan = response.get_json()
    assert response.headers["Location"] == f"/loans/{loan['id']}"
    assert loan["book_id"] == book["id"] and loan["borrower"] == "Ada"
    assert loan["returned_at"] is None and loan["lent_at"].endswith("Z"), "UTC timestamps"
    assert client.get(f"/loans/{loan['id']}").get_json() == loan


def test_lending_takes_a_copy(client: FlaskClient) -> None:
    book = add_book(client, copies=2)
    lend(client, book["id"])
    assert client.get(f"/books/{book['id']}").get_json()["available"] == 1


def test_lending_with_no_free_copy_returns_409(client: FlaskClient) -> None:
    book = add_book(client, copies=1)
    lend(client, book["id"], "Ada")
    response = client.post("/loans", json={"book_id": book["id"], "borrower": "Grace"})
    assert response.status_code == 409, "the only copy is out: nothing to lend"
    assert response.mimetype == "application/problem+json"


def test_returning_frees_the_copy(client: FlaskClient) -> None:
    book = add_book(client, copies=1)
    loan = lend(client, book["id"])
    response = client.patch(f"/loans/{loan['id']}", json={"returned": True})
    assert response.status_code == 200
    assert response.get_json()["returned_at"] is not None
    assert client.get(f"/books/{book['id']}").get_json()["available"] == 1
    lend(client, book["id"], "Grace")


def test_returning_twice_returns_409(client: FlaskClient) -> None:
    loan = lend(client, add_book(client)["id"])
    client.patch(f"/loans/{loan['id']}", json={"returned": True})
    assert client.patch(f"/loans/{loan['id']}", json={"returned": True}).status_code == 409


def test_loan_patch_accepts_only_returned_true(client: FlaskClient) -> None:
    loan = lend(client, add_book(client)["id"])
    response = client.patch(f"/loans/{loan['id']}", json={"returned": False})
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["field"] == "returned"


def test_lending_an_unknown_book_returns_409(client: FlaskClient) -> None:
    response = client.post("/loans", json={"book_id": 4242, "borrower": "Ada"})
    assert response.status_code == 409, "a valid body, but the library holds no such book"
    assert "4242" in response.get_json()["detail"]


def test_deleting_a_lent_book_returns_409(client: FlaskClient) -> None:
    book = add_book(client)
    lend(client, book["id"])
    assert client.delete(f"/books/{book['id']}").status_code == 409


def test_deleting_a_returned_book_removes_its_loans(client: FlaskClient) -> None:
    book = add_book(client)
    loan = lend(client, book["id"])
    client.patch(f"/loans/{loan['id']}", json={"returned": True})
    assert client.delete(f"/books/{book['id']}").status_code == 204
    assert client.get(f"/loans/{loan['id']}").status_code == 404, "its history went with it"


def test_loans_filter_by_book_and_open(client: FlaskClient) -> None:
    first, second = add_book(client, 1, copies=3), add_book(client, 2)
    returned = lend(client, first["id"], "Ada")
    client.patch(f"/loans/{returned['id']}", json={"returned": True})
    still_out = lend(client, first["id"], "Grace")
    other = lend(client, second["id"], "Alan")

    def ids(query: str) -> list[int]:
        return [loan["id"] for loan in client.get(f"/loans{query}").get_json()["items"]]

    assert ids("") == [returned["id"], still_out["id"], other["id"]], "oldest first"
    assert ids(f"?book_id={first['id']}") == [returned["id"], still_out["id"]]
    assert ids("?open=true") == [still_out["id"], other["id"]]
    assert ids(f"?open=false&book_id={first['id']}") == [returned["id"]]
    assert client.get("/loans?open=yes").status_code == 422
