"""Background jobs on day 13's in-process runner: CSV import (all or nothing), export."""

from __future__ import annotations

from fastapi.testclient import TestClient

from day20_capstone.tests.helpers import sign_up, wait_for_job

GOOD = (
    b"title,notes,due,priority,done,tags\n"
    b"Buy milk,,2030-01-01,1,false,home shop\n"
    b"File taxes,form B,,2,true,\n"
)
BAD = b"title,due,priority\nfine,,\n,2030-01-01,1\nbad date,tomorrow,9\n"


def _import(client: TestClient, headers: dict[str, str], content: bytes, key: str | None = None):  # type: ignore[no-untyped-def]
    extra = {"Idempotency-Key": key} if key else {}
    return client.post(
        "/jobs/import",
        files={"file": ("tasks.csv", content, "text/csv")},
        headers={**headers, **extra},
    )


def test_an_import_job_creates_every_row_and_reports_it(client: TestClient) -> None:
    ann = sign_up(client, "ann")
    reply = _import(client, ann.headers, GOOD)
    assert reply.status_code == 202 and reply.json()["state"] == "queued", reply.text
    job = wait_for_job(client, ann, reply.json()["id"])
    assert job["state"] == "done" and job["report"]["imported"] == 2, job
    tasks = client.get("/tasks", headers=ann.headers).json()["items"]
    assert [(t["title"], t["tags"], t["done"]) for t in tasks] == [
        ("Buy milk", ["home", "shop"], False),
        ("File taxes", [], True),
    ]


def test_an_import_with_a_bad_row_imports_nothing_and_names_the_rows(
    client: TestClient,
) -> None:
    ann = sign_up(client, "ann")
    job = wait_for_job(client, ann, _import(client, ann.headers, BAD).json()["id"])
    assert job["state"] == "failed" and job["report"]["imported"] == 0, job
    assert [row["line"] for row in job["report"]["rejected"]] == [3, 4], (
        "line numbers of the bad rows"
    )
    assert "title" in str(job["report"]["rejected"][0]) and "due" in str(
        job["report"]["rejected"][1]
    )
    assert client.get("/tasks", headers=ann.headers).json()["items"] == [], "nothing half-imported"


def test_the_same_idempotency_key_gives_the_same_job(client: TestClient) -> None:
    ann = sign_up(client, "ann")
    first = _import(client, ann.headers, GOOD, key="import-1")
    again = _import(client, ann.headers, GOOD, key="import-1")
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"], again.text
    wait_for_job(client, ann, first.json()["id"])
    assert len(client.get("/tasks", headers=ann.headers).json()["items"]) == 2, "imported once"


def test_an_export_job_gives_a_csv_to_download(client: TestClient) -> None:
    ann = sign_up(client, "ann")
    client.post("/tasks", json={"title": "export me", "tags": ["x"]}, headers=ann.headers)
    job = wait_for_job(client, ann, client.post("/jobs/export", headers=ann.headers).json()["id"])
    assert job["state"] == "done" and job["report"]["exported"] == 1, job
    download = client.get(job["report"]["download"], headers=ann.headers)
    assert download.status_code == 200 and download.headers["content-type"].startswith("text/csv")
    assert download.text.splitlines() == [
        "title,notes,due,priority,done,tags",
        "export me,,,2,false,x",
    ]


def test_another_users_job_is_404(client: TestClient) -> None:
    ann, ben = sign_up(client, "ann"), sign_up(client, "ben")
    job = client.post("/jobs/export", headers=ann.headers).json()
    wait_for_job(client, ann, job["id"])
    assert client.get(f"/jobs/{job['id']}", headers=ben.headers).status_code == 404
    assert client.get(f"/jobs/{job['id']}/download", headers=ben.headers).status_code == 404


def test_an_upload_that_is_not_utf8_is_422(client: TestClient) -> None:
    ann = sign_up(client, "ann")
    assert _import(client, ann.headers, b"title\n\xff\xfe\n").status_code == 422
