"""The bundled sample is exactly what the deterministic generator writes.

Internal: the generator (`sample.py`) is course tooling, not part of the assignment.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from day01_csv_report import SAMPLE_CSV, analyze


@pytest.mark.internal
def test_bundled_sample_matches_the_generator() -> None:
    from day01_csv_report.sample import SAMPLE_ROWS, write_sales_csv

    generated = io.StringIO(newline="")
    write_sales_csv(generated, rows=SAMPLE_ROWS)
    assert SAMPLE_CSV.read_text(encoding="utf-8") == generated.getvalue(), (
        "regenerate with: uv run python -m day01_csv_report.sample "
        "day01_csv_report/data/sales_orders.csv"
    )


def test_sample_has_numbers_dates_categories_and_missing_values() -> None:
    report = analyze(SAMPLE_CSV)
    types = {c.name: c.type for c in report.columns}
    assert types["quantity"] == "integer" and types["total"] == "float"
    assert types["order_date"] == "date" and types["paid"] == "boolean"
    assert types["region"] == "text"
    assert report.column("discount").missing > 0 and report.column("ship_date").missing > 0
    assert report.ragged_rows == 0


@pytest.mark.internal
def test_generator_command_writes_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from day01_csv_report.sample import main

    target = tmp_path / "orders.csv"
    assert main([str(target), "--rows", "25", "--seed", "9"]) == 0
    assert "wrote 25 orders" in capsys.readouterr().out
    assert analyze(target).rows == 25
