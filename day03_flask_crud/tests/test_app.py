"""The factory: configuration, the store on app.extensions, persistence across a restart."""

from __future__ import annotations

from pathlib import Path

import pytest

from day03_flask_crud import SAMPLE_BOOKS, DataFileError, create_app, get_store
from day03_flask_crud.tests.helpers import VALID_BOOK


def test_books_survive_a_restart_with_the_same_data_file(tmp_path: Path) -> None:
    config = {"TESTING": True, "DATA_FILE": tmp_path / "books.json"}
    first = create_app(config).test_client()
    added = first.post("/add", json=VALID_BOOK).get_json()
    first.patch(f"/edit/{added['id']}", json={"year": 2018})
    first.post("/add", json=VALID_BOOK)
    first.delete("/delete/2")

    restarted = create_app(config).test_client()
    body = restarted.get("/view").get_json()
    assert body["items"] == [{**added, "year": 2018}], (
        "the second app must read what the first saved"
    )
    assert restarted.post("/add", json=VALID_BOOK).get_json()["id"] == 3


def test_seeding_happens_only_for_a_new_data_file(tmp_path: Path) -> None:
    config = {"TESTING": True, "SEED_BOOKS": True, "DATA_FILE": str(tmp_path / "books.json")}
    first = create_app(config).test_client()
    assert first.get("/view").get_json()["total"] == len(SAMPLE_BOOKS)
    for book_id in range(1, len(SAMPLE_BOOKS) + 1):
        first.delete(f"/delete/{book_id}")
    again = create_app(config).test_client()
    assert again.get("/view").get_json()["total"] == 0, (
        "a restart must not bring deleted books back"
    )


def test_a_corrupt_data_file_stops_the_factory_with_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "books.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"books\.json is not valid JSON"):
        create_app({"DATA_FILE": path})


def test_get_store_finds_the_current_apps_store(tmp_path: Path) -> None:
    app = create_app({"DATA_FILE": tmp_path / "books.json"})
    with app.app_context():
        assert get_store() is get_store(app), "get_store() finds the current app's store"


def test_config_overrides_flask_settings() -> None:
    app = create_app({"MAX_CONTENT_LENGTH": 10})
    response = app.test_client().post("/add", json=VALID_BOOK)
    assert response.status_code == 413, "MAX_CONTENT_LENGTH passed in config limits the body"
