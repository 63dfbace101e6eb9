"""/jobs: CSV import and export in the background, and each job's state."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Response, UploadFile, status
from fastapi.responses import FileResponse

from day20_capstone.deps import CurrentUser, RunnerDep, SessionDep, SettingsDep
from day20_capstone.errors import InvalidInput, NotFound, PayloadTooLarge
from day20_capstone.jobs import get_job, start_job
from day20_capstone.models import JobKind, JobState
from day20_capstone.processor import output_path
from day20_capstone.schemas import JobPublic
from shared.fastapi_problems import problem_responses

router = APIRouter(
    prefix="/jobs", tags=["jobs"], responses=problem_responses({401: "Not logged in."})
)
IdempotencyKey = Annotated[
    str | None,
    Header(
        min_length=1,
        max_length=50,
        pattern=r"^[A-Za-z0-9_.:-]+$",
        description="repeat a POST safely",
    ),
]
JOB_ANSWERS = {
    200: {"description": "The job this Idempotency-Key created before."},
    **problem_responses({503: "The job queue is unavailable.", 422: "Invalid input."}),
}


def _answer(response: Response, created: bool) -> None:
    response.status_code = status.HTTP_202_ACCEPTED if created else status.HTTP_200_OK


@router.post(
    "/import",
    status_code=status.HTTP_202_ACCEPTED,
    responses={**JOB_ANSWERS, **problem_responses({413: "The file is too large."})},
)
def import_tasks(
    file: UploadFile,
    user: CurrentUser,
    session: SessionDep,
    runner: RunnerDep,
    settings: SettingsDep,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> JobPublic:
    """Upload a CSV of tasks; a job imports all of its rows or none (see its report)."""
    content = file.file.read(settings.day20_max_upload_bytes + 1)
    if len(content) > settings.day20_max_upload_bytes:
        raise PayloadTooLarge(f"The file is larger than {settings.day20_max_upload_bytes} bytes.")
    try:
        content.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInput("The file is not UTF-8 text.") from exc
    job, created = start_job(
        session,
        runner,
        owner_id=user.id,
        kind=JobKind.IMPORT,
        key=idempotency_key,
        files=settings.day20_files,
        content=content,
    )
    _answer(response, created)
    return JobPublic.model_validate(job)


@router.post("/export", status_code=status.HTTP_202_ACCEPTED, responses=JOB_ANSWERS)
def export_tasks(
    user: CurrentUser,
    session: SessionDep,
    runner: RunnerDep,
    settings: SettingsDep,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> JobPublic:
    """Start an export of all the caller's tasks to CSV (download it when the job is done)."""
    job, created = start_job(
        session,
        runner,
        owner_id=user.id,
        kind=JobKind.EXPORT,
        key=idempotency_key,
        files=settings.day20_files,
    )
    _answer(response, created)
    return JobPublic.model_validate(job)


NOT_FOUND = problem_responses({404: "You have no job with this id.", 422: "Invalid id."})


@router.get("/{job_id}", responses=NOT_FOUND)
def read_job(job_id: str, user: CurrentUser, session: SessionDep) -> JobPublic:
    """A job's state and, once finished, its report."""
    session.expire_all()
    return JobPublic.model_validate(get_job(session, owner_id=user.id, job_id=job_id[:64]))


@router.get(
    "/{job_id}/download",
    response_class=FileResponse,
    responses={200: {"content": {"text/csv": {}}, "description": "The exported CSV."}, **NOT_FOUND},
)
def download(
    job_id: str, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> FileResponse:
    """The CSV of a finished export."""
    job = get_job(session, owner_id=user.id, job_id=job_id[:64])
    path = output_path(settings.day20_files, job.id)
    if job.kind != JobKind.EXPORT or job.state != JobState.DONE or not path.exists():
        raise NotFound(f"Job {job_id} has no file to download (yet).")
    return FileResponse(path, media_type="text/csv", filename=f"tasks-{job.id}.csv")
