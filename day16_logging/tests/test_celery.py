"""The request id travels into the Celery task a request enqueued (a real worker process)."""

from __future__ import annotations

import json

from fastapi import APIRouter
from fastapi.testclient import TestClient

from day07_sqlalchemy_orm import Settings as TaskSettings
from day07_sqlalchemy_orm import create_app
from day13_background_tasks import Settings, make_celery
from day16_logging import REQUEST_ID_HEADER, instrument_asgi, propagate_to_celery
from day16_logging.tests.celery_probe import PROBE_TASK
from day16_logging.tests.conftest import Logs
from shared.celery_worker import CeleryWorkers

WORKER_APP = "day16_logging.tests.celery_probe:app"


def test_the_request_id_is_the_same_in_the_response_the_lines_and_the_task(
    celery_workers: CeleryWorkers, task_database: str, logs: Logs
) -> None:
    env = {
        "REDIS_URL": celery_workers.broker_url,
        "DAY13_QUEUE": celery_workers.queue,
        "DAY13_KEY_PREFIX": celery_workers.key_prefix,
        # Not measured by coverage (the tests' own probe): a traced start-up takes seconds.
        "COVERAGE_PROCESS_START": "",
        "COVERAGE_PROCESS_CONFIG": "",
    }
    worker = celery_workers.start(WORKER_APP, env=env, wait=False)
    settings = Settings(
        redis_url=celery_workers.broker_url,
        day13_queue=celery_workers.queue,
        day13_key_prefix=celery_workers.key_prefix,
    )
    celery_app = make_celery(settings)  # day 13's app, as the API sends with it
    propagate_to_celery(celery_app)
    router = APIRouter()

    @router.post("/test/enqueue")
    def enqueue() -> dict[str, str]:
        return {"task": celery_app.send_task(PROBE_TASK, args=["from the API"]).id}

    app = instrument_asgi(
        create_app(TaskSettings(database_url=task_database), extra_routers=[router])
    )
    with TestClient(app) as client:
        response = client.post("/test/enqueue")  # no id sent: the middleware makes one
    request_id = response.headers[REQUEST_ID_HEADER]
    assert logs.access()[0]["request_id"] == request_id, "the access line has the echoed id"

    worker.wait_ready()
    worker.wait_for_log("probe task ran", timeout=30)
    task_lines = [
        json.loads(line)
        for line in worker.log().splitlines()
        if line.startswith("{") and "probe task ran" in line
    ]
    assert len(task_lines) == 1, worker.log()[-2000:]
    assert task_lines[0]["request_id"] == request_id, (
        "the task's log line carries the id of the request that enqueued it "
        "(before_task_publish puts it in the headers, task_prerun binds it in the worker)"
    )
