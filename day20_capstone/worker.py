"""Background runners for jobs: day 13's in-process runner, or Celery workers on Redis.

Both satisfy day 13's `Runner` interface (`submit(id)`, `description`, `close()`).
- no REDIS_URL: day 13's `InProcessRunner` runs a `JobProcessor` in threads of the API;
- REDIS_URL: `CeleryJobRunner` publishes `day20.run_job`; `python -m day20_capstone worker`
  runs it, with day 13's Celery settings (late acks, reject on worker lost, prefetch 1), so
  a killed worker's job is delivered again, and the processor makes that harmless.
The overdue sweep (`day20.sweep_overdue`) is on Celery beat's schedule, every
DAY20_SWEEP_SECONDS; beat runs once per system (`python -m day20_capstone beat`, or inside
one worker: `worker --beat`). Without Redis the API's own timer sweeps (`app.py`).
"""

from __future__ import annotations

import functools
from typing import Any

from celery import Celery, Task
from kombu.exceptions import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from day07_sqlalchemy_orm import create_engine_from_url, make_session_factory
from day10_redis_cache import RedisCache
from day13_background_tasks import InProcessRunner, Runner, TransientError, celery_config
from day13_background_tasks import Settings as RunnerSettings
from day16_logging import propagate_to_celery
from day20_capstone.caching import UserCache
from day20_capstone.config import Settings
from day20_capstone.errors import QueueUnavailable
from day20_capstone.processor import JobProcessor
from day20_capstone.reminders import sweep
from shared.services import redact

TASK_NAME = "day20.run_job"
SWEEP_TASK = "day20.sweep_overdue"


def build_cache(settings: Settings) -> UserCache:
    """Day 10's RedisCache under the settings' prefix when REDIS_URL is set, else off."""
    if not settings.redis_url:
        return UserCache(None)
    cache = RedisCache.from_url(
        settings.redis_url,
        prefix=settings.day20_key_prefix + "cache:",
        ttl=settings.day20_cache_ttl,
    )
    return UserCache(cache, settings.redis_url)


def build_processor(
    settings: Settings, sessions: sessionmaker[Session], cache: UserCache
) -> JobProcessor:
    """A JobProcessor on these sessions, writing files under DAY20_FILES."""
    settings.day20_files.mkdir(parents=True, exist_ok=True)
    return JobProcessor(
        sessions=sessions, upload_dir=settings.day20_files, on_change=cache.invalidate
    )


def _runner_settings(settings: Settings) -> RunnerSettings:
    return RunnerSettings(
        database_url=settings.database_url,
        redis_url=settings.redis_url,
        day13_queue=settings.day20_queue,
        day13_key_prefix=settings.day20_key_prefix,
        day13_visibility_timeout=settings.day20_visibility_timeout,
    )


def beat_schedule(settings: Settings) -> dict[str, Any]:
    """Celery beat's schedule: the overdue sweep every DAY20_SWEEP_SECONDS (none if 0)."""
    every = settings.day20_sweep_seconds
    if not every:
        return {}
    # A sweep that waited longer than one period is dropped: the next one does its work.
    options = {"queue": settings.day20_queue, "expires": every}
    return {"overdue-sweep": {"task": SWEEP_TASK, "schedule": every, "options": options}}


def make_celery(settings: Settings) -> Celery:
    """The Celery app (day 13's settings) with the `run_job` task registered."""
    app = Celery("day20_capstone", set_as_current=False)
    app.conf.update(celery_config(_runner_settings(settings)))
    app.conf.beat_schedule = beat_schedule(settings)
    app.conf.beat_schedule_filename = str(settings.day20_files / "celerybeat-schedule")
    propagate_to_celery(app)  # day 16: the request id travels with the job into the worker's logs

    @functools.cache
    def processor() -> JobProcessor:  # built in the worker only, once
        engine = create_engine_from_url(settings.database_url)
        return build_processor(settings, make_session_factory(engine), build_cache(settings))

    @app.task(bind=True, name=TASK_NAME, max_retries=5)
    def run_job(task: Task[Any, Any], job_id: str) -> str:
        """Run one job; a database hiccup comes back after its delay."""
        try:
            return processor().process(job_id, worker=task.request.hostname or "celery")
        except TransientError as exc:
            raise task.retry(countdown=exc.delay, exc=exc) from None

    @app.task(name=SWEEP_TASK)
    def sweep_overdue() -> int:
        """Record the reminders of overdue tasks (idempotent: a redelivery adds nothing)."""
        return sweep(processor().sessions)

    return app


class CeleryJobRunner:
    """Publish each job to the Celery queue on Redis (day 13's Runner interface)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.app = make_celery(settings)

    @property
    def description(self) -> str:
        """Celery, its broker and queue."""
        where = redact(self.settings.redis_url or "")
        return f"Celery runner on {where}, queue {self.settings.day20_queue!r}"

    def submit(self, upload_id: str) -> None:
        """Publish the job (its id is the task id)."""
        try:
            self.app.send_task(
                TASK_NAME, args=(upload_id,), task_id=upload_id, queue=self.settings.day20_queue
            )
        except OperationalError as exc:
            raise QueueUnavailable("The job queue is unavailable; try again in a moment.") from exc

    def close(self) -> None:
        """Close the broker connections."""
        self.app.close()


def build_runner(settings: Settings, sessions: sessionmaker[Session], cache: UserCache) -> Runner:
    """Celery when REDIS_URL is set, else day 13's in-process runner."""
    if settings.redis_url:
        return CeleryJobRunner(settings)
    processor = build_processor(settings, sessions, cache)
    return InProcessRunner(processor, threads=settings.day20_threads)
