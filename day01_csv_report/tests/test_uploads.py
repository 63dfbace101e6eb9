"""The seams days 13 and 17 build on: uploads as binary streams, and reports kept as JSON."""

from __future__ import annotations

import io
import json
import math
import tempfile

import pytest

from day01_csv_report import (
    SAMPLE_CSV,
    SCHEMA,
    DecodingError,
    Report,
    analyze,
    render_html,
    render_json,
    render_markdown,
    render_text,
    report_from_dict,
    report_to_dict,
)

ORDERS = "id,city,total\r\n1,Málaga,2.5\r\n2,Oslo,\r\n3,Málaga,4\r\n"


class Upload(io.RawIOBase):
    """A binary stream that is neither seekable nor peekable, as an HTTP upload can be."""

    def __init__(self, data: bytes, *, piece: int = 7) -> None:
        self._data, self._piece = data, piece

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        chunk, self._data = self._data[: self._piece], self._data[self._piece :]
        buffer[: len(chunk)] = chunk
        return len(chunk)


def test_a_binary_stream_is_analysed_like_a_file() -> None:
    report = analyze(io.BytesIO(ORDERS.encode()))
    assert report.rows == 3, "analyze(binary_stream) reads bytes as a file's"
    assert report.column("city").top_values[0].value == "Málaga"
    assert report.column("total").missing == 1


def test_a_binary_stream_without_seek_or_peek_is_read_whole() -> None:
    report = analyze(io.BufferedReader(Upload(ORDERS.encode("utf-8-sig"))))
    assert [c.name for c in report.columns] == ["id", "city", "total"], "the BOM is dropped"
    assert report.rows == 3


@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16", "utf-32"])
def test_a_binary_stream_is_decoded_by_its_byte_order_mark(codec: str) -> None:
    report = analyze(io.BytesIO(ORDERS.encode(codec)))
    assert [c.name for c in report.columns] == ["id", "city", "total"]
    assert report.column("city").top_values[0].value == "Málaga", f"{codec} is decoded right"


def test_an_upload_spooled_to_a_temporary_file_is_analysed() -> None:
    """What FastAPI's UploadFile.file and Flask's FileStorage.stream hand a later day."""
    with tempfile.SpooledTemporaryFile(max_size=1_000) as spooled:
        spooled.write(ORDERS.encode("utf-16"))
        spooled.seek(0)
        report = analyze(spooled)
        assert not spooled.closed
    assert report.rows == 3 and report.encoding == "utf-16"


def test_a_binary_stream_in_another_encoding_needs_encoding() -> None:
    report = analyze(io.BytesIO(ORDERS.encode("cp1252")), encoding="cp1252")
    assert report.column("city").top_values[0].value == "Málaga"
    assert report.encoding == "cp1252"


def test_the_callers_binary_stream_is_left_open() -> None:
    stream = io.BytesIO(ORDERS.encode())
    analyze(stream)
    assert not stream.closed, "the caller opened the stream, the caller closes it"


def test_a_bad_byte_in_a_binary_stream_names_its_exact_line() -> None:
    body = b"".join(b"%d,ok\n" % i for i in range(60_000))  # about 500 KB before it
    with pytest.raises(DecodingError) as caught:
        analyze(io.BytesIO(b"n,s\n" + body + b"1,caf\xe9\n"))
    assert caught.value.line == 60_002, "the line of the bad byte, as for a file"
    assert "line 60002 is not valid utf-8 (byte 0xe9 at byte 6 of the line)" in str(caught.value)


def test_a_broken_utf16_upload_is_an_error_without_the_cp1252_hint() -> None:
    data = "a,b\n1,2\n".encode("utf-16") + b"\x00\xd8" + "x\n".encode("utf-16-le")
    with pytest.raises(DecodingError, match="cannot decode the text as utf-16") as caught:
        analyze(io.BytesIO(data))
    assert caught.value.hint and "cp1252" not in caught.value.hint, caught.value.hint


def test_a_bad_byte_early_in_an_upload_names_its_exact_line() -> None:
    data = b"name,city\nAna,Lisboa\nJos\xe9,M\xe1laga\n"
    with pytest.raises(DecodingError, match="line 3 is not valid utf-8") as caught:
        analyze(io.BufferedReader(Upload(data)))
    assert caught.value.line == 3


@pytest.fixture(scope="module")
def stored() -> dict[str, object]:
    """A report as a later day stores it: report_to_dict, through real JSON text."""
    report = analyze(SAMPLE_CSV, group_by="region")
    return dict(json.loads(json.dumps(report_to_dict(report))))


def test_a_stored_report_is_restored_exactly(stored: dict[str, object]) -> None:
    restored = report_from_dict(stored)
    assert isinstance(restored, Report)
    assert report_to_dict(restored) == stored, "report_from_dict inverts report_to_dict"
    assert restored == analyze(SAMPLE_CSV, group_by="region"), "the same report as analyze's"


@pytest.mark.parametrize(
    "render", [render_text, render_markdown, render_html, render_json], ids=lambda f: f.__name__
)
def test_a_restored_report_renders_as_the_original(
    stored: dict[str, object], render: object
) -> None:
    assert callable(render)
    original = analyze(SAMPLE_CSV, group_by="region")
    assert render(report_from_dict(stored)) == render(original)


def test_infinite_statistics_come_back_as_nan() -> None:
    report = analyze(io.StringIO("x\n1.5\ninf\n", newline=""))
    restored = report_from_dict(json.loads(render_json(report)))
    numeric = restored.column("x").numeric
    assert numeric is not None and math.isnan(numeric.maximum), "JSON null: not a number"
    assert report_to_dict(restored) == report_to_dict(report)


@pytest.mark.parametrize(
    "document",
    [
        pytest.param({"schema": "something/else"}, id="another-schema"),
        pytest.param([1, 2], id="not-an-object"),
        pytest.param({"schema": SCHEMA, "rows": 3}, id="incomplete"),
    ],
)
def test_a_document_that_is_not_a_report_is_refused(document: object) -> None:
    with pytest.raises(ValueError, match="not a (complete )?day 1 report"):
        report_from_dict(document)  # type: ignore[arg-type]
