"""Day 13: uploaded CSV files processed in the background, by Celery workers on Redis or by
threads of the API's own process, with day 1's report as the result.

Later days build on these names: `create_app`, the `Runner` interface and its two runners,
`Processor` (what a worker runs for one upload; day 17's consumer runs it too), `make_celery`
and `TASK_NAME` (the task a worker runs), and the `Upload` model.
"""

from typing import TYPE_CHECKING as _TYPE_CHECKING

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
from day13_background_tasks.schemas import UploadList, UploadPublic
from shared.lazy import lazy_exports as _lazy_exports

if _TYPE_CHECKING:
    from day13_background_tasks.app import build_runner, create_app
    from day13_background_tasks.celery_app import TASK_NAME, celery_config, make_celery
    from day13_background_tasks.runners import CeleryRunner, InProcessRunner, Runner

# FastAPI and Celery load on first use: day 17's consumer needs only the Processor and models.
_LAZY = {
    "build_runner": "day13_background_tasks.app",
    "create_app": "day13_background_tasks.app",
    "TASK_NAME": "day13_background_tasks.celery_app",
    "celery_config": "day13_background_tasks.celery_app",
    "make_celery": "day13_background_tasks.celery_app",
    "CeleryRunner": "day13_background_tasks.runners",
    "InProcessRunner": "day13_background_tasks.runners",
    "Runner": "day13_background_tasks.runners",
}

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

__getattr__, __dir__ = _lazy_exports(__name__, _LAZY, __all__)
