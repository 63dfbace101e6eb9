"""LineReader: bytes from TCP into lines, with the 512-byte limit."""

from __future__ import annotations

from day19_chat_server import LineReader


def test_lines_come_out_whole_whatever_the_chunks() -> None:
    reader = LineReader()
    assert reader.feed(b"hel") == []
    assert reader.feed(b"lo\r\nwor") == ["hello"]
    assert reader.feed(b"ld\n\n") == ["world", ""]


def test_a_line_over_the_limit_is_one_none() -> None:
    reader = LineReader(max_bytes=64)
    assert reader.feed(b"a" * 63 + b"\n") == ["a" * 62 + "a"], "63 bytes and LF fit in 64"
    assert reader.feed(b"b" * 64 + b"\nnext\n") == [None, "next"]


def test_an_endless_line_is_reported_once_and_not_kept() -> None:
    reader = LineReader(max_bytes=64)
    out = reader.feed(b"c" * 1000) + reader.feed(b"c" * 1000) + reader.feed(b"c\nok\n")
    assert out == [None, "ok"], "one None for the whole long line, then normal lines"


def test_invalid_utf8_is_replaced_and_stray_cr_becomes_a_space() -> None:
    reader = LineReader()
    assert reader.feed(b"caf\xc3\xa9 \xff\n") == ["café \ufffd"]
    assert reader.feed(b"a\rb\r\n") == ["a b"], "a bare CR could pose as a line end to IRC"
