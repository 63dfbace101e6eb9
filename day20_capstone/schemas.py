"""The I/O models: what clients may send (Create/Update, `extra="forbid"`) and what they get.

Mass assignment (OWASP API3) is closed here: an input model lists exactly the fields a
client may set, and anything else (`owner_id`, `is_admin`, `id`, `version`) is a 422. Output
models list exactly what may leave: `UserPublic` has no password hash, nothing has a token
except the login answer. Strict types: `"1"` is not an integer, `1` is not a boolean.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictBool, StrictInt

from day20_capstone.models import NAME_MAX, NOTES_MAX, TAG_MAX, TITLE_MAX
from shared.types import ID_MAX, NO_NUL, NOT_BLANK, IsoDate

PAGE_MAX = 100
TAGS_MAX = 10
_INPUT = ConfigDict(extra="forbid", regex_engine="python-re")

Title = Annotated[str, Field(min_length=1, max_length=TITLE_MAX, pattern=NOT_BLANK)]
Notes = Annotated[str, Field(max_length=NOTES_MAX, pattern=NO_NUL)]
Name = Annotated[str, Field(min_length=1, max_length=NAME_MAX, pattern=NOT_BLANK)]
TagName = Annotated[str, Field(min_length=1, max_length=TAG_MAX, pattern=r"^[a-z0-9][a-z0-9_-]*$")]
Priority = Annotated[StrictInt, Field(ge=1, le=3, description="1 high, 2 normal, 3 low")]
Id = Annotated[StrictInt, Field(ge=1, le=ID_MAX)]
Password = Annotated[str, Field(min_length=1, max_length=128, pattern=NO_NUL)]
Email = Annotated[str, Field(min_length=3, max_length=254, pattern=NO_NUL)]
# SQLite hands timestamps back without a zone; they were stored in UTC, and leave as UTC.
Timestamp = Annotated[
    dt.datetime, AfterValidator(lambda v: v if v.tzinfo else v.replace(tzinfo=dt.UTC))
]


class UserCreate(BaseModel):
    """A registration: the email is checked with day 14's library, the password by the policy."""

    model_config = _INPUT
    email: Email
    password: Password
    full_name: Annotated[str, Field(max_length=NAME_MAX, pattern=NO_NUL)] = ""


class UserUpdate(BaseModel):
    """What a user may change about themselves (not is_admin, not is_active)."""

    model_config = _INPUT
    full_name: Annotated[str, Field(max_length=NAME_MAX, pattern=NO_NUL)] | None = None
    email: Email | None = None


class PasswordChange(BaseModel):
    """The current password proves it is the user; every session is logged out after."""

    model_config = _INPUT
    current_password: Password
    new_password: Password


class UserPublic(BaseModel):
    """A user as the API shows them (never the password hash)."""

    model_config = ConfigDict(from_attributes=True)
    id: int
    email: str
    full_name: str
    is_admin: bool
    is_active: bool
    created_at: Timestamp


class UserList(BaseModel):
    """A page of users (admins)."""

    items: list[UserPublic]
    next_cursor: str | None


class TokenResponse(BaseModel):
    """The OAuth2 token answer: a short-lived bearer token and a refresh token."""

    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int


class RefreshRequest(BaseModel):
    """A refresh token to spend (refresh) or to revoke (logout)."""

    model_config = _INPUT
    refresh_token: Annotated[str, Field(min_length=1, max_length=200, pattern=NO_NUL)]


class ProjectCreate(BaseModel):
    """A new project."""

    model_config = _INPUT
    name: Name


class ProjectPublic(BaseModel):
    """A project."""

    model_config = ConfigDict(from_attributes=True)
    id: int
    name: str


class TaskCreate(BaseModel):
    """A new task of the caller's."""

    model_config = _INPUT
    title: Title
    notes: Notes = ""
    due: IsoDate | None = None
    priority: Priority = 2
    project_id: Id | None = None
    tags: Annotated[list[TagName], Field(max_length=TAGS_MAX)] = []


class TaskUpdate(BaseModel):
    """A partial update: only the fields sent change (`done` sets or clears completed_at)."""

    model_config = _INPUT
    title: Title | None = None
    notes: Notes | None = None
    due: IsoDate | None = None
    priority: Priority | None = None
    done: StrictBool | None = None
    project_id: Id | None = None
    tags: Annotated[list[TagName], Field(max_length=TAGS_MAX)] | None = None


class TaskPublic(BaseModel):
    """A task as its owner sees it."""

    id: int
    title: str
    notes: str
    due: dt.date | None
    priority: int
    done: bool
    completed_at: Timestamp | None
    project_id: int | None
    tags: list[str]
    version: int
    created_at: Timestamp


class TaskPage(BaseModel):
    """One page of tasks; `next_cursor` fetches the next (None on the last page)."""

    items: list[TaskPublic]
    next_cursor: str | None


class Stats(BaseModel):
    """The caller's task counts."""

    open: int
    done_this_week: int
    overdue: int
    total: int


class JobPublic(BaseModel):
    """A background job and, once finished, its report."""

    model_config = ConfigDict(from_attributes=True)
    id: str
    kind: str
    state: str
    attempts: int
    report: dict[str, Any] | None
    error: str | None
    created_at: Timestamp
    finished_at: Timestamp | None


class ReminderPublic(BaseModel):
    """An overdue task the sweep noticed: which task, which due date, when."""

    id: int
    task_id: int
    title: str
    due: dt.date
    created_at: Timestamp


class ReminderPage(BaseModel):
    """A page of reminders; `next_cursor` is the `after` of the next page."""

    items: list[ReminderPublic]
    next_cursor: str | None
