"""A worker's Celery app for the propagation test: day 13's app, the request id propagated.

    python -m celery -A day16_logging.tests.celery_probe:app worker

Day 13's `make_celery` with its settings from the environment (REDIS_URL, DAY13_QUEUE,
DAY13_KEY_PREFIX), plus a task that logs one line, and JSON logging in the worker.
"""

from __future__ import annotations

import logging
from typing import Any

from celery.signals import setup_logging

from day13_background_tasks import Settings, make_celery
from day16_logging import configure_logging, current_request_id, propagate_to_celery

PROBE_TASK = "day16.probe"
logger = logging.getLogger("day16_probe")

app = make_celery(Settings())
propagate_to_celery(app)


@app.task(name=PROBE_TASK)
def probe(note: str) -> str | None:
    """Log a line (it carries the request id) and return the id the task sees."""
    logger.info("probe task ran: %s", note)
    return current_request_id()


@setup_logging.connect
def _json_logs(**_: Any) -> None:  # Celery leaves logging to us when this is connected
    configure_logging("INFO", "json")
