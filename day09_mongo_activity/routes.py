"""The routes: POST/GET /activities, GET /activities/stats, DELETE /users/{user_id}/activities.

Handlers are plain `def`: pymongo blocks, so FastAPI runs them in its thread pool.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Query, Request

from day09_mongo_activity import store
from day09_mongo_activity.deps import CollectionDep, SettingsDep
from day09_mongo_activity.documents import bson_size, to_utc
from day09_mongo_activity.errors import BatchTooLarge, DocumentTooLarge, InvalidQuery
from day09_mongo_activity.schemas import (
    IDENTIFIER,
    ActivityBatch,
    ActivityCreate,
    ActivityPage,
    ActivityPublic,
    ActivityStats,
    Erasure,
    NewActivitiesBody,
    UtcDatetime,
    parse_activities,
)
from shared.fastapi_problems import problem_responses

router = APIRouter(tags=["activities"])

# One path of plain keys after `meta.`: no segment is empty or starts with `$`.
_SEGMENT = r"[^$.\x00][^.\x00]{0,99}"
_META_PARAM = re.compile(rf"meta\.{_SEGMENT}(?:\.{_SEGMENT}){{0,9}}")
_LIST_PARAMS = frozenset({"user_id", "action", "since", "until", "limit", "cursor"})
_STATS_PARAMS = frozenset({"since", "until", "top"})
_DESCRIPTIONS = {
    400: "The body is not parseable JSON (for instance nested deeper than the parser allows).",
    413: "Too large: the body, one document or the batch is over its limit.",
    422: "Invalid input: body, parameter, operator-like key, time range or cursor.",
    503: "MongoDB did not answer.",
}


def problems(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for error statuses, all answered as application/problem+json."""
    return problem_responses({code: _DESCRIPTIONS[code] for code in codes})


Since = Annotated[UtcDatetime | None, Query(description="Inclusive lower bound, ISO-8601.")]
Until = Annotated[UtcDatetime | None, Query(description="Exclusive upper bound, ISO-8601.")]
IdFilter = Annotated[str | None, Query(pattern=IDENTIFIER)]


@router.post(
    "/activities",
    status_code=201,
    response_model=ActivityPublic | ActivityBatch,
    responses=problems(400, 413, 422, 503),
    summary="Store one activity (a JSON object) or a batch (a JSON array)",
)
def create_activities(
    payload: Annotated[NewActivitiesBody, Body()], collection: CollectionDep, settings: SettingsDep
) -> dict[str, Any]:
    """Check every activity first, then insert them all; other fields are kept under `meta`."""
    batch = parse_activities(payload)
    if len(batch) > settings.max_batch:
        raise BatchTooLarge(
            f"The batch holds {len(batch)} activities; the limit is {settings.max_batch}."
        )
    documents = [
        _document(item, index=index, max_bytes=settings.max_document_bytes)
        for index, item in enumerate(batch)
    ]
    stored = store.insert_activities(collection, documents)
    return {"count": len(stored), "items": stored} if isinstance(payload, list) else stored[0]


def _document(activity: ActivityCreate, *, index: int, max_bytes: int) -> dict[str, Any]:
    document = {
        "user_id": activity.user_id,
        "action": activity.action,
        "timestamp": activity.timestamp or to_utc(datetime.now(UTC)),
        "meta": activity.meta(),
    }
    size = bson_size(document)
    if size > max_bytes:
        raise DocumentTooLarge(
            f"Activity {index} takes {size} bytes as BSON; the limit is {max_bytes}."
        )
    return document


@router.get(
    "/activities",
    response_model=ActivityPage,
    responses=problems(422, 503),
    summary="List activities, newest first, one page at a time",
    description=(
        "Filters combine with AND. `meta.<path>=value` matches a free-form field exactly, "
        "as a string: `meta.device.os=ios`. Pass the page's `next` back as `cursor`."
    ),
)
def list_activities(
    request: Request,
    collection: CollectionDep,
    user_id: IdFilter = None,
    action: IdFilter = None,
    since: Since = None,
    until: Until = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    cursor: Annotated[str | None, Query(max_length=100)] = None,
) -> dict[str, Any]:
    """A page of activities matching every filter, and the cursor of the next page."""
    meta = _meta_filters(request, known=_LIST_PARAMS)
    _check_range(since, until)
    query = store.build_filter(user_id=user_id, action=action, since=since, until=until, meta=meta)
    items, next_cursor = store.find_page(collection, query=query, limit=limit, cursor=cursor)
    return {"items": items, "next": next_cursor}


@router.get(
    "/activities/stats",
    response_model=ActivityStats,
    responses=problems(422, 503),
    summary="Counts per action per day and the most active users",
)
def activity_stats(
    request: Request,
    collection: CollectionDep,
    since: Since = None,
    until: Until = None,
    top: Annotated[int, Query(ge=1, le=100, description="How many users to rank.")] = 10,
) -> dict[str, Any]:
    """One aggregation pipeline over the time range (all time when neither bound is given)."""
    _meta_filters(request, known=_STATS_PARAMS, allow_meta=False)
    _check_range(since, until)
    query = store.build_filter(user_id=None, action=None, since=since, until=until, meta={})
    return {
        "since": since,
        "until": until,
        **store.activity_stats(collection, query=query, top=top),
    }


@router.delete(
    "/users/{user_id}/activities",
    response_model=Erasure,
    responses=problems(422, 503),
    summary="Erase every activity of one user",
)
def erase_user_activities(
    user_id: Annotated[str, Path(pattern=IDENTIFIER)], collection: CollectionDep
) -> dict[str, Any]:
    """Delete the user's activities (the right to erasure) and say how many there were."""
    return {"user_id": user_id, "deleted": store.erase_user(collection, user_id=user_id)}


def _meta_filters(
    request: Request, *, known: frozenset[str], allow_meta: bool = True
) -> dict[str, str]:
    """The `meta.<path>` equality filters of the query string (when `allow_meta`).

    Any other parameter that is not in `known` is an InvalidQuery: an ignored `user_id[$ne]`
    would silently widen the query.
    """
    meta: dict[str, str] = {}
    for name, value in request.query_params.multi_items():
        if name in known:
            continue
        match = _META_PARAM.fullmatch(name) if allow_meta else None
        if match is None:
            raise InvalidQuery(
                f"The query parameter {ascii(name)} is not supported; filters are "
                f"{', '.join(sorted(known))}"
                + (" and meta.<path> (keys not starting with '$')." if allow_meta else ".")
            )
        path = name.removeprefix("meta.")
        if path in meta:
            raise InvalidQuery(f"The filter {ascii(name)} is given more than once.")
        meta[path] = value
    return meta


def _check_range(since: datetime | None, until: datetime | None) -> None:
    if since is not None and until is not None and since > until:
        raise InvalidQuery(f"since ({since.isoformat()}) is after until ({until.isoformat()}).")
