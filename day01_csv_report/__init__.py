"""Day 1: a CSV summary report, streamed in one pass with the standard library only.

Later days (13, 17) call `analyze(path_or_stream)` and store `report_to_dict(report)`.
"""

from day01_csv_report.analyzer import analyze
from day01_csv_report.columns import DISTINCT_CAP, MISSING_TOKENS
from day01_csv_report.errors import (
    CsvReportError,
    DecodingError,
    MalformedCsvError,
    OptionError,
    OutputError,
    SourceError,
)
from day01_csv_report.groups import GROUP_CAP
from day01_csv_report.html_format import render_html
from day01_csv_report.markdown_format import render_markdown
from day01_csv_report.output import write_atomic
from day01_csv_report.report import (
    SCHEMA,
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
    render_json,
    report_to_dict,
)
from day01_csv_report.source import SAMPLE_CSV
from day01_csv_report.text_format import render_text

__all__ = [
    "DISTINCT_CAP",
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
    "report_to_dict",
    "write_atomic",
]
