"""parse_message and format_message: the IRC line grammar, both ways."""

from __future__ import annotations

import pytest

from day19_chat_server import IrcMessage, format_message, parse_message


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        pytest.param("NICK ada", IrcMessage("NICK", ("ada",)), id="one-parameter"),
        pytest.param(
            "USER ada 0 * :Ada Lovelace",
            IrcMessage("USER", ("ada", "0", "*", "Ada Lovelace")),
            id="trailing-with-spaces",
        ),
        pytest.param(
            ":ada!a@h PRIVMSG #x :hi :)",
            IrcMessage("PRIVMSG", ("#x", "hi :)"), "ada!a@h"),
            id="source-and-colon-in-trailing",
        ),
        pytest.param("privmsg #x :", IrcMessage("PRIVMSG", ("#x", "")), id="empty-trailing"),
        pytest.param("JOIN   #a    #b", IrcMessage("JOIN", ("#a", "#b")), id="many-spaces"),
        pytest.param("@time=2024 PING :tok en", IrcMessage("PING", ("tok en",)), id="tags-ignored"),
        pytest.param("QUIT", IrcMessage("QUIT"), id="no-parameters"),
    ],
)
def test_parse_message(line: str, expected: IrcMessage) -> None:
    assert parse_message(line) == expected


@pytest.mark.parametrize("line", ["", "   ", "@tag=1 "], ids=["empty", "spaces", "only-tags"])
def test_parse_blank_line_is_none(line: str) -> None:
    assert parse_message(line) is None, "IRC ignores blank lines"


def test_format_message_puts_text_last_with_a_colon() -> None:
    data = format_message("ada!a@h", "PRIVMSG", "#x", text="hello there")
    assert data == b":ada!a@h PRIVMSG #x :hello there\r\n"
    assert format_message(None, "PING", text="srv") == b"PING :srv\r\n"
    assert format_message("srv", "001", "ada", "") == b":srv 001 ada :\r\n", "empty needs a colon"


def test_format_message_refuses_a_space_in_a_middle_parameter() -> None:
    with pytest.raises(ValueError, match="last"):
        format_message("srv", "X", "two words", "end")


def test_format_message_cuts_at_512_bytes_on_a_character_boundary() -> None:
    data = format_message("srv", "PRIVMSG", "#x", text="é" * 400)
    assert len(data) <= 512 and data.endswith(b"\r\n")
    data.decode("utf-8")  # never half a character


def test_parse_and_format_round_trip() -> None:
    data = format_message("ada!a@h", "TOPIC", "#x", text=":) new topic")
    assert parse_message(data.decode().rstrip("\r\n")) == IrcMessage(
        "TOPIC", ("#x", ":) new topic"), "ada!a@h"
    )
