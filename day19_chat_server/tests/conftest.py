"""Fixtures: a running server per test (port 0, stopped after), its address, its clients."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from day19_chat_server import ChatServer
from day19_chat_server.tests.helpers import Address, Clients, running_server


@pytest.fixture
def server() -> Iterator[ChatServer]:
    """A server with the default limits, on a free loopback port."""
    with running_server() as running:
        yield running


@pytest.fixture
def address(server: ChatServer) -> Address:
    """Where the `server` fixture listens."""
    return server.address


@pytest.fixture
def chat(address: Address) -> Iterator[Clients]:
    """Clients of the `server` fixture, closed after the test."""
    with Clients(address) as clients:
        yield clients
