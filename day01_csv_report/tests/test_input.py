"""Real-world CSV files: encodings, line ends, quoting, delimiters, ragged rows, bad input."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from day01_csv_report import (
    FIELD_LIMIT,
    DecodingError,
    MalformedCsvError,
    OptionError,
    RaggedRow,
    SourceError,
    analyze,
)
from day01_csv_report.tests.conftest import WriteCsv


def test_utf8_with_bom_and_crlf_reads_like_plain_utf8(write_csv: WriteCsv) -> None:
    path = write_csv("\ufeffname,qty\r\nÄpfel,3\r\nBirnen,4\r\n", encoding="utf-8")
    report = analyze(path)
    assert [c.name for c in report.columns] == ["name", "qty"], "the BOM is not part of the name"
    assert report.rows == 2
    assert report.column("name").top_values[0].value == "Äpfel"
    assert report.ragged_rows == 0


def test_bom_in_a_text_stream_is_dropped_too() -> None:
    report = analyze(io.StringIO("\ufeffa,b\n1,2\n", newline=""))
    assert report.columns[0].name == "a"


def test_quoted_fields_keep_newlines_and_delimiters(write_csv: WriteCsv) -> None:
    path = write_csv('id,note\r\n1,"line one\r\nline two, with a comma"\r\n2,"say ""hi"""\r\n')
    report = analyze(path)
    assert report.rows == 2
    values = {v.value for v in report.column("note").top_values}
    assert values == {"line one\r\nline two, with a comma", 'say "hi"'}


@pytest.mark.parametrize(
    "delimiter", [";", "\t", "|", ","], ids=["semicolon", "tab", "pipe", "comma"]
)
def test_delimiter_is_sniffed(write_csv: WriteCsv, delimiter: str) -> None:
    rows = [["city", "temp", "day"], ["Oslo", "3.5", "2024-01-01"], ["Rome", "14", "2024-01-02"]]
    path = write_csv("".join(delimiter.join(row) + "\n" for row in rows))
    report = analyze(path)
    assert report.delimiter == delimiter
    assert [c.type for c in report.columns] == ["text", "float", "date"]


def test_single_column_file_falls_back_to_comma(write_csv: WriteCsv) -> None:
    report = analyze(write_csv("word\nalpha\nbeta\n"))
    assert report.delimiter == ","
    assert report.column("word").count == 2


def test_explicit_delimiter_wins_over_sniffing(write_csv: WriteCsv) -> None:
    report = analyze(write_csv("a;b\n1;2\n"), delimiter=",")
    assert [c.name for c in report.columns] == ["a;b"]


def test_ragged_rows_are_counted_with_their_line_numbers(write_csv: WriteCsv) -> None:
    text = 'a,b,c\n1,2,3\n4,5\n"multi\nline",6,7\n8,9,10,11\n\n12,13,14\n'
    report = analyze(write_csv(text))
    assert report.rows == 5, "ragged rows are kept (padded or cut); blank lines are skipped"
    assert report.ragged_rows == 2
    assert report.ragged_examples == (RaggedRow(line=3, fields=2), RaggedRow(line=6, fields=4))
    assert report.column("c").missing == 1, "a short row's missing fields count as missing"


def test_ragged_row_line_numbers_stay_right_across_chunks(write_csv: WriteCsv) -> None:
    lines = ["a,b"] + [f"{i},{i}" for i in range(5_000)]
    lines[4_000] = "only-one-field"
    report = analyze(write_csv("\n".join(lines) + "\n"))
    assert report.ragged_examples == (RaggedRow(line=4_001, fields=1),)


def test_only_the_first_ragged_rows_are_listed(write_csv: WriteCsv) -> None:
    report = analyze(write_csv("a,b\n" + "1\n" * 50))
    assert report.ragged_rows == 50
    assert len(report.ragged_examples) == 20


def test_empty_file_gives_an_empty_report_with_a_warning(write_csv: WriteCsv) -> None:
    report = analyze(write_csv(""))
    assert (report.rows, report.columns) == (0, ())
    assert report.warnings == ("the file is empty: no header and no rows",)


def test_header_only_file_has_empty_columns(write_csv: WriteCsv) -> None:
    report = analyze(write_csv("a,b\n"))
    assert report.rows == 0
    assert [(c.name, c.type, c.count) for c in report.columns] == [
        ("a", "empty", 0),
        ("b", "empty", 0),
    ]
    assert report.warnings == ("the file has a header but no data rows",)


