"""Real-world CSV files: encodings, line ends, quoting, delimiters, ragged rows, bad input."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from day01_csv_report import (
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


@pytest.mark.parametrize("delimiter", [";", "\t", "|", ","])
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


def test_undecodable_bytes_in_a_stream_say_how_far_reading_got() -> None:
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


def test_oversized_field_is_a_malformed_csv_error(write_csv: WriteCsv) -> None:
    path = write_csv("a,b\n1,2\n3," + "x" * 200_000 + "\n")
    with pytest.raises(MalformedCsvError, match="line 3") as caught:
        analyze(path, delimiter=",")
    assert caught.value.line == 3


@pytest.mark.parametrize("delimiter", ["", ";;", "\n", '"'])
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
