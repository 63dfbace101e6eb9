"""--group-by: rows per group and numeric aggregates, bounded in the number of groups."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET

import pytest

from day01_csv_report import (
    GROUP_CAP,
    Group,
    Report,
    analyze,
    render_html,
    render_json,
    render_text,
)


def _grouped(text: str, column: str) -> tuple[Report, dict[str, Group]]:
    report = analyze(io.StringIO(text, newline=""), group_by=column)
    assert report.group_by is not None
    return report, {group.value: group for group in report.group_by.groups}


def test_groups_aggregate_each_numeric_column() -> None:
    text = "shop,qty,price,note\nA,1,2.5,x\nB,2,,y\nA,3,4.5,z\nB,,1.0,w\n,5,5.0,v\n"
    report, groups = _grouped(text, "shop")
    assert {name: g.rows for name, g in groups.items()} == {"A": 2, "B": 2, "(missing)": 1}
    qty_a = groups["A"].numeric["qty"]
    assert (qty_a.count, qty_a.total, qty_a.mean, qty_a.minimum, qty_a.maximum) == (2, 4, 2, 1, 3)
    assert groups["B"].numeric["price"].total == 1.0
    assert set(groups["A"].numeric) == {"qty", "price"}, "only numeric columns are aggregated"


def test_a_group_without_values_has_empty_aggregates() -> None:
    report, groups = _grouped("k,v\na,1\nb,\nb,NA\n", "k")
    empty = groups["b"].numeric["v"]
    assert (empty.count, empty.total, empty.mean, empty.minimum) == (0, 0, None, None)
    assert "-" in render_text(report), "a missing statistic shows as -"


def test_a_column_that_turns_out_text_is_not_aggregated() -> None:
    _, groups = _grouped("k,v\na,1\nb,2\na,many\n", "k")
    assert groups["a"].numeric == {}


def test_rare_groups_past_the_cap_are_folded_into_other() -> None:
    rows = "".join(f"g{i},{i}\n" for i in range(GROUP_CAP + 50))
    report, groups = _grouped("id,n\n" + rows, "id")
    assert len(groups) == GROUP_CAP + 1
    assert groups["(other)"].rows == 50
    assert report.group_by is not None and report.group_by.truncated
    assert list(groups)[-1] == "(other)", "(other) comes last"
    assert "more groups in --format json" in render_text(report)
    assert "folded into (other)" in render_html(report)
    ET.fromstring(render_html(report).split("\n", 1)[1])
    assert json.loads(render_json(report))["group_by"]["truncated"] is True


@pytest.mark.parametrize("column", ["k", "v"], ids=["by-text-column", "by-number-column"])
def test_grouping_by_any_column_counts_every_row(column: str) -> None:
    report, groups = _grouped("k,v\na,1\nb,1\na,2\n", column)
    assert sum(g.rows for g in groups.values()) == report.rows == 3