def test_blank_and_duplicate_header_names_are_reported(write_csv: WriteCsv) -> None:
    report = analyze(write_csv("x,,x\n1,2,3\n"))
    assert [c.name for c in report.columns] == ["x", "column_2", "x"]
    assert report.warnings == ("duplicate column names: x",)


def test_undecodable_bytes_name_the_line(write_csv: WriteCsv) -> None:
    path = write_csv(b"name,city\nAna,Lisboa\nJos\xe9,M\xe1laga\n")
    with pytest.raises(DecodingError) as caught:
        analyze(path)
    assert caught.value.line == 3, "the error must name the line with the bad byte"
    assert "line 3" in str(caught.value)
    assert caught.value.hint and "--encoding" in caught.value.hint


def test_undecodable_bytes_far_into_the_file_name_the_line(write_csv: WriteCsv) -> None:
    body = b"".join(b"%d,ok\n" % i for i in range(20_000))
    path = write_csv(b"n,s\n" + body + b"1,\xff\n")
    with pytest.raises(DecodingError) as caught:
        analyze(path)
    assert caught.value.line == 20_002


def test_undecodable_bytes_in_a_text_stream_say_how_far_reading_got() -> None:
    data = b"n,s\n" + b"".join(b"%d,ok\n" % i for i in range(20_000)) + b"1,\xff\n"
    stream = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", newline="")
    with pytest.raises(DecodingError, match="near line"):
        analyze(stream)


def test_another_encoding_reads_those_bytes(write_csv: WriteCsv) -> None:
    path = write_csv("name\nJosé\nMálaga\n", encoding="latin-1")
    report = analyze(path, encoding="latin-1")
    assert {v.value for v in report.column("name").top_values} == {"José", "Málaga"}
    assert report.encoding == "latin-1"


def test_unknown_encoding_is_an_option_error(write_csv: WriteCsv) -> None:
    with pytest.raises(OptionError, match="unknown encoding"):
        analyze(write_csv("a\n1\n"), encoding="klingon-8")


def test_missing_file_is_a_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="does not exist") as caught:
        analyze(tmp_path / "nope.csv")
    assert caught.value.exit_code == 2


def test_directory_is_a_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="is a directory"):
        analyze(tmp_path)


def test_path_through_a_file_is_a_source_error(write_csv: WriteCsv) -> None:
    with pytest.raises(SourceError, match="cannot open .*Not a directory"):
        analyze(write_csv("a\n1\n") / "inner.csv")


def test_path_with_a_nul_byte_is_a_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="not a valid path"):
        analyze(f"{tmp_path}/bad\0name.csv")


def test_a_quoted_field_over_128_kib_is_accepted(write_csv: WriteCsv) -> None:
    """The csv module refuses fields over 128 KiB by default; a long note is still data."""
    note = "a long note, with commas\nand lines " * 10_000  # about 340,000 characters
    path = write_csv('id,note\n1,"' + note + '"\n2,short\n')
    report = analyze(path)
    assert report.rows == 2, "a field up to FIELD_LIMIT characters is read like any other"
    assert report.column("note").count == 2


def test_a_field_beyond_the_limit_is_a_clear_malformed_csv_error(write_csv: WriteCsv) -> None:
    path = write_csv('a,b\n1,2\n3,"' + "x" * (FIELD_LIMIT + 1) + '"\n')
    with pytest.raises(MalformedCsvError) as caught:
        analyze(path, delimiter=",")
    message = str(caught.value)
    assert "line 3" in message and f"longer than {FIELD_LIMIT:,} characters" in message, message
    assert caught.value.hint and "quot" in caught.value.hint, "the hint says to check the quoting"


@pytest.mark.parametrize(
    "delimiter", ["", ";;", "\n", '"'], ids=["empty", "two-characters", "newline", "quote"]
)
def test_impossible_delimiter_is_an_option_error(write_csv: WriteCsv, delimiter: str) -> None:
    with pytest.raises(OptionError, match="one character"):
        analyze(write_csv("a\n1\n"), delimiter=delimiter)


def test_unknown_group_by_column_lists_the_columns(write_csv: WriteCsv) -> None:
    with pytest.raises(OptionError) as caught:
        analyze(write_csv("a,b\n1,2\n"), group_by="c")
    assert caught.value.hint == "the columns are: a, b"


def test_file_cut_in_the_middle_of_a_character_names_the_last_line(write_csv: WriteCsv) -> None:
    path = write_csv(b"a,b\n1,2\n3,\xe2\x82")
    with pytest.raises(DecodingError, match="line 3 is not valid utf-8") as caught:
        analyze(path)
    assert caught.value.line == 3


