"""Every format parses back: JSON loads with the documented keys, HTML is well-formed XML,
Markdown tables have the right shape, text fits a 100-column terminal."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from html.parser import HTMLParser

import pytest

from day01_csv_report import (
    SAMPLE_CSV,
    SCHEMA,
    Report,
    analyze,
    render_html,
    render_json,
    render_markdown,
    render_text,
    report_to_dict,
)

TRICKY = (
    "name,score,when,ok,note\n"
    '"<b>&amp;</b>",1.5,2024-01-01,yes,"pipe | and\nnewline"\n'
    "x\x01y,2,2024-02-01,no,\n"
    "short,3\n"
    "n,inf,2024-03-01,yes,ok\n"
)


@pytest.fixture(scope="module")
def sample() -> Report:
    return analyze(SAMPLE_CSV, group_by="region")


@pytest.fixture(scope="module")
def tricky() -> Report:
    return analyze(io.StringIO(TRICKY, newline=""), group_by="ok")


@pytest.fixture(scope="module")
def empty() -> Report:
    return analyze(io.StringIO("", newline=""))


@pytest.fixture(scope="module")
def header_only() -> Report:
    return analyze(io.StringIO("a,b\n", newline=""))


def test_json_has_the_documented_keys(sample: Report) -> None:
    data = json.loads(render_json(sample))
    assert list(data) == [
        "schema", "source", "encoding", "delimiter", "rows", "columns", "ragged_rows",
        "group_by", "warnings",
    ]  # fmt: skip
    assert data["schema"] == SCHEMA
    assert list(data["columns"][0]) == [
        "name", "index", "type", "count", "missing", "distinct", "distinct_exact",
        "top_values", "top_values_exact", "numeric", "dates", "boolean",
    ]  # fmt: skip
    numeric = data["columns"][0]["numeric"]
    assert list(numeric) == [
        "minimum", "maximum", "mean", "median", "stddev", "q1", "q3", "total", "histogram",
    ]  # fmt: skip
    assert list(data["group_by"]) == ["column", "truncated", "groups"]
    assert list(data["group_by"]["groups"][0]) == ["value", "rows", "numeric"]


def test_json_round_trips_the_report(sample: Report) -> None:
    assert json.loads(render_json(sample)) == json.loads(json.dumps(report_to_dict(sample)))
    assert json.loads(render_json(sample))["rows"] == 3_000


def test_json_turns_infinity_into_null(tricky: Report) -> None:
    data = json.loads(render_json(tricky))  # strict JSON: no Infinity/NaN literals
    score = next(c for c in data["columns"] if c["name"] == "score")
    assert score["numeric"]["maximum"] is None


@pytest.mark.parametrize("fixture", ["sample", "tricky", "empty", "header_only"], ids=str)
def test_html_is_well_formed_and_self_contained(
    fixture: str, request: pytest.FixtureRequest
) -> None:
    page = render_html(request.getfixturevalue(fixture))
    ET.fromstring(page.split("\n", 1)[1])  # raises on any unbalanced or unescaped markup
    assert not re.search(r"""(src|href)\s*=|<script|@import|url\(""", page), "no external assets"


def test_html_draws_inline_svg_charts(sample: Report) -> None:
    tags: list[str] = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            tags.append(tag)

    Collector().feed(render_html(sample))
    assert tags.count("svg") == len(sample.columns), "one chart per column"
    assert tags.count("rect") > 50


def _table_shapes(markdown: str) -> list[list[int]]:
    """Cells per row of each pipe table (escaped pipes do not split cells)."""
    tables: list[list[int]] = []
    previous = ""
    for line in markdown.splitlines():
        if line.startswith("|"):
            if not previous.startswith("|"):
                tables.append([])
            tables[-1].append(len(re.split(r"(?<!\\)\|", line)) - 2)
        previous = line
    return tables


@pytest.mark.parametrize("fixture", ["sample", "tricky"])
def test_markdown_tables_have_one_shape(fixture: str, request: pytest.FixtureRequest) -> None:
    tables = _table_shapes(render_markdown(request.getfixturevalue(fixture)))
    assert len(tables) >= 4
    for shape in tables:
        assert len(set(shape)) == 1, f"every row of a table needs the same cells: {shape}"


def test_markdown_separator_rows_are_valid(sample: Report) -> None:
    separators = [line for line in render_markdown(sample).splitlines() if "---" in line]
    assert separators
    assert all(re.fullmatch(r"\|( -{3}:? \|)+", line) for line in separators)


@pytest.mark.parametrize("fixture", ["sample", "tricky", "empty", "header_only"], ids=str)
def test_text_fits_a_100_column_terminal(fixture: str, request: pytest.FixtureRequest) -> None:
    text = render_text(request.getfixturevalue(fixture))
    widest = max(text.splitlines(), key=len)
    assert len(widest) <= 100, f"this line is {len(widest)} columns wide: {widest!r}"


def test_text_names_every_section(sample: Report) -> None:
    text = render_text(sample)
    for heading in ("Columns", "Numbers", "Dates", "Top values", "Groups by region"):
        assert f"\n{heading}" in text
    assert "3,000 rows · 13 columns" in text


def test_text_lists_ragged_rows_and_warnings(tricky: Report) -> None:
    text = render_text(tricky)
    assert "Ragged rows: 1 (expected 5 fields): line 5 (2 fields)" in text, "where, how wide"
    empty_text = render_text(analyze(io.StringIO("", newline="")))
    assert "the file is empty" in empty_text


def test_group_by_counts_rows_and_aggregates_numbers(sample: Report) -> None:
    assert sample.group_by is not None
    groups = {g.value: g for g in sample.group_by.groups}
    assert sum(g.rows for g in groups.values()) == 3_000
    assert groups["(missing)"].rows == sample.column("region").missing
    quantity = sample.column("quantity")
    assert sum(g.numeric["quantity"].count for g in groups.values()) == quantity.count
    assert quantity.numeric is not None
    total = sum(g.numeric["quantity"].total for g in groups.values())
    assert total == quantity.numeric.total, "group sums add up to the column's sum"


def test_markdown_of_a_header_only_file_lists_columns_and_the_warning(header_only: Report) -> None:
    markdown = render_markdown(header_only)
    assert _table_shapes(markdown) == [[7, 7, 7, 7]]
    assert markdown.endswith("## Warnings\n\n- the file has a header but no data rows\n")


def test_report_finds_columns_by_name(sample: Report) -> None:
    assert sample.column("region").index == 3
    with pytest.raises(KeyError):
        sample.column("colour")


ONE_BY_ONE = "x\n3\n"


@pytest.mark.parametrize(
    "render", [render_text, render_markdown, render_html], ids=lambda f: f.__name__
)
def test_counts_of_one_are_singular(render: Callable[[Report], str]) -> None:
    page = render(analyze(io.StringIO(ONE_BY_ONE, newline="")))
    assert "1 row · 1 column" in page, "one row and one column: no plural s"
    assert "rows" not in page.split("·")[0].rsplit("\n", 1)[-1]


def _decimals(cell: str) -> int:
    return len(cell.rsplit(".", 1)[1]) if "." in cell else 0


QUARTILES = "n,x\n" + "".join(f"{n},{x}\n" for n, x in [(1, 0), (1, 0.1), (2, 0.05), (3, 0.1)])


def test_every_statistic_of_a_column_has_the_same_decimals_in_text() -> None:
    """No `1.00` quartile beside a median `2`, no `0.00` beside `0.1`."""
    text = render_text(analyze(io.StringIO(QUARTILES + "5,0.1\n", newline="")))
    numbers = text.split("\nNumbers\n", 1)[1].split("\n\n", 1)[0].splitlines()[1:]
    for line in numbers:
        name, *cells = line.split()
        assert len({_decimals(cell) for cell in cells}) == 1, f"{name}: one format, got {cells}"
    x = dict(
        zip(
            ("min", "q1", "median", "mean", "q3", "max", "stddev"),
            numbers[1].split()[1:],
            strict=True,
        )
    )
    assert x["min"] != x["q1"] != x["max"], f"0, 0.05 and 0.1 must look different: {x}"


def test_every_statistic_of_a_column_has_the_same_decimals_in_markdown() -> None:
    markdown = render_markdown(analyze(io.StringIO(QUARTILES, newline="")))
    rows = markdown.split("## Numbers\n\n", 1)[1].split("\n\n", 1)[0].splitlines()[2:]
    for row in rows:
        name, *cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert len({_decimals(cell) for cell in cells}) == 1, f"{name}: one format, got {cells}"


def test_huge_and_tiny_numbers_switch_the_whole_column_to_scientific() -> None:
    text = render_text(analyze(io.StringIO("x\n1e-9\n2e12\n", newline="")))
    cells = text.split("\nNumbers\n", 1)[1].splitlines()[1].split()[1:]
    assert all("e" in cell for cell in cells), f"one scientific format for the column: {cells}"
