"""Settings of the task API: plain values, built directly (day 4 needs no environment).

Day 4's extra has no pydantic-settings, so `Settings` is a frozen pydantic model; later days
that read the environment subclass shared.settings.ServiceSettings instead.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

DEFAULT_PORT = 8004


class Settings(BaseModel):
    """What the app factory needs to know; tests construct it with other values."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: str = "Task API"
    version: str = "1.0.0"
    description: str = "Add, list, update and delete tasks (day 4 of the backend course)."
