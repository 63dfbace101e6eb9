"""ChatConfig refuses limits that would make the server misbehave."""

from __future__ import annotations

import pytest

from day19_chat_server import DEFAULT_PORT, ChatConfig


def test_defaults_are_safe() -> None:
    config = ChatConfig()
    assert config.host == "127.0.0.1" and config.port == DEFAULT_PORT == 8019
    assert config.max_line_bytes == 512


@pytest.mark.parametrize(
    ("field", "value"),
    [
        pytest.param("flood_rate", 0, id="zero-flood-rate"),
        pytest.param("ping_interval", float("inf"), id="infinite-ping-interval"),
        pytest.param("send_queue_bytes", 10, id="queue-smaller-than-a-line"),
        pytest.param("server_name", "two words", id="server-name-with-space"),
    ],
)
def test_bad_values_are_refused(field: str, value: object) -> None:
    with pytest.raises(ValueError, match=field if field != "server_name" else "one word"):
        ChatConfig(**{field: value})  # type: ignore[arg-type]
