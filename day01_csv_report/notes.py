"""What the report says about the file itself: its warnings, and the csv module's complaints.

A report is only as good as the reader's trust in it: a header that is really a title line, a
file that is UTF-16 without its byte-order mark, decimal commas read as numbers, all get a line
under "Warnings" instead of a quietly wrong table.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence

from day01_csv_report.errors import MalformedCsvError
from day01_csv_report.fastpath import BoundedColumn, Chunks
from day01_csv_report.source import OpenedSource


def file_warnings(
    opened: OpenedSource,
    header: Sequence[str] | None,
    columns: Sequence[BoundedColumn],
    scan: Chunks | None,
    rows: int,
) -> tuple[str, ...]:
    """What the reader of the report should know about the file itself."""
    notes = []
    if opened.overruled:
        notes.append(
            f"the file starts with a {opened.encoding} byte-order mark, so it was read as "
            f"{opened.encoding}, not {opened.overruled}"
        )
    if header is None:
        return (*notes, "the file is empty: no header and no rows")
    if not rows:
        notes.append("the file has a header but no data rows")
    duplicates = sorted({name for name in header if header.count(name) > 1})
    if duplicates:
        notes.append(f"duplicate column names: {', '.join(duplicates)}")
    if any("\0" in name for name in header):
        notes.append(
            "the header holds NUL characters: the file may be UTF-16 without a byte-order mark"
            " (try --encoding utf-16)"
        )
    if scan is not None and scan.wider * 2 > rows:
        fields = "1 field" if len(header) == 1 else f"{len(header)} fields"
        notes.append(
            f"the first line has {fields} but most rows have more: it looks like a title or"
            " a note, not the header (remove it and run again)"
        )
    commas = [column.name for column in columns if column.saw_decimal_comma and column.numeric]
    if commas:
        notes.append(f"decimal commas (1,5) were read as numbers in: {', '.join(commas)}")
    return tuple(notes)


def malformed(name: str, line: int, exc: csv.Error) -> MalformedCsvError:
    """The csv module's complaint, said for a person: where, and what to check."""
    if "field larger than field limit" in str(exc):
        limit = csv.field_size_limit()
        message = f"{name}, line {line}: a field is longer than {limit:,} characters"
        hint = "an unclosed quote makes the rest of the file one field: check the quoting there"
        return MalformedCsvError(message, line=line, hint=hint)
    # On text lines a lenient csv reader raises nothing else; kept for a future Python.
    message = f"{name}, line {line}: {exc}"  # pragma: no cover
    return MalformedCsvError(message, line=line, hint="check the quoting there")  # pragma: no cover
