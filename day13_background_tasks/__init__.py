"""Day 13: uploaded CSV files processed in the background, by Celery workers on Redis or by
threads of the API's own process, with day 1's report as the result.

Later days build on these names: `create_app`, the `Runner` interface and its two runners,
`Processor` (what a worker runs for one upload; day 17's consumer runs it too), `make_celery`
and `TASK_NAME` (the task a worker runs), and the `Upload` model.
"""

from day13_background_tasks.app import build_runner, create_app
from day13_background_tasks.celery_app import TASK_NAME, celery_config, make_celery
from day13_background_tasks.config import Settings
from day13_background_tasks.errors import (
    BadUpload,
    Busy,
    Day13Error,
    LeaseLost,
    MalformedForm,
    NotCsv,
    QueueUnavailable,
    ReportNotReady,
    TransientError,
    UploadNotFound,
    UploadTooLarge,
)
from day13_background_tasks.models import Base, State, Upload, create_tables
from day13_background_tasks.processing import Processor, backoff, upload_path
from day13_background_tasks.runners import CeleryRunner, InProcessRunner, Runner
from day13_background_tasks.schemas import UploadList, UploadPublic

__all__ = [
    "TASK_NAME",
    "BadUpload",
    "Base",
    "Busy",
    "CeleryRunner",
    "Day13Error",
    "InProcessRunner",
    "LeaseLost",
    "MalformedForm",
    "NotCsv",
    "Processor",
    "QueueUnavailable",
    "ReportNotReady",
    "Runner",
    "Settings",
    "State",
    "TransientError",
    "Upload",
    "UploadList",
    "UploadNotFound",
    "UploadPublic",
    "UploadTooLarge",
    "backoff",
    "build_runner",
    "celery_config",
    "create_app",
    "create_tables",
    "make_celery",
    "upload_path",
]
