"""A client that hangs up cancels its upstream calls: nothing keeps working for nobody."""

from __future__ import annotations

import socket
from urllib.parse import urlsplit

from day12_async_fanout.tests.conftest import ServerMaker
from day12_async_fanout.tests.helpers import FakeUpstreams


def send_and_hang_up(base_url: str, fake: FakeUpstreams, *, waiting_on: str) -> None:
    """Ask for /overview over a raw socket, then close it once `waiting_on` has its request."""
    address = urlsplit(base_url)
    with socket.create_connection((address.hostname, address.port), timeout=5) as connection:
        connection.sendall(b"GET /overview?city=Berlin HTTP/1.1\r\nHost: test\r\n\r\n")
        assert fake.wait_for(waiting_on, "pending", timeout=2.0), "the upstream got its request"


def test_client_disconnect_cancels_the_upstream_calls(
    make_server: ServerMaker, fake: FakeUpstreams
) -> None:
    fake.behave("wiki", stall=True)  # wiki never answers: the answer would wait 5 s for it
    base = make_server(deadline=5.0, upstream_timeout=5.0)
    send_and_hang_up(base, fake, waiting_on="wiki")
    cancelled = fake.wait_for("wiki", "disconnected", timeout=1.0)
    assert cancelled, (
        "the stalled upstream call should be cancelled within a second of the client hanging "
        "up (watch receive() for http.disconnect and cancel the fan-out), not at the deadline"
    )


def test_the_server_keeps_serving_after_a_client_hangs_up(
    make_server: ServerMaker, fake: FakeUpstreams
) -> None:
    import httpx

    fake.behave("wiki", stall=True)
    base = make_server(deadline=5.0, upstream_timeout=5.0)
    send_and_hang_up(base, fake, waiting_on="wiki")
    assert fake.wait_for("wiki", "disconnected", timeout=1.0)
    fake.behave("wiki", stall=False)
    response = httpx.get(f"{base}/overview", timeout=5)
    assert response.status_code == 200
    assert response.json()["sources"]["wiki"]["status"] == "ok"
