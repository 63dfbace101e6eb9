"""Day 1: a CSV summary report, streamed in one pass with the standard library only.

Later days (13, 17) call `analyze(upload_stream)`, store `report_to_dict(report)` and turn a
stored document back into a report with `report_from_dict` to render it again.
"""

from day01_csv_report.analyzer import FIELD_LIMIT, analyze
from day01_csv_report.columns import MISSING_TOKENS
from day01_csv_report.errors import (
    CsvReportError,
    DecodingError,
    MalformedCsvError,
    OptionError,
    OutputError,
    SourceError,
)
from day01_csv_report.fastpath import DISTINCT_CAP
from day01_csv_report.groups import GROUP_CAP
from day01_csv_report.html_format import render_html
from day01_csv_report.json_format import SCHEMA, render_json, report_from_dict, report_to_dict
from day01_csv_report.markdown_format import render_markdown
from day01_csv_report.output import write_atomic
from day01_csv_report.report import (
    BooleanSummary,
    ColumnSummary,
    DateSummary,
    Group,
    GroupAggregate,
    GroupBy,
    Histogram,
    NumericSummary,
    RaggedRow,
    Report,
    ValueCount,
)
from day01_csv_report.source import SAMPLE_CSV
from day01_csv_report.text_format import render_text

__all__ = [
    "DISTINCT_CAP",
    "FIELD_LIMIT",
    "GROUP_CAP",
    "MISSING_TOKENS",
    "SAMPLE_CSV",
    "SCHEMA",
    "BooleanSummary",
    "ColumnSummary",
    "CsvReportError",
    "DateSummary",
    "DecodingError",
    "Group",
    "GroupAggregate",
    "GroupBy",
    "Histogram",
    "MalformedCsvError",
    "NumericSummary",
    "OptionError",
    "OutputError",
    "RaggedRow",
    "Report",
    "SourceError",
    "ValueCount",
    "analyze",
    "render_html",
    "render_json",
    "render_markdown",
    "render_text",
    "report_from_dict",
    "report_to_dict",
    "write_atomic",
]
