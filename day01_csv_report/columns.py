"""One column's running state during the single pass: counts, missing values, its type.

The idea in plain form: count every value of the column with a `Counter` and look only at the
values it has never seen before. A column of a million rows usually holds a few thousand
distinct values, so only those are ever parsed.

Type inference is a shrinking set of candidates. Every column starts as possibly integer,
float, boolean, date and datetime; new values strike out the candidates they contradict. At the
end the first candidate left, in that order, is the column's type (text if none is left).

This class keeps every distinct value, which is exact and simple. `fastpath.BoundedColumn`
adds what a huge file needs: a cap on distinct values and an `array` of numbers past it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from datetime import date, datetime, time
from itertools import islice
from math import isfinite
from typing import Literal, NamedTuple, TypeVar

from day01_csv_report.numeric import Distribution, distribution_of_counts
from day01_csv_report.report import Number

NumericKind = Literal["integer", "float"]
MISSING_TOKENS = frozenset({"", "-", "na", "n/a", "#n/a", "nan", "-nan", "null", "none", "<na>"})
TRUE_TOKENS = frozenset({"true", "t", "yes", "y"})
FALSE_TOKENS = frozenset({"false", "f", "no", "n"})
BOOLEAN_TOKENS = TRUE_TOKENS | FALSE_TOKENS
_LONGEST_TOKEN = max(map(len, MISSING_TOKENS))
_T = TypeVar("_T")


def is_missing(value: str) -> bool:
    """True for an empty or whitespace-only cell and for tokens such as NA, n/a, -, null, NaN."""
    # solution: recognise blank cells and the missing-value tokens, in any case
    if len(value) > _LONGEST_TOKEN:  # long values are never tokens: skip strip() and lower()
        return value.isspace()
    return value.strip().lower() in MISSING_TOKENS
    # end solution


def missing_keys(keys: Collection[str]) -> list[str]:
    """The keys that are missing-value tokens.

    A C-speed look first (`map` of str methods, `isdisjoint`), since usually there are none.
    """
    if MISSING_TOKENS.isdisjoint(map(str.lower, map(str.strip, keys))):
        return []
    return [key for key in keys if is_missing(key)]


def comma_to_dot(values: Iterable[str]) -> list[str]:
    """`1,5` -> `1.5`: how a decimal comma becomes something `float` reads."""
    return [value.replace(",", ".") for value in values]


def parse_numbers(values: Sequence[str], kind: NumericKind) -> tuple[NumericKind, list[Number]]:
    """Parse every value as `kind` (or as float when integers fail); ValueError if neither.

    One `map` over the batch instead of a `try` per value. NaNs spelled oddly (`+nan`) are
    dropped: `is_missing` knows only the common spellings.
    """
    if kind == "integer":
        try:
            return "integer", list(map(int, values))
        except (ValueError, OverflowError):
            pass
    floats = list(map(float, values))
    if not isfinite(sum(floats)):  # rare: a NaN or an infinity; keep the infinities
        floats = [x for x in floats if x == x]
    return "float", floats


class _Verdict(NamedTuple):
    """What a set of values fits: a numeric kind, boolean, dates, datetimes (None: does not)."""

    numeric: NumericKind | None
    boolean: bool
    days: list[date] | None
    moments: list[datetime] | None


def _parse_all(parse: Callable[[str], _T], keys: Iterable[str]) -> list[_T] | None:
    """Parse every key, or return None at the first one that does not parse."""
    try:
        return list(map(parse, keys))
    except ValueError:
        return None


class ColumnAccumulator:
    """Everything the report needs about one column, fed one batch of values at a time."""

    def __init__(self, name: str, index: int, *, decimal_comma: bool = False) -> None:
        self.name = name
        self.index = index
        self.rows = 0
        self.missing = 0  # see `finish`: until then missing values are counted in `counts`
        self.counts: Counter[str] = Counter()
        self.numeric: NumericKind | None = "integer"
        self.boolean = True
        self.date = True
        self.datetime = True
        self.date_range: tuple[date, date] | None = None
        self.datetime_range: tuple[datetime, datetime] | None = None
        self.decimal_comma = decimal_comma  # read `1,5` as 1.5 (files delimited by `;`)
        self.saw_decimal_comma = False

    @property
    def present(self) -> int:
        """How many non-missing values the column has seen (exact after `finish`)."""
        return self.rows - self.missing

    @property
    def undecided(self) -> bool:
        """True while some type other than text is still possible."""
        return bool(self.numeric or self.boolean or self.date or self.datetime)

    def add(self, values: Sequence[str]) -> None:
        """Take the next batch of this column's values (one per row, in file order)."""
        # solution: count the batch, then check the types of the values never seen before
        self.rows += len(values)
        before = len(self.counts)
        self.counts.update(values)  # C speed: one pass over the batch
        added = len(self.counts) - before
        if added and self.undecided:  # a Counter keeps insertion order: new keys come last
            self.check_types(set(islice(reversed(self.counts), added)))
        # end solution

    def number_text(self, values: Iterable[str]) -> list[str]:
        """The values as `int` and `float` read them (decimal commas turned into points)."""
        return comma_to_dot(values) if self.decimal_comma else list(values)

    def _verdict(self, keys: set[str]) -> _Verdict:
        """Which of the candidate types still alive every one of `keys` fits."""
        numeric = None
        if self.numeric is not None:
            try:
                numeric = parse_numbers(self.number_text(keys), self.numeric)[0]
            except ValueError:
                pass
        words = map(str.lower, map(str.strip, keys))  # C speed: no Python step per key
        boolean = self.boolean and BOOLEAN_TOKENS.issuperset(words)
        days = _parse_all(date.fromisoformat, keys) if self.date else None
        fits_datetime = self.datetime and days is None
        moments = _parse_all(datetime.fromisoformat, keys) if fits_datetime else None
        return _Verdict(numeric, boolean, days, moments)

    def check_types(self, keys: set[str]) -> None:
        """Strike out the candidate types that some non-missing value among `keys` contradicts."""
        # solution: drop missing values, then keep only the candidates every key still fits
        keys.difference_update(missing_keys(keys))
        if not keys:
            return
        verdict = self._verdict(keys)
        self.numeric, self.boolean = verdict.numeric, verdict.boolean
        self.date = verdict.days is not None
        self.datetime = self.date or verdict.moments is not None
        # end solution
        if self.decimal_comma and self.numeric and any("," in key for key in keys):
            self.saw_decimal_comma = True
        if verdict.days is not None:
            low, high = min(verdict.days), max(verdict.days)
            if self.date_range is not None:
                low, high = min(low, self.date_range[0]), max(high, self.date_range[1])
            self.date_range = (low, high)
            self._widen_datetimes([datetime.combine(low, time()), datetime.combine(high, time())])
        elif verdict.moments is not None:
            self._widen_datetimes(verdict.moments)

    def _widen_datetimes(self, moments: list[datetime]) -> None:
        try:
            low, high = min(moments), max(moments)
            if self.datetime_range is not None:
                low = min(low, self.datetime_range[0])
                high = max(high, self.datetime_range[1])
        except TypeError:  # naive and timezone-aware datetimes cannot be ordered together
            self.datetime = False
        else:
            self.datetime_range = (low, high)

    def finish(self) -> None:
        """Move the missing values out of `counts` into `missing`, once, after the last batch."""
        # solution: move every missing-value token's count from `counts` to `missing`
        for key in missing_keys(self.counts):
            self.missing += self.counts.pop(key)
        # end solution
        if self.numeric == "float" and not isfinite(sum(self._numbers())):
            for key, value in zip(list(self.counts), self._numbers(), strict=True):
                if value != value:  # NaN spelled oddly ("+nan") is missing too
                    self.missing += self.counts.pop(key)

    def _numbers(self) -> Iterator[Number]:
        """The counted keys as numbers, in the counter's order (`map`: C speed)."""
        convert: Callable[[str], Number] = int if self.numeric == "integer" else float
        return map(convert, self.number_text(self.counts))

    def number_counts(self) -> dict[Number, int]:
        """{number: count} of a numeric column: `3.5` and `3.50` are one number."""
        merged: dict[Number, int] = {}
        for value, n in zip(self._numbers(), self.counts.values(), strict=True):
            merged[value] = merged.get(value, 0) + n
        return merged

    def distribution(self) -> Distribution:
        """The column's numbers, sorted, with their counts (for `numeric.summarize_numbers`)."""
        return distribution_of_counts(self.number_counts(), integers=self.numeric == "integer")

    def months(self) -> dict[str, int]:
        """Values per month ("YYYY-MM") of a date or datetime column."""
        parse = date.fromisoformat if self.date else datetime.fromisoformat
        months: Counter[str] = Counter()
        for key, n in self.counts.items():
            months[parse(key).isoformat()[:7]] += n
        return dict(months)

    def inferred_type(self) -> str:
        """The column's type: the first candidate left, `text`, or `empty` with no values."""
        if not self.present:
            return "empty"
        if self.numeric is not None:
            return self.numeric
        candidates = (("boolean", self.boolean), ("date", self.date), ("datetime", self.datetime))
        return next((name for name, alive in candidates if alive), "text")
