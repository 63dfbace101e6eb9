"""The Celery app: a Redis broker, late acknowledgement, and the one task, `process_upload`.

`make_celery(settings)` builds the same app for both sides: the API sends the task by name,
a worker (`python -m day13_background_tasks worker`) runs it. No app exists at import time.

The delivery guarantees (README, "How it works"):
- `task_acks_late`: a message is acknowledged when the task *ends*, not when it starts, so a
  worker that dies mid-file leaves it unacknowledged, and Redis hands it out again after the
  visibility timeout. The price: a task may run twice, which `Processor` makes harmless.
- `task_reject_on_worker_lost`: a prefork child killed mid-task (the OOM killer, say) has
  its message put back at once, instead of being acknowledged as failed.
- `worker_prefetch_multiplier = 1`: a worker holds one unacknowledged upload at a time, so
  the others stay in the queue for the next free worker (and are not stuck behind a big one).
"""

from __future__ import annotations

import functools
from typing import Any

from celery import Celery, Task

from day07_sqlalchemy_orm import create_engine_from_url, make_session_factory
from day13_background_tasks.config import Settings
from day13_background_tasks.errors import Busy, TransientError
from day13_background_tasks.models import create_tables
from day13_background_tasks.processing import Processor

TASK_NAME = "day13.process_upload"


def celery_config(settings: Settings) -> dict[str, Any]:
    """The Celery settings both the API (sender) and the workers use."""
    visibility = settings.day13_visibility_timeout
    return {
        "broker_url": settings.redis_url,
        "broker_connection_retry_on_startup": True,
        "broker_transport_options": {
            "visibility_timeout": visibility,
            "global_keyprefix": settings.day13_key_prefix,
            "socket_connect_timeout": 2,
            # Look for lapsed deliveries every few seconds (the default scan is rarer than
            # a short visibility timeout; a worker also looks once when it starts).
            "unacked_restore_interval": max(1, min(10, int(visibility // 4))),
            "unacked_restore_throttle": 1,
        },
        # A POST /uploads whose broker is down answers 503 in about a second, not a minute.
        "broker_connection_timeout": 2,
        "task_publish_retry_policy": {
            "max_retries": 2,
            "interval_start": 0.2,
            "interval_step": 0.2,
        },
        "task_default_queue": settings.day13_queue,
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "worker_prefetch_multiplier": 1,
        "task_ignore_result": True,  # the outcome lives in the database, not a result backend
        "task_serializer": "json",
        "accept_content": ["json"],
        "worker_cancel_long_running_tasks_on_connection_loss": True,
    }


def build_processor(settings: Settings) -> Processor:
    """A Processor on its own engine (one per worker process), the table created if missing."""
    engine = create_engine_from_url(settings.database_url)
    create_tables(engine)
    return Processor.from_settings(settings, make_session_factory(engine))


def make_celery(settings: Settings) -> Celery:
    """The Celery app with the `process_upload` task registered."""
    app = Celery("day13_background_tasks", set_as_current=False)
    app.conf.update(celery_config(settings))
    processor = functools.cache(lambda: build_processor(settings))  # built in the worker only

    @app.task(bind=True, name=TASK_NAME, max_retries=None)  # the Processor bounds the retries
    def process_upload(task: Task[Any, Any], upload_id: str) -> str:
        """Process one upload; a transient failure comes back after its back-off delay."""
        # solution: run the Processor; on Busy or TransientError, retry after the delay it gives
        try:
            return processor().process(upload_id, worker=task.request.hostname or "celery")
        except Busy as busy:
            raise task.retry(countdown=busy.wait) from None
        except TransientError as exc:
            raise task.retry(countdown=exc.delay, exc=exc) from None
        # end solution

    return app
