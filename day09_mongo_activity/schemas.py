"""Request and response shapes of the activity-log API (separate in and out models)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from day09_mongo_activity.documents import check_free_form, check_key, to_utc

# Identifiers are a whitelist, so `{"$gt": ""}` can never be a user id or an action.
IDENTIFIER = r"^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,127}$"
Identifier = Annotated[str, Field(pattern=IDENTIFIER, examples=["user-42"])]


def _iso_text_only(value: Any) -> Any:
    """A date-time is ISO-8601 text, as the schema's `format: date-time` says.

    pydantic alone would also read a number (or "-403") as Unix seconds; that is not what the
    API documents, so it is refused rather than silently turned into 1969.
    """
    if isinstance(value, datetime) or (isinstance(value, str) and _ISO_START.match(value)):
        return value
    raise PydanticCustomError(
        "datetime_format", "Input should be an ISO-8601 date-time like 2025-01-31T09:30:00Z"
    )


_ISO_START = re.compile(r"\d{4}-\d{2}-\d{2}[T ]", re.ASCII)
UtcDatetime = Annotated[AwareDatetime, BeforeValidator(_iso_text_only), AfterValidator(to_utc)]


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

    @model_validator(mode="after")
    def _extras_are_safe(self) -> ActivityCreate:
        for key, value in (self.model_extra or {}).items():
            check_key(key, path="body")
            check_free_form(value, path=key)
        return self

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


class Problem(BaseModel):
    """RFC 9457 problem details: every error this API returns has this shape."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[dict[str, Any]] | None = Field(
        None, description="For 422: one entry per invalid field (loc, msg, type)."
    )
