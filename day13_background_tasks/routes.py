"""The /uploads resource: accept a file (202 + Location), show its state and report, delete it.

`POST /uploads` is the only async route: it streams the body (`receiving`), then stores the
row and hands the upload to the runner in a worker thread (both block). Every other route is
a plain `def`, run in FastAPI's thread pool, on one session per request.
"""

from __future__ import annotations

import time
import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse
from sqlalchemy.orm import Session, sessionmaker

from day01_csv_report import render_html, report_from_dict
from day07_sqlalchemy_orm import READ_ONLY
from day13_background_tasks import store
from day13_background_tasks.deps import RunnerDep, SessionDep, SessionsDep, SettingsDep
from day13_background_tasks.errors import ReportNotReady, UploadNotFound
from day13_background_tasks.models import FINISHED, State, Upload
from day13_background_tasks.processing import upload_path
from day13_background_tasks.receiving import StoredFile, receive_upload
from day13_background_tasks.runners import Runner
from day13_background_tasks.schemas import StateName, UploadList, UploadPublic
from shared.fastapi_problems import problem_responses
from shared.types import utc_now

router = APIRouter(prefix="/uploads", tags=["uploads"])

POLL = 0.05  # seconds between looks at an upload while a GET waits for it to finish
NOT_FOUND = {404: "No upload has this id."}
INVALID = {422: "A query parameter is invalid."}
UPLOAD_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": "A CSV file (text; any delimiter day 1 sniffs).",
                        }
                    },
                }
            }
        },
    }
}
REPORT_BODIES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "Day 1's report: its JSON document, or its HTML page.",
        "content": {
            "application/json": {"schema": {"type": "object"}},
            "text/html": {"schema": {"type": "string"}},
        },
    }
}


@router.post(
    "",
    status_code=202,
    response_model=UploadPublic,
    openapi_extra=UPLOAD_BODY,
    responses=problem_responses(
        {
            400: "The multipart body is malformed.",
            413: "The file is larger than the limit; nothing was kept.",
            415: "Not a multipart upload of a text file.",
            422: "No `file` field, or an empty file.",
            503: "The job queue is unavailable; nothing was kept.",
        }
    ),
)
async def create_upload(
    request: Request,
    response: Response,
    settings: SettingsDep,
    sessions: SessionsDep,
    runner: RunnerDep,
) -> Upload:
    """Store the file, queue it for processing, and answer at once: 202 and where to look."""
    upload_id = uuid.uuid4().hex
    stored = await receive_upload(
        request,
        folder=settings.day13_upload_dir,
        upload_id=upload_id,
        max_bytes=settings.day13_max_upload_bytes,
    )
    upload = await run_in_threadpool(accept, stored, upload_id, sessions=sessions, runner=runner)
    response.headers["Location"] = f"/uploads/{upload_id}"
    return upload


def accept(
    stored: StoredFile, upload_id: str, *, sessions: sessionmaker[Session], runner: Runner
) -> Upload:
    """Record the stored file as queued, then submit it; on any failure keep neither."""
    upload = Upload(
        id=upload_id,
        filename=stored.filename,
        content_type=stored.content_type,
        size=stored.size,
        state=State.QUEUED,
        attempts=0,
        bytes_read=0,
        created_at=utc_now(),
    )
    # solution: commit the row first (a worker must find it), then submit; undo both on failure
    try:
        with sessions.begin() as session:
            store.add_upload(session, upload)
    except BaseException:
        stored.path.unlink(missing_ok=True)
        raise
    try:
        runner.submit(upload_id)
    except BaseException:
        with sessions.begin() as session:
            store.delete_upload(session, upload_id)
        stored.path.unlink(missing_ok=True)
        raise
    # end solution
    return upload


@router.get("", response_model=UploadList, responses=problem_responses(INVALID))
def list_uploads(
    session: SessionDep,
    state: StateName | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0,
) -> UploadList:
    """Uploads, newest first, optionally only those in one state."""
    items, total = store.list_uploads(session, state=state, limit=limit, offset=offset)
    return UploadList(items=[UploadPublic.model_validate(u) for u in items], total=total)


@router.get(
    "/{upload_id}", response_model=UploadPublic, responses=problem_responses(NOT_FOUND | INVALID)
)
def read_upload(
    upload_id: str,
    sessions: SessionsDep,
    wait: Annotated[float, Query(ge=0, le=60, description="Seconds to wait for it to finish.")] = 0,
) -> Upload:
    """The upload's state, attempts, progress and timestamps (`?wait=5` waits until finished)."""
    deadline = time.monotonic() + wait
    while True:
        with sessions(execution_options=READ_ONLY) as session, session.begin():
            upload = _found(store.get_upload(session, upload_id), upload_id)
        if upload.state in FINISHED or time.monotonic() >= deadline:
            return upload
        time.sleep(POLL)  # a fresh transaction each time: the worker's commits show up


@router.get(
    "/{upload_id}/report",
    response_class=Response,
    responses={
        **REPORT_BODIES,
        **problem_responses(
            {**NOT_FOUND, **INVALID, 409: "The upload is not done (yet), or it failed."}
        ),
    },
)
def read_report(
    upload_id: str,
    session: SessionDep,
    output: Annotated[Literal["json", "html"], Query(alias="format")] = "json",
) -> Response:
    """Day 1's report of the file: JSON (`report_to_dict`), or `?format=html`."""
    upload = _found(store.get_upload(session, upload_id), upload_id)
    if upload.state != State.DONE or upload.report is None:
        raise ReportNotReady(_not_ready(upload))
    if output == "html":
        return HTMLResponse(render_html(report_from_dict(upload.report)))
    return JSONResponse(upload.report)


@router.delete("/{upload_id}", status_code=204, responses=problem_responses(NOT_FOUND))
def delete_upload(upload_id: str, sessions: SessionsDep, settings: SettingsDep) -> Response:
    """Cancel the upload (a worker reading it stops) and delete its row and file."""
    with sessions.begin() as session:
        deleted = _found(store.delete_upload(session, upload_id), upload_id)
    # After the commit, so a failed delete keeps its file. A worker reading it stops at its
    # next progress write, which finds no row (POSIX keeps an open file readable till then).
    upload_path(settings.day13_upload_dir, deleted.id).unlink(missing_ok=True)
    return Response(status_code=204)


def _found(upload: Upload | None, upload_id: str) -> Upload:
    if upload is None:
        raise UploadNotFound(upload_id)
    return upload


def _not_ready(upload: Upload) -> str:
    if upload.state == State.FAILED:
        return f"Upload {upload.id} failed, so it has no report: {upload.error}"
    return (
        f"Upload {upload.id} is {upload.state}: its report is not ready yet "
        f"(GET /uploads/{upload.id} shows its progress)."
    )
