"""`analyze`: one streaming pass over a CSV file, chunk by chunk, into a `Report`.

Rows are read in chunks of about `CHUNK_CELLS` cells, transposed with `zip(*rows)` and handed
to one accumulator per column, so memory holds one chunk of text plus each column's compact
state, whatever the file's size. Ragged rows are padded or cut to the header's width, counted, and
reported with the line they start on.
"""

from __future__ import annotations

import csv
import logging
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from itertools import islice
from typing import Protocol

from day01_csv_report.columns import TRUE_TOKENS, ColumnAccumulator
from day01_csv_report.errors import MalformedCsvError, OptionError
from day01_csv_report.groups import GroupAccumulator
from day01_csv_report.numeric import summarize_numbers
from day01_csv_report.report import (
    BooleanSummary,
    ColumnSummary,
    DateSummary,
    RaggedRow,
    Report,
    ValueCount,
)
from day01_csv_report.source import Source, decoding_error, open_source, sniff

logger = logging.getLogger(__name__)

CHUNK_CELLS = 6_000  # per chunk: small enough to stay in the CPU cache (measured)
TOP_VALUES = 10
RAGGED_EXAMPLES = 20


def _line_breaks(field: str) -> int:
    """Line breaks inside a quoted field (\\r\\n, \\n or \\r), as the csv reader counts lines."""
    return field.count("\n") + field.count("\r") - field.count("\r\n")


class _Reader(Protocol):
    """What the scan needs of a csv reader: rows, and the number of lines read so far."""

    @property
    def line_num(self) -> int: ...

    def __iter__(self) -> Iterator[list[str]]: ...

    def __next__(self) -> list[str]: ...


