"""FastAPI dependencies: the gateway and settings of the running app, read from app.state."""

from __future__ import annotations

from typing import Annotated, cast

from fastapi import Depends, Request

from day12_async_fanout.config import Settings
from day12_async_fanout.gateway import Gateway


async def get_gateway(request: Request) -> Gateway:
    """The gateway the lifespan opened (`async`: no trip to a worker thread for a lookup)."""
    return cast(Gateway, request.app.state.gateway)


async def get_settings(request: Request) -> Settings:
    """The settings the app was built with."""
    return cast(Settings, request.app.state.settings)


GatewayDep = Annotated[Gateway, Depends(get_gateway)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
