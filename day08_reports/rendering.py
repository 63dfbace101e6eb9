"""Reports as text: JSON (pydantic) or CSV (the csv module, a header row, then the rows)."""

from __future__ import annotations

import csv
import io

from day08_reports.schemas import Report

CSV_MEDIA_TYPE = "text/csv"


def to_json(report: Report) -> str:
    """The report as indented JSON."""
    return report.model_dump_json(indent=2)


def to_csv(report: Report) -> str:
    """The report's rows as CSV with a header row (totals stay in the JSON form)."""
    # solution: write a header row, then each row of the report, with the csv module
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=report.csv_fields(), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(row.model_dump(mode="json") for row in report.rows)
    return buffer.getvalue()
    # end solution


def wants_csv(accept: str) -> bool:
    """True when an Accept header asks for text/csv (with a non-zero quality)."""
    # solution: True when a media range of the Accept header is text/csv with a quality above 0
    for media_range in accept.split(","):
        media_type, *params = (part.strip() for part in media_range.split(";"))
        if media_type.lower() == CSV_MEDIA_TYPE and not any(
            p.replace(" ", "") in ("q=0", "q=0.0", "q=0.00", "q=0.000") for p in params
        ):
            return True
    return False
    # end solution
