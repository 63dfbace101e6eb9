"""Request and response shapes of the activity-log API (separate in and out models)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Annotated, Any

from fastapi.exceptions import RequestValidationError
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    TypeAdapter,
    ValidationError,
    WithJsonSchema,
)

from day09_mongo_activity.documents import UnsafeField, check_free_form, to_utc
from shared.types import IsoDateTime

# Identifiers are a whitelist, so `{"$gt": ""}` can never be a user id or an action.
IDENTIFIER = r"^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,127}$"
Identifier = Annotated[str, Field(pattern=IDENTIFIER, examples=["user-42"])]

# In: ISO-8601 text with an offset only (a number is not read as Unix seconds), kept in UTC.
UtcDatetime = Annotated[IsoDateTime, AfterValidator(to_utc)]


def _iso_millis(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


# Out: always `2025-01-31T09:30:00.000Z`, the precision MongoDB keeps.
UtcMillis = Annotated[
    datetime,
    PlainSerializer(_iso_millis, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "format": "date-time"}, mode="serialization"),
]


class ActivityCreate(BaseModel):
    """One activity as posted: `user_id` and `action`, an optional timestamp, anything else."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [{"user_id": "user-42", "action": "login", "ip": "10.0.0.1"}]
        },
    )

    user_id: Identifier
    action: Annotated[str, Field(pattern=IDENTIFIER, examples=["login"])]
    timestamp: UtcDatetime | None = Field(
        None, description="ISO-8601 with a UTC offset; the server's clock when left out."
    )

    def meta(self) -> dict[str, Any]:
        """Every field beyond user_id, action and timestamp, kept as sent."""
        return dict(self.model_extra or {})


class ActivityPublic(BaseModel):
    """A stored activity: the free-form fields are under `meta`."""

    id: str = Field(examples=["66a1f0c2e4b0a1b2c3d4e5f6"], description="ObjectId as hex")
    user_id: str
    action: str
    timestamp: UtcMillis = Field(description="UTC, millisecond precision")
    meta: dict[str, Any]


class ActivityBatch(BaseModel):
    """What POST /activities answers to a batch (a JSON array)."""

    count: int
    items: list[ActivityPublic]


class ActivityPage(BaseModel):
    """One page of GET /activities; pass `next` back as `cursor` for the following one."""

    items: list[ActivityPublic]
    next: str | None = Field(description="Opaque cursor of the next page; null on the last.")


class DayCount(BaseModel):
    """How many activities of one action happened on one UTC day."""

    day: str = Field(examples=["2025-01-31"])
    action: str
    count: int


class UserCount(BaseModel):
    """How many activities one user has in the range."""

    user_id: str
    count: int


class ActivityStats(BaseModel):
    """GET /activities/stats: totals over an optional time range."""

    since: UtcMillis | None
    until: UtcMillis | None
    total: int
    per_action_per_day: list[DayCount]
    top_users: list[UserCount]


class Erasure(BaseModel):
    """What DELETE /users/{user_id}/activities removed."""

    user_id: str
    deleted: int


# --- POST /activities: one object or a batch -------------------------------------------------

_ONE = TypeAdapter(ActivityCreate)
_MANY = TypeAdapter(Annotated[list[ActivityCreate], Field(min_length=1)])
_ACTIVITY_SCHEMA = _ONE.json_schema()

# What the OpenAPI document says the body is. The body is validated by `parse_activities`, not
# by a pydantic union: a union's errors carry its branch names (`body.activity.user_id`), and
# a client should read back the path it sent (`body.user_id`, `body.3.$where`).
NewActivitiesBody = Annotated[
    Any,
    WithJsonSchema(
        {
            "anyOf": [
                _ACTIVITY_SCHEMA,
                {"type": "array", "items": _ACTIVITY_SCHEMA, "minItems": 1},
            ]
        }
    ),
]


def parse_activities(payload: Any) -> list[ActivityCreate]:
    """Validate one activity (an object) or a batch (an array), all of it before any insert.

    A 422 names each bad field by the path the client sent, free-form keys included.
    """
    # solution: validate with _MANY for a list, else _ONE; then check every item's free-form fields
    batch = isinstance(payload, list)
    try:
        parsed = _MANY.validate_python(payload) if batch else [_ONE.validate_python(payload)]
    except ValidationError as exc:
        raise _invalid(payload, exc.errors()) from None
    problems = []
    for index, activity in enumerate(parsed):
        try:
            check_free_form(activity.meta(), loc=(index,) if batch else ())
        except UnsafeField as exc:
            problems.append({"loc": exc.loc, "msg": str(exc), "type": "value_error"})
    if problems:
        raise _invalid(payload, problems)
    # end solution
    return parsed


def _invalid(payload: Any, errors: Sequence[Mapping[str, Any]]) -> RequestValidationError:
    """A 422 in the shape of FastAPI's own: each error's `loc` under `body`, with the input."""
    return RequestValidationError(
        [{**error, "loc": ("body", *error["loc"])} for error in errors], body=payload
    )
