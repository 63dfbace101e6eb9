"""What the API answers with (pydantic), kept apart from the ORM row it is read from."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

StateName = Literal["queued", "processing", "done", "failed"]


class UploadPublic(BaseModel):
    """An upload as clients see it: its state, how far processing got, and when."""

    model_config = ConfigDict(from_attributes=True)

    id: str = Field(description="The upload's id, as in its URL /uploads/{id}.")
    filename: str = Field(description="The file name the client sent.")
    content_type: str
    size: int = Field(description="Bytes stored.")
    state: StateName
    attempts: int = Field(description="How many times a worker has started processing it.")
    progress: int = Field(description="Percent of the file read so far (100 when done).")
    error: str | None = Field(
        description="Why it failed; while queued, why the last attempt failed (it will retry)."
    )
    worker: str | None = Field(description="The worker that processed it last.")
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    retry_at: datetime | None = Field(description="When the next attempt is due, after a failure.")


class UploadList(BaseModel):
    """A page of uploads, newest first."""

    items: list[UploadPublic]
    total: int = Field(description="How many uploads match, on every page.")
