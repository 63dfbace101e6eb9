"""`analyze`: one streaming pass over a CSV file into a `Report`.

The pass: open the source, guess the delimiter, read the header, then feed every column's
values to its accumulator, chunk by chunk (`fastpath.Chunks`), so memory holds one chunk of
text plus each column's compact state, whatever the file's size. At the end each accumulator
becomes a `ColumnSummary`.
"""

from __future__ import annotations

import csv
import logging
import time
from collections.abc import Iterable
from dataclasses import replace

from day01_csv_report.columns import TRUE_TOKENS, ColumnAccumulator
from day01_csv_report.errors import OptionError
from day01_csv_report.fastpath import BoundedColumn, Chunks, CsvReader
from day01_csv_report.groups import GroupAccumulator
from day01_csv_report.notes import file_warnings, malformed
from day01_csv_report.numeric import summarize_numbers
from day01_csv_report.report import BooleanSummary, ColumnSummary, DateSummary, Report, ValueCount
from day01_csv_report.source import OpenedSource, Source, decoding_error, open_source, sniff

logger = logging.getLogger(__name__)

TOP_VALUES = 10
FIELD_LIMIT = 16 * 1024 * 1024  # characters in one field (the csv module's default: 128 KiB)


def _header(reader: CsvReader) -> list[str] | None:
    """The first non-blank row, cleaned into column names; None for an empty file."""
    # solution: read the first non-blank row; strip the names, and name blank ones column_N
    row = next((row for row in reader if row), None)
    if row is None:
        return None
    row[0] = row[0].removeprefix("\ufeff")  # a BOM in a text stream the caller decoded
    return [name.strip() or f"column_{i}" for i, name in enumerate(row, 1)]
    # end solution


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


def summarize_column(column: BoundedColumn, *, top: int = TOP_VALUES) -> ColumnSummary:
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
        stats = summarize_numbers(column.distribution(), integers=integers, top=top)
        return replace(summary, numeric=stats[0], distinct=stats[1], top_values=stats[2])
    if column.distinct_floor:
        summary = replace(
            summary, distinct=column.distinct_floor, distinct_exact=False, top_values_exact=False
        )
    boolean = _boolean_summary(column) if kind == "boolean" else None
    return replace(summary, dates=_date_summary(column, kind), boolean=boolean)


def analyze(
    source: Source,
    *,
    delimiter: str | None = None,
    group_by: str | None = None,
    encoding: str = "utf-8",
    top: int = TOP_VALUES,
) -> Report:
    """Read a CSV file into a `Report`: a path, a binary stream, or a text stream (newline="").

    `delimiter=None` sniffs it; `group_by` names a column to aggregate by. Bytes are decoded
    with `encoding` unless they start with a byte-order mark.
    Raises SourceError, OptionError, DecodingError or MalformedCsvError.
    """
    if delimiter is not None and (len(delimiter) != 1 or delimiter in '\r\n"'):
        raise OptionError(f"the delimiter must be one character, not {delimiter!r}")
    csv.field_size_limit(max(csv.field_size_limit(), FIELD_LIMIT))
    started = time.perf_counter()
    with open_source(source, encoding=encoding) as opened:
        reader = None
        try:
            lines: Iterable[str] = opened.stream
            if delimiter is None:
                delimiter, lines = sniff(opened.stream)
            reader = csv.reader(lines, delimiter=delimiter)
            report = _read(reader, opened=opened, delimiter=delimiter, group_by=group_by, top=top)
        except UnicodeDecodeError as exc:
            near = reader.line_num + 1 if reader is not None else 1
            raise decoding_error(opened, exc, near=near) from exc
        except csv.Error as exc:
            assert reader is not None, "sniff() handles its own csv errors"
            raise malformed(opened.name, reader.line_num, exc) from exc
    elapsed = time.perf_counter() - started
    logger.debug("analyzed %s: %d rows in %.3f s", opened.name, report.rows, elapsed)
    return report


def _read(
    reader: CsvReader, *, opened: OpenedSource, delimiter: str, group_by: str | None, top: int
) -> Report:
    """The pass itself: header, chunks of rows into the column accumulators, summaries."""
    report = Report(opened.name, opened.encoding, delimiter, rows=0, columns=())
    header = _header(reader)
    if header is None:
        return replace(report, warnings=file_warnings(opened, None, [], None, 0))
    decimal_comma = delimiter == ";"  # where `,` cannot be the delimiter, `1,5` is a number
    columns = [BoundedColumn(name, i, decimal_comma=decimal_comma) for i, name in enumerate(header)]
    groups = None
    if group_by is not None:
        if group_by not in header:
            hint = f"the columns are: {', '.join(header)}"
            raise OptionError(f"no column named {group_by!r} to group by", hint=hint)
        groups = GroupAccumulator(columns[header.index(group_by)], columns)
    scan = Chunks(reader, width=len(header))
    rows = 0
    for chunk in scan:
        # solution: transpose the chunk into columns and give each accumulator its values
        values = list(zip(*chunk, strict=True))
        for column, column_values in zip(columns, values, strict=True):
            column.add(column_values)
        # end solution
        if groups is not None:
            groups.add(values)
        rows += len(chunk)
    summaries = tuple(summarize_column(column, top=top) for column in columns)
    numeric = [column for column in columns if column.numeric is not None and column.present]
    return replace(
        report,
        rows=rows,
        columns=summaries,
        ragged_rows=scan.ragged,
        ragged_examples=tuple(scan.examples),
        group_by=None if groups is None else groups.finish(numeric),
        warnings=file_warnings(opened, header, columns, scan, rows),
    )
