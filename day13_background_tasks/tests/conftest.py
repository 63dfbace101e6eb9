"""Fixtures: settings on a SQLite file of the test's own, apps on either runner, Celery workers.

The in-process tests build the app with no broker (`redis_url=None`). The Celery tests share
one worker per session (the plugin's `celery_session_workers`: a queue and key prefix of their
own on the real Redis), on a SQLite file and upload folder that the worker and the tests'
apps both use; tests that kill or restart workers start their own (`celery_workers`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from day13_background_tasks import Settings, create_app
from day13_background_tasks.tests.helpers import WORKER_COMMAND, local_settings, worker_env
from shared.celery_worker import CeleryWorker, CeleryWorkers


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """In-process settings on this test's own SQLite file and upload folder."""
    return local_settings(tmp_path)


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    """A test client of the app with the in-process runner (lifespan run)."""
    with TestClient(create_app(settings)) as client:
        yield client


def celery_settings(folder: Path, workers: CeleryWorkers, **values: object) -> Settings:
    """Settings for the Celery runner on `workers`' queue and key prefix, files in `folder`."""
    return local_settings(
        folder,
        redis_url=workers.broker_url,
        day13_queue=workers.queue,
        day13_key_prefix=workers.key_prefix,
        **values,
    )


@pytest.fixture(scope="session")
def shared_celery(
    celery_session_workers: CeleryWorkers, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Settings, CeleryWorker]:
    """One Celery worker for the session (`python -m day13_background_tasks worker`)."""
    # Quick retries, so the back-off test watches three attempts in about a second.
    folder = tmp_path_factory.mktemp("celery")
    settings = celery_settings(folder, celery_session_workers, day13_retry_delay=0.4)
    worker = celery_session_workers.start(WORKER_COMMAND, env=worker_env(settings))
    return settings, worker


@pytest.fixture
def celery_client(shared_celery: tuple[Settings, CeleryWorker]) -> Iterator[TestClient]:
    """A test client of the app with the Celery runner, on the session's worker."""
    with TestClient(create_app(shared_celery[0])) as client:
        yield client
