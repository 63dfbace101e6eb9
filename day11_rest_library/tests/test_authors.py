"""/authors, /authors/<id> and /authors/<id>/books."""

from __future__ import annotations

from flask.testing import FlaskClient

from day11_rest_library.tests.helpers import add_author, add_book


def test_create_author_returns_201_with_location(client: FlaskClient) -> None:
    response = client.post("/authors", json={"name": "Ursula K. Le Guin"})
    assert response.status_code == 201
    author = response.get_json()
    assert response.headers["Location"] == f"/authors/{author['id']}"
    assert client.get(f"/authors/{author['id']}").get_json() == author


def test_author_name_taken_returns_409(client: FlaskClient) -> None:
    add_author(client, "Ursula K. Le Guin")
    response = client.post("/authors", json={"name": "Ursula K. Le Guin"})
    assert response.status_code == 409, "one author per name: books link to authors by name"


def test_book_by_a_known_author_links_to_that_author(client: FlaskClient) -> None:
    author = add_author(client, "Ursula K. Le Guin")
    book = add_book(client, author="Ursula K. Le Guin")
    assert book["author_id"] == author["id"]


def test_author_books_lists_only_their_books(client: FlaskClient) -> None:
    mine = add_book(client, 1, author="Ursula K. Le Guin")
    add_book(client, 2, author="Someone Else")
    response = client.get(f"/authors/{mine['author_id']}/books")
    assert response.status_code == 200
    assert [book["id"] for book in response.get_json()["items"]] == [mine["id"]]


def test_author_books_of_unknown_author_returns_404(client: FlaskClient) -> None:
    assert client.get("/authors/999/books").status_code == 404


def test_rename_author_renames_their_books_author(client: FlaskClient) -> None:
    book = add_book(client, author="Ursula Le Guin")
    response = client.put(f"/authors/{book['author_id']}", json={"name": "Ursula K. Le Guin"})
    assert response.status_code == 200
    assert client.get(f"/books/{book['id']}").get_json()["author"] == "Ursula K. Le Guin"


def test_rename_to_a_taken_name_returns_409(client: FlaskClient) -> None:
    add_author(client, "A")
    second = add_author(client, "B")
    assert client.put(f"/authors/{second['id']}", json={"name": "A"}).status_code == 409


def test_delete_author_with_books_returns_409(client: FlaskClient) -> None:
    book = add_book(client)
    response = client.delete(f"/authors/{book['author_id']}")
    assert response.status_code == 409, "the author still has a book: delete it first"
    assert client.get(f"/authors/{book['author_id']}").status_code == 200


def test_delete_author_without_books_returns_204(client: FlaskClient) -> None:
    author = add_author(client)
    assert client.delete(f"/authors/{author['id']}").status_code == 204
    assert client.get(f"/authors/{author['id']}").status_code == 404


def test_authors_are_listed_by_name(client: FlaskClient) -> None:
    for name in ("Zadie Smith", "Chinua Achebe", "Mary Shelley"):
        add_author(client, name)
    names = [a["name"] for a in client.get("/authors").get_json()["items"]]
    assert names == ["Chinua Achebe", "Mary Shelley", "Zadie Smith"]
    found = client.get("/authors?q=shel").get_json()["items"]
    assert [a["name"] for a in found] == ["Mary Shelley"], "q matches part of the name, any case"


def test_invalid_author_returns_422(client: FlaskClient) -> None:
    response = client.post("/authors", json={"name": "", "born": 1929})
    fields = sorted(error["field"] for error in response.get_json()["errors"])
    assert response.status_code == 422 and fields == ["born", "name"]
