"""`--group-by`: rows per value of one column, and numeric aggregates within each group.

Each chunk is sorted by the group column once; every numeric column is then cut into one slice
per group and each slice is parsed and summed at C speed, instead of a Python step per cell.
At most `GROUP_CAP` groups are tracked; rows of any further values go to the group "(other)".
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import groupby

from day01_csv_report.columns import ColumnAccumulator, is_missing
from day01_csv_report.fastpath import parse_column
from day01_csv_report.report import Group, GroupAggregate, GroupBy, Number

GROUP_CAP = 1_000
OTHER = "(other)"
MISSING_GROUP = "(missing)"


class _Aggregate:
    """Running count, sum, minimum and maximum of one column within one group."""

    __slots__ = ("count", "total", "minimum", "maximum")

    def __init__(self) -> None:
        self.count = 0
        self.total: Number = 0
        self.minimum: Number | None = None
        self.maximum: Number | None = None

    def add(self, values: Sequence[Number]) -> None:
        if not values:
            return
        low, high = min(values), max(values)
        self.count += len(values)
        self.total += sum(values) if isinstance(low, int) else math.fsum(values)
        self.minimum = low if self.minimum is None else min(low, self.minimum)
        self.maximum = high if self.maximum is None else max(high, self.maximum)

    def freeze(self) -> GroupAggregate:
        mean = self.total / self.count if self.count else None
        return GroupAggregate(self.count, self.total, mean, self.minimum, self.maximum)


class GroupAccumulator:
    """Per-group row counts and aggregates, fed the same chunks as the column accumulators."""

    def __init__(self, key: ColumnAccumulator, columns: Sequence[ColumnAccumulator]) -> None:
        self.key = key
        self.columns = columns
        self.rows: dict[str, int] = {}
        self.aggregates: dict[tuple[str, int], _Aggregate] = {}
        self.truncated = False

    def _label(self, value: str) -> str:
        """The group a raw value belongs to: itself, (missing), or (other) past the cap."""
        label = MISSING_GROUP if is_missing(value) else value
        if label not in self.rows and len(self.rows) >= GROUP_CAP:
            self.truncated = True
            return OTHER
        return label

    def add(self, chunk: Sequence[Sequence[str]]) -> None:
        """Take a chunk as columns of values (after the column accumulators have seen it)."""
        keys = chunk[self.key.index]
        order = sorted(range(len(keys)), key=keys.__getitem__)
        runs = [(value, len(list(run))) for value, run in groupby(map(keys.__getitem__, order))]
        labels = []
        for value, size in runs:
            label = self._label(value)  # sees the groups added so far, this chunk's included
            self.rows[label] = self.rows.get(label, 0) + size
            labels.append(label)
        for column in self.columns:
            if column.numeric is not None and column is not self.key:
                self._add_column(
                    column, list(map(chunk[column.index].__getitem__, order)), labels, runs
                )

    def _add_column(
        self,
        column: ColumnAccumulator,
        values: list[str],
        labels: list[str],
        runs: list[tuple[str, int]],
    ) -> None:
        start = 0
        for label, (_, size) in zip(labels, runs, strict=True):
            assert column.numeric is not None
            parsed = parse_column(column.number_text(values[start : start + size]), column.numeric)
            start += size
            aggregate = self.aggregates.get((label, column.index))
            if aggregate is None:
                aggregate = self.aggregates[(label, column.index)] = _Aggregate()
            assert parsed is not None, "the column has just parsed this chunk as numbers"
            aggregate.add(parsed[1])

    def finish(self, numeric_columns: Sequence[ColumnAccumulator]) -> GroupBy:
        """Groups by descending row count, each with aggregates of the final numeric columns."""
        ordered = sorted(self.rows.items(), key=lambda item: (item[0] == OTHER, -item[1], item[0]))
        groups = []
        for label, rows in ordered:
            numeric = {
                column.name: self.aggregates.get((label, column.index), _Aggregate()).freeze()
                for column in numeric_columns
                if column is not self.key
            }
            groups.append(Group(value=label, rows=rows, numeric=numeric))
        return GroupBy(column=self.key.name, groups=tuple(groups), truncated=self.truncated)
