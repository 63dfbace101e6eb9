"""The request id passed on: to outbound HTTP calls (httpx event hooks) and into Celery tasks.

    httpx.Client(event_hooks={"request": [request_id_hook]})
    httpx.AsyncClient(event_hooks={"request": [async_request_id_hook]})
    propagate_to_celery(celery_app)   # in the API *and* in the worker's module

Celery: `before_task_publish` copies the current request id into the message's headers (the
signal fires for every task the process publishes, whichever app sends it); in a worker,
`task_prerun` binds it again for the task's run (only for tasks of an app passed here), so
the task's log lines carry the id of the request that enqueued it; `task_postrun` unbinds it.
"""

from __future__ import annotations

import weakref
from contextvars import Token
from typing import Any

import httpx
from celery import Celery
from celery.signals import before_task_publish, task_postrun, task_prerun

from day16_logging.context import (
    REQUEST_ID_HEADER,
    RequestContext,
    bind_request,
    current_request_id,
    request_id_from,
    unbind_request,
)

CELERY_HEADER = "request_id"  # the task header (Celery's own headers are snake_case)
_apps: weakref.WeakSet[Celery] = weakref.WeakSet()
_bound: dict[str, Token[RequestContext | None]] = {}  # task id -> the token to unbind


def request_id_hook(request: httpx.Request) -> None:
    """httpx request hook (Client): adds X-Request-ID to a call made during a request."""
    # solution: add X-Request-ID to an outbound request made during a request
    request_id = current_request_id()
    if request_id is not None and REQUEST_ID_HEADER not in request.headers:
        request.headers[REQUEST_ID_HEADER] = request_id
    # end solution


async def async_request_id_hook(request: httpx.Request) -> None:
    """httpx request hook (AsyncClient): adds X-Request-ID to a call made during a request."""
    request_id_hook(request)


def propagate_to_celery(celery_app: Celery) -> None:
    """Carry the request id into the tasks `celery_app` publishes, and into their runs."""
    _apps.add(celery_app)
    before_task_publish.connect(_add_header, weak=False, dispatch_uid="day16-publish")
    task_prerun.connect(_bind_task, weak=False, dispatch_uid="day16-prerun")
    task_postrun.connect(_unbind_task, weak=False, dispatch_uid="day16-postrun")


def _add_header(headers: dict[str, Any] | None = None, **_: Any) -> None:
    # solution: put the current request id into the task message's headers
    request_id = current_request_id()
    if headers is not None and request_id is not None:
        headers.setdefault(CELERY_HEADER, request_id)
    # end solution


def _bind_task(task_id: str, task: Any, **_: Any) -> None:
    # solution: bind the request id found in the task's headers for its run
    if task.app not in _apps:
        return
    header = task.request.get(CELERY_HEADER) or (task.request.headers or {}).get(CELERY_HEADER)
    if header is not None:  # a task sent outside any request keeps no id
        _bound[task_id] = bind_request(request_id_from(str(header)))
    # end solution


def _unbind_task(task_id: str, **_: Any) -> None:
    token = _bound.pop(task_id, None)
    if token is not None:
        unbind_request(token)