class _Scan:
    """The pass over the data rows: chunks of equal-width rows, ragged rows noted."""

    def __init__(self, reader: _Reader, *, width: int) -> None:
        self.reader = reader
        self.width = width
        self.chunk_rows = max(64, CHUNK_CELLS // width)
        self.ragged = 0
        self.examples: list[RaggedRow] = []

    def chunks(self) -> Iterator[list[list[str]]]:
        """Yield chunks of rows, each row exactly `width` fields; blank lines are skipped."""
        start = self.reader.line_num
        while rows := list(islice(self.reader, self.chunk_rows)):
            end = self.reader.line_num
            if len(set(map(len, rows))) != 1 or len(rows[0]) != self.width:
                rows = self._repair(rows, start, end)
            start = end
            if rows:
                yield rows

    def _repair(self, rows: list[list[str]], start: int, end: int) -> list[list[str]]:
        """Drop blank rows, pad short rows, cut long ones, and note where each ragged row is."""
        one_line_each = end - start == len(rows)
        line, width, kept = start, self.width, []
        for row in rows:
            first = line + 1
            line = first if one_line_each else first + sum(map(_line_breaks, row))
            if len(row) == width:
                kept.append(row)
            elif row:
                self.ragged += 1
                if len(self.examples) < RAGGED_EXAMPLES:
                    self.examples.append(RaggedRow(line=first, fields=len(row)))
                kept.append(row[:width] if len(row) > width else row + [""] * (width - len(row)))
        return kept


def _header(reader: _Reader) -> list[str] | None:
    """The first non-blank row, cleaned into column names; None for an empty file."""
    row = next((row for row in reader if row), None)
    if row is None:
        return None
    row[0] = row[0].removeprefix("\ufeff")
    return [name.strip() or f"column_{i}" for i, name in enumerate(row, 1)]


def _date_summary(column: ColumnAccumulator, kind: str) -> DateSummary | None:
    span = column.date_range if kind == "date" else column.datetime_range
    if span is None or kind not in ("date", "datetime"):
        return None
    return DateSummary(
        minimum=span[0].isoformat(),
        maximum=span[1].isoformat(),
        span_days=(span[1] - span[0]).days,
        by_month=tuple(ValueCount(month, n) for month, n in sorted(column.months().items())),
    )


def _boolean_summary(column: ColumnAccumulator) -> BooleanSummary:
    trues = sum(n for value, n in column.counts.items() if value.strip().lower() in TRUE_TOKENS)
    return BooleanSummary(true=trues, false=column.present - trues)


def summarize_column(column: ColumnAccumulator, *, top: int = TOP_VALUES) -> ColumnSummary:
    """Turn a column's accumulated state into its summary (sorting its numbers once)."""
    column.finish()
    kind = column.inferred_type()
    summary = ColumnSummary(
        name=column.name,
        index=column.index,
        type=kind,
        count=column.present,
        missing=column.missing,
        distinct=len(column.counts),
        distinct_exact=True,
        top_values=tuple(ValueCount(value, n) for value, n in column.counts.most_common(top)),
        top_values_exact=True,
    )
    if column.numeric is not None and column.present:
        integers = column.numeric == "integer"
        numbers = column.number_counts()
        numeric, distinct, top_values = summarize_numbers(numbers, integers=integers, top=top)
        return replace(summary, distinct=distinct, top_values=top_values, numeric=numeric)
    if column.distinct_floor:
        summary = replace(
            summary, distinct=column.distinct_floor, distinct_exact=False, top_values_exact=False
        )
    boolean = _boolean_summary(column) if kind == "boolean" else None
    return replace(summary, dates=_date_summary(column, kind), boolean=boolean)


def _warnings(header: Sequence[str] | None, rows: int) -> tuple[str, ...]:
    if header is None:
        return ("the file is empty: no header and no rows",)
    notes = [] if rows else ["the file has a header but no data rows"]
    duplicates = sorted({name for name in header if header.count(name) > 1})
    if duplicates:
        notes.append(f"duplicate column names: {', '.join(duplicates)}")
    return tuple(notes)


def analyze(
    source: Source,
    *,
    delimiter: str | None = None,
    group_by: str | None = None,
    encoding: str = "utf-8",
    top: int = TOP_VALUES,
) -> Report:
    """Read a CSV file (a path, or a text stream opened with newline="") into a `Report`.

    `delimiter=None` sniffs it; `group_by` names a column to aggregate by.
    Raises SourceError, OptionError, DecodingError or MalformedCsvError.
    """
    if delimiter is not None and (len(delimiter) != 1 or delimiter in '\r\n"'):
        raise OptionError(f"the delimiter must be one character, not {delimiter!r}")
    started = time.perf_counter()
    with open_source(source, encoding=encoding) as opened:
        reader = None
        try:
            lines: Iterable[str] = opened.stream
            if delimiter is None:
                delimiter, lines = sniff(opened.stream)
            reader = csv.reader(lines, delimiter=delimiter)
            about = Report(opened.name, encoding, delimiter, rows=0, columns=())
            report = _read(reader, about=about, group_by=group_by, top=top)
        except UnicodeDecodeError as exc:
            near = reader.line_num + 1 if reader is not None else 1
            raise decoding_error(opened, exc, near=near) from exc
        except csv.Error as exc:
            assert reader is not None, "sniff() handles its own csv errors"
            line = reader.line_num
            message = f"{opened.name}, line {line}: {exc}"
            raise MalformedCsvError(message, line=line, hint="check the quoting there") from exc
    elapsed = time.perf_counter() - started
    logger.debug("analyzed %s: %d rows in %.3f s", opened.name, report.rows, elapsed)
    return report


def _read(reader: _Reader, *, about: Report, group_by: str | None, top: int) -> Report:
    """The pass itself; `about` is an empty report naming the source, encoding, delimiter."""
    header = _header(reader)
    if header is None:
        return replace(about, warnings=_warnings(None, 0))
    columns = [ColumnAccumulator(column, i) for i, column in enumerate(header)]
    groups = None
    if group_by is not None:
        if group_by not in header:
            hint = f"the columns are: {', '.join(header)}"
            raise OptionError(f"no column named {group_by!r} to group by", hint=hint)
        groups = GroupAccumulator(columns[header.index(group_by)], columns)
    scan = _Scan(reader, width=len(header))
    rows = 0
    for chunk in scan.chunks():
        values = list(zip(*chunk, strict=True))
        for column, column_values in zip(columns, values, strict=True):
            column.add(column_values)
        if groups is not None:
            groups.add(values)
        rows += len(chunk)
    summaries = tuple(summarize_column(column, top=top) for column in columns)
    numeric = [column for column in columns if column.numeric is not None and column.present]
    return replace(
        about,
        rows=rows,
        columns=summaries,
        ragged_rows=scan.ragged,
        ragged_examples=tuple(scan.examples),
        group_by=None if groups is None else groups.finish(numeric),
        warnings=_warnings(header, rows),
    )
