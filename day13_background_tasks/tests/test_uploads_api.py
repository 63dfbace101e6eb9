"""The /uploads API through FastAPI's test client, on the in-process runner (no broker)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from day13_background_tasks import Settings, create_app
from day13_background_tasks.tests.helpers import (
    SAMPLE,
    HoldingRunner,
    accepted,
    csv_bytes,
    day1_report,
    local_settings,
    multipart,
    stored_files,
    upload,
    wait_finished,
)


@pytest.fixture
def holding() -> HoldingRunner:
    """A runner that processes nothing: uploads stay queued."""
    return HoldingRunner()


@pytest.fixture
def held_client(settings: Settings, holding: HoldingRunner) -> Iterator[TestClient]:
    """The app with a runner that never processes anything."""
    with TestClient(create_app(settings, runner=holding)) as client:
        yield client


def test_upload_answers_202_with_location_of_the_queued_upload(
    held_client: TestClient, holding: HoldingRunner
) -> None:
    response = upload(held_client, b"a,b\n1,2\n", "tiny.csv")
    assert response.status_code == 202, "an accepted upload is processed later: 202 Accepted"
    body = response.json()
    assert response.headers["location"] == f"/uploads/{body['id']}", "Location names the upload"
    assert body["state"] == "queued" and body["attempts"] == 0 and body["progress"] == 0
    assert (body["filename"], body["size"]) == ("tiny.csv", 8)
    assert holding.submitted == [body["id"]], "the runner is handed the upload once"
    assert held_client.get(response.headers["location"]).json() == body


def test_uploaded_file_is_done_with_day1_numbers(client: TestClient) -> None:
    """The report of an upload equals day 1's `report_to_dict` of the same file."""
    content = SAMPLE.read_bytes()
    location = accepted(client, content, "sales_orders.csv")
    upload_state = wait_finished(client, location)
    assert upload_state["state"] == "done", upload_state
    assert upload_state["progress"] == 100 and upload_state["attempts"] == 1
    assert upload_state["started_at"] and upload_state["finished_at"], "timestamps are recorded"
    report = client.get(f"{location}/report")
    assert report.status_code == 200
    assert report.json() == day1_report(content, "sales_orders.csv"), "day 1's report, unchanged"


