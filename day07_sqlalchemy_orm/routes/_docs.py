"""The `responses=` entries the routers share, so every status code is in the schema."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path, status

from day04_fastapi_tasks import Problem
from shared.problems import PROBLEM_JSON
from shared.types import ID_MAX

# Ids fit a 32-bit SQL integer (like day 4's), so PostgreSQL never sees an overflowing id.

Responses = dict[int | str, dict[str, Any]]


def problem(description: str) -> dict[str, Any]:
    """One documented problem+json answer."""
    schema = Problem.model_json_schema()
    return {"description": description, "content": {PROBLEM_JSON: {"schema": schema}}}


INVALID: Responses = {
    status.HTTP_422_UNPROCESSABLE_CONTENT: problem("The request failed validation.")
}
CONFLICT: Responses = {status.HTTP_409_CONFLICT: problem("The change conflicts with stored data.")}
# Any route can meet these two, so the app documents them once for every route.
APP_WIDE: Responses = {
    status.HTTP_400_BAD_REQUEST: problem("The request body cannot be read (e.g. it is not UTF-8)."),
    status.HTTP_503_SERVICE_UNAVAILABLE: problem("The database cannot be reached."),
}


def not_found(description: str) -> Responses:
    """A documented 404 answer."""
    return {status.HTTP_404_NOT_FOUND: problem(description)}


TaskId = Annotated[int, Path(ge=1, le=ID_MAX, description="The task's id.")]
ProjectId = Annotated[int, Path(ge=1, le=ID_MAX, description="The project's id.")]
