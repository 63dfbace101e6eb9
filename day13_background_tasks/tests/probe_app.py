"""A tiny Celery app for the worker fixture's own tests: `remember(key, value)` sets a key.

`python -m celery -A probe_app worker`, with this folder on PYTHONPATH, runs it (the fixture's
app-spec form) without importing day 13; the broker comes from CELERY_BROKER_URL.
"""

from __future__ import annotations

import os

import redis
from celery import Celery

app = Celery("probe", set_as_current=False)
app.conf.update(
    broker_connection_retry_on_startup=True,
    task_ignore_result=True,
    broker_transport_options={"global_keyprefix": os.environ.get("PROBE_KEY_PREFIX", "")},
)


@app.task(name="probe.remember")
def remember(key: str, value: str) -> None:
    """Set `key` to `value` in the broker's Redis: proof that the task ran."""
    client = redis.Redis.from_url(os.environ["CELERY_BROKER_URL"])
    try:
        client.set(key, value, ex=600)
    finally:
        client.close()