def test_report_as_html_is_day1_page(client: TestClient) -> None:
    location = accepted(client, csv_bytes(50), "orders.csv")
    wait_finished(client, location)
    page = client.get(f"{location}/report", params={"format": "html"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "<html" in page.text and "orders.csv" in page.text, "day 1's HTML report of the file"


def test_malformed_csv_fails_with_day1_message_without_retrying(client: TestClient) -> None:
    content = b"name,amount\nAda,1\nBob,\xff2\n"
    location = accepted(client, content, "broken.csv")
    body = wait_finished(client, location)
    assert body["state"] == "failed"
    assert body["attempts"] == 1, "a malformed file cannot get better: no retry"
    assert (
        body["error"] == "broken.csv: line 3 is not valid utf-8 (byte 0xff at byte 5 of the line)"
    )
    report = client.get(f"{location}/report")
    assert report.status_code == 409 and body["error"] in report.json()["detail"]


def test_report_of_a_queued_upload_is_409(held_client: TestClient) -> None:
    location = accepted(held_client, csv_bytes(5))
    response = held_client.get(f"{location}/report")
    assert response.status_code == 409, "no report yet: the upload is still queued"
    assert response.headers["content-type"] == "application/problem+json"
    assert "queued" in response.json()["detail"]


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"
REJECTED = [
    pytest.param({"files": {"file": ("empty.csv", b"", "text/csv")}}, 422, id="empty-file"),
    pytest.param({"files": {"file": ("pic.png", PNG, "image/png")}}, 415, id="png-image"),
    pytest.param({"files": {"file": ("pic.csv", PNG, "text/csv")}}, 415, id="png-bytes-named-csv"),
    pytest.param(
        {"files": {"file": ("data.bin", b"a,b\n\x00\x01\x02", "text/csv")}}, 415, id="nul-bytes"
    ),
    pytest.param(
        {"files": {"file": ("a.pdf", b"%PDF-1.7\n", "text/csv")}}, 415, id="pdf-signature"
    ),
    pytest.param(
        {"files": {"file": ("a.json", b'{"a": 1}', "application/json")}}, 415, id="json-file"
    ),
    pytest.param({"files": {"other": ("a.csv", b"a,b\n", "text/csv")}}, 422, id="no-file-field"),
    pytest.param({"json": {"file": "a,b\n1,2\n"}}, 415, id="json-body-not-multipart"),
    pytest.param(
        {
            "content": b'--xyz\r\nContent-Disposition: form-data; name="file"\r\n\r\na,b\n1,2',
            "headers": {"content-type": "multipart/form-data; boundary=xyz"},
        },
        400,
        id="multipart-cut-short",
    ),
    pytest.param(
        {"content": b"a,b\n", "headers": {"content-type": "multipart/form-data"}},
        400,
        id="multipart-without-boundary",
    ),
]


@pytest.mark.parametrize(("request_kwargs", "status"), REJECTED)
def test_bad_upload_is_refused_and_nothing_is_kept(
    client: TestClient, settings: Settings, request_kwargs: dict[str, object], status: int
) -> None:
    response = client.post("/uploads", **request_kwargs)  # type: ignore[arg-type]
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"], "the problem says what was wrong"
    assert stored_files(settings) == [], "a refused upload leaves no file behind"
    assert client.get("/uploads").json()["total"] == 0, "and no upload row"


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked-body"])
def test_file_over_the_limit_is_413_and_nothing_is_kept(tmp_path: Path, chunked: bool) -> None:
    """A file over the limit is refused (413), whether or not the client declared its size."""
    settings = local_settings(tmp_path, day13_max_upload_bytes=100_000)
    body = multipart(csv_bytes(4000))  # about 130 KB: over the limit, inside the form's slack
    content: bytes | Iterator[bytes] = iter([body[:50_000], body[50_000:]]) if chunked else body
    headers = {"content-type": "multipart/form-data; boundary=b0undary"}
    with TestClient(create_app(settings)) as client:
        response = client.post("/uploads", content=content, headers=headers)
        assert response.status_code == 413, response.text
        assert "100000" in response.json()["detail"], "the problem names the limit"
        assert stored_files(settings) == [], "the partial file is deleted"
        assert client.get("/uploads").json()["total"] == 0
        just_right = upload(client, csv_bytes(100), "small.csv")
        assert just_right.status_code == 202, "a file under the limit is accepted"


def test_body_declared_too_large_is_refused_before_it_is_read(
    client: TestClient, settings: Settings
) -> None:
    limit = settings.day13_max_upload_bytes
    response = client.post(
        "/uploads",
        content=b"--x\r\n",
        headers={
            "content-type": "multipart/form-data; boundary=x",
            "content-length": str(2 * limit),
        },
    )
    assert response.status_code == 413
    assert stored_files(settings) == []


@pytest.mark.parametrize("suffix", ["", "/report"], ids=["upload", "report"])
def test_unknown_upload_is_404(client: TestClient, suffix: str) -> None:
    response = client.get(f"/uploads/0123456789abcdef0123456789abcdef{suffix}")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert client.get(f"/uploads/not-an-id{suffix}").status_code == 404


def test_delete_removes_the_upload_and_its_file(
    held_client: TestClient, settings: Settings
) -> None:
    location = accepted(held_client, csv_bytes(10))
    assert len(stored_files(settings)) == 1
    assert held_client.delete(location).status_code == 204
    assert held_client.get(location).status_code == 404, "the upload is gone"
    assert stored_files(settings) == [], "and so is its file"
    assert held_client.delete(location).status_code == 404, "deleting twice: not found"


def test_delete_cancels_an_upload_being_processed(client: TestClient, settings: Settings) -> None:
    """A cancelled upload never comes back: its worker stops and writes nothing."""
    location = accepted(client, csv_bytes(60_000), "big.csv")
    assert client.delete(location).status_code == 204
    assert client.get(location).status_code == 404
    assert stored_files(settings) == []
    again = accepted(client, csv_bytes(20), "after.csv")  # the runner still works
    assert wait_finished(client, again)["state"] == "done"
    assert client.get("/uploads").json()["total"] == 1, "the cancelled upload did not return"


def test_list_shows_newest_first_and_filters_by_state(held_client: TestClient) -> None:
    first = accepted(held_client, csv_bytes(3), "first.csv")
    second = accepted(held_client, csv_bytes(3), "second.csv")
    page = held_client.get("/uploads").json()
    assert [item["filename"] for item in page["items"]] == ["second.csv", "first.csv"]
    assert page["total"] == 2
    assert held_client.get("/uploads", params={"state": "done"}).json() == {"items": [], "total": 0}
    queued = held_client.get("/uploads", params={"state": "queued", "limit": 1}).json()
    assert (queued["total"], len(queued["items"])) == (2, 1), "limit pages, total counts all"
    assert {first, second} == {f"/uploads/{i['id']}" for i in page["items"]}


def test_get_with_wait_returns_once_the_upload_is_done(client: TestClient) -> None:
    response = upload(client, csv_bytes(200))
    body = client.get(response.headers["location"], params={"wait": 20}).json()
    assert body["state"] == "done", "?wait=N answers as soon as the upload is finished"


def test_startup_log_says_which_runner_runs(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO), TestClient(create_app(settings)):
        pass
    messages = [record.getMessage() for record in caplog.records]
    assert any("in-process" in message for message in messages), messages


def test_broker_down_answers_503_and_keeps_nothing(settings: Settings) -> None:
    down = settings.model_copy(update={"redis_url": "redis://127.0.0.1:1/0"})
    with TestClient(create_app(down)) as client:
        response = upload(client, csv_bytes(5))
        assert response.status_code == 503, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert stored_files(down) == [], "the file is not kept: the client can simply retry"
        assert client.get("/uploads").json()["total"] == 0


def test_swagger_ui_is_served_offline(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200 and "swagger-ui" in page.text
    assert "cdn" not in page.text.lower(), "the docs load nothing from a CDN"
    operations = client.get("/openapi.json").json()["paths"]
    assert set(operations) == {"/uploads", "/uploads/{upload_id}", "/uploads/{upload_id}/report"}
