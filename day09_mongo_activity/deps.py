"""FastAPI dependencies: the settings and the activities collection, both from `app.state`."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request

from day09_mongo_activity.config import Settings


def get_settings(request: Request) -> Settings:
    """The settings the app was created with."""
    settings: Settings = request.app.state.settings
    return settings


def get_collection(request: Request) -> Any:
    """The activities collection opened at start-up (pymongo or mongomock)."""
    return request.app.state.collection


SettingsDep = Annotated[Settings, Depends(get_settings)]
CollectionDep = Annotated[Any, Depends(get_collection)]