def test_blank_lines_anywhere_are_skipped(write_csv: WriteCsv) -> None:
    report = analyze(write_csv("a,b\n\n1,2\n" + "\n" * 7_000 + "3,4\n\n"))
    assert report.rows == 2
    assert report.ragged_rows == 0, "a blank line is not a ragged row"


@pytest.mark.parametrize(
    "codec", ["utf-16", "utf-16-be", "utf-32", "utf-32-be"], ids=lambda codec: codec
)
def test_utf16_and_utf32_files_are_read_by_their_byte_order_mark(
    write_csv: WriteCsv, codec: str
) -> None:
    bom = {"utf-16-be": "\ufeff", "utf-32-be": "\ufeff"}.get(codec, "")
    path = write_csv(bom + "name;qty\r\nÄpfel;3\r\nBirnen;4\r\n", encoding=codec)
    report = analyze(path)
    assert [c.name for c in report.columns] == ["name", "qty"], "no NULs or BOM in the header"
    assert report.column("qty").type == "integer"
    assert report.encoding == codec[:6], "the report names the encoding the BOM gave"
    assert report.warnings == ()


def test_a_byte_order_mark_wins_over_a_wrong_encoding_and_says_so(write_csv: WriteCsv) -> None:
    """Following the old advice (`--encoding cp1252`) on a UTF-16 file still reads it right."""
    path = write_csv("city\nMálaga\n", encoding="utf-16")
    report = analyze(path, encoding="cp1252")
    assert report.column("city").top_values[0].value == "Málaga"
    assert report.warnings == (
        "the file starts with a utf-16 byte-order mark, so it was read as utf-16, not cp1252",
    )


def test_utf16_without_a_byte_order_mark_gets_a_warning(write_csv: WriteCsv) -> None:
    path = write_csv("a,b\n1,2\n", encoding="utf-16-le")  # no BOM: valid UTF-8 full of NULs
    report = analyze(path)
    assert any("UTF-16" in warning for warning in report.warnings), report.warnings


def test_decimal_commas_with_semicolons_are_numbers_and_the_report_says_so(
    write_csv: WriteCsv,
) -> None:
    path = write_csv("product;price;weight;note\nTea;2,50;1;a, b\nCake;3,25;0,5;c\nJam;4;2;d\n")
    report = analyze(path)
    assert report.column("price").type == "float", "1,5 is 1.5 when ; separates the fields"
    price = report.column("price").numeric
    assert price is not None and (price.minimum, price.maximum) == (2.5, 4.0)
    assert report.column("weight").type == "float"
    assert report.column("note").type == "text", "text with commas stays text"
    assert "decimal commas (1,5) were read as numbers in: price, weight" in report.warnings


def test_decimal_commas_in_a_large_numeric_column_stay_numbers(write_csv: WriteCsv) -> None:
    rows = "".join(f"{'abc'[i % 3]};{i},5\n" for i in range(60_000))
    report = analyze(write_csv("k;x\n" + rows), group_by="k")
    column = report.column("x")
    assert column.type == "float" and column.numeric is not None
    assert column.numeric.maximum == 59_999.5
    assert report.group_by is not None
    assert report.group_by.groups[0].numeric["x"].total == sum(i + 0.5 for i in range(0, 60_000, 3))


def test_commas_with_a_comma_delimiter_are_not_decimal_commas(write_csv: WriteCsv) -> None:
    report = analyze(write_csv('a,b\n"1,5",2\n"2,5",3\n'))
    assert report.column("a").type == "text", "with , as the delimiter, 1,5 is not a number"
    assert not any("decimal" in warning for warning in report.warnings)


@pytest.mark.parametrize(
    "first_line",
    ["Sales export, 2024-01-31", "sep=;"],
    ids=["title-line", "excel-sep-line"],
)
def test_a_first_line_that_is_not_the_header_gets_a_warning(
    write_csv: WriteCsv, first_line: str
) -> None:
    delimiter = ";" if "sep" in first_line else ","
    body = "\n".join(delimiter.join(row) for row in [["id", "name", "qty"], ["1", "a", "2"]])
    report = analyze(write_csv(f"{first_line}\n{body}\n"))
    warnings = " ".join(report.warnings)
    assert "not the header" in warnings, f"expected a warning about the first line: {warnings!r}"


def test_a_few_long_rows_do_not_make_the_header_suspect(write_csv: WriteCsv) -> None:
    report = analyze(write_csv("a,b\n1,2\n3,4\n5,6,7\n"))
    assert report.ragged_rows == 1
    assert report.warnings == (), "one long row is a ragged row, not a sign of a bad header"
