"""One column's running state during the single pass: type inference, counts, values.

Type inference is a shrinking set of candidates. Every column starts as possibly boolean,
integer, float, date and datetime; values strike out the candidates they contradict. At the
end the first candidate left, in that order, is the column's type (text if none is left).

Speed comes from working on a chunk of one column at a time (a tuple of a few hundred strings)
with C-level building blocks instead of a Python statement per cell: `counts.update(values)`
counts the chunk, and only the values the column has never seen before (the newest keys of the
counter) are parsed to check the candidates. A `try` wraps a batch of values, never one cell;
missing-value tokens are looked for one by one only when a batch fails to parse.

Memory stays bounded: a non-numeric column counts its values exactly up to `DISTINCT_CAP`
distinct values, then stops admitting new ones and reports the distinct count as a lower bound.
A numeric column with more than `NUMBER_COUNT_CAP` distinct values switches to an `array` of
numbers (8 bytes each, never a list of Python objects), parsed a chunk at a time.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from datetime import date, datetime, time
from itertools import chain, filterfalse, islice, repeat
from math import isfinite
from operator import itemgetter
from typing import Any, Literal, NamedTuple, TypeVar

NumericKind = Literal["integer", "float"]
MISSING_TOKENS = frozenset({"", "na", "n/a", "#n/a", "nan", "-nan", "null", "none", "<na>"})
TRUE_TOKENS = frozenset({"true", "t", "yes", "y"})
FALSE_TOKENS = frozenset({"false", "f", "no", "n"})
BOOLEAN_TOKENS = TRUE_TOKENS | FALSE_TOKENS
DISTINCT_CAP = 10_000
NUMBER_COUNT_CAP = 50_000
_LONGEST_TOKEN = max(map(len, MISSING_TOKENS))
_MONTH = itemgetter(slice(0, 7))
_MONTH_KEY = re.compile(r"\d{4}-\d{2}")
_T = TypeVar("_T")


def is_missing(value: str) -> bool:
    """True for an empty or whitespace-only cell and for tokens such as NA, n/a, null, NaN."""
    if len(value) <= _LONGEST_TOKEN:
        return value.strip().lower() in MISSING_TOKENS
    return value.isspace()


def parse_numbers(values: Sequence[str], kind: NumericKind) -> tuple[NumericKind, array[Any]]:
    """Parse every value as `kind` (or as float when integers fail); raise ValueError if neither.

    The result is an `array("q")` of integers or an `array("d")` of floats without NaNs.
    """
    if kind == "integer":
        try:
            return "integer", array("q", map(int, values))
        except (ValueError, OverflowError):
            pass
    floats = array("d", map(float, values))
    if not isfinite(sum(floats)):  # rare: NaN spelled oddly ("+nan") or infinities
        floats = array("d", [x for x in floats if x == x])
    return "float", floats


def split_missing(values: Sequence[str]) -> tuple[list[str], int]:
    """Return the non-missing values and how many were missing (the per-cell slow path)."""
    present = list(filterfalse(is_missing, values))
    return present, len(values) - len(present)


def parse_column(
    values: Sequence[str], kind: NumericKind
) -> tuple[NumericKind, array[Any], int] | None:
    """Parse a chunk's non-missing values: (kind, numbers, missing count), None for a non-number.

    The fast path drops empty strings and parses the rest in one call; only when that fails
    (an "NA" token, a stray word) are the values checked one by one.
    """
    empties = values.count("")
    present: Sequence[str] = list(filter(None, values)) if empties else values
    try:
        parsed_kind, numbers = parse_numbers(present, kind)
    except ValueError:
        parsed_kind = None
    if parsed_kind != kind:
        present, empties = split_missing(values)
        try:
            parsed_kind, numbers = parse_numbers(present, kind)
        except ValueError:
            return None
    return parsed_kind, numbers, empties + len(present) - len(numbers)


def missing_keys(keys: Iterable[str]) -> list[str]:
    """The keys that are missing-value tokens (`is_missing` inlined: this runs per chunk)."""
    longest, tokens = _LONGEST_TOKEN, MISSING_TOKENS
    return [k for k in keys if (k.strip().lower() in tokens if len(k) <= longest else k.isspace())]


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
    """Everything the report needs about one column, fed one chunk of values at a time.

    Values are counted as strings (`counts`), and only values never seen before are checked
    against the candidate types. A numeric column whose distinct values pass
    `NUMBER_COUNT_CAP` switches to parsing every chunk into an `array` of numbers instead.
    """

    def __init__(self, name: str, index: int, *, distinct_cap: int = DISTINCT_CAP) -> None:
        self.name = name
        self.index = index
        self.rows = 0
        self.missing = 0  # see `finish`: missing values are also counted in `counts`
        self.numeric: NumericKind | None = "integer"
        self.numbers: array[Any] | None = None  # None while numbers are counted as strings
        self.boolean = True
        self.date = True
        self.datetime = True
        self.date_range: tuple[date, date] | None = None
        self.datetime_range: tuple[datetime, datetime] | None = None
        self.counts: Counter[str] = Counter()
        self.distinct_cap = distinct_cap
        self.distinct_floor = 0  # > 0 once the exact counter is full: distinct >= this
        self.month_prefixes: Counter[str] = Counter()  # "YYYY-MM" -> values, once past the cap

    @property
    def present(self) -> int:
        """How many non-missing values the column has seen (exact after `finish`)."""
        return self.rows - self.missing

    def add(self, values: Sequence[str]) -> None:
        """Take the next chunk of this column's values (one per row, in file order)."""
        self.rows += len(values)
        if self.numbers is not None and self._add_numbers(values):
            return
        if self.distinct_floor:
            self._add_past_cap(values)
        else:
            self._add_counted(values)

    def _add_numbers(self, values: Sequence[str]) -> bool:
        """Append the chunk to the number array; False when the column turned out not numeric."""
        assert self.numbers is not None and self.numeric is not None
        parsed = parse_column(values, self.numeric)
        if parsed is None:  # text after all: carry on counting only the values tracked so far
            self.numeric = self.numbers = None
            return False
        kind, numbers, missing = parsed
        self.missing += missing
        if kind != self.numeric:
            self.numeric, self.numbers = kind, array("d", self.numbers)
        self.numbers.extend(numbers)
        return True

    def _add_counted(self, values: Sequence[str]) -> None:
        """Count every value (missing ones too, sorted out in `finish`); check new values' types."""
        counts = self.counts
        before = len(counts)
        counts.update(values)  # C speed: one pass over the tuple
        added = len(counts) - before
        if added and (self.numeric or self.boolean or self.date or self.datetime):
            self._check_types(set(islice(reversed(counts), added)))  # the values never seen
        if self.numeric is not None:
            if len(counts) > NUMBER_COUNT_CAP:
                self._start_numbers()
        elif len(counts) > self.distinct_cap:
            self.distinct_floor = len(counts)
            if self.date or self.datetime:
                for key, n in counts.items():
                    self.month_prefixes[key[:7]] += n

    def _start_numbers(self) -> None:
        """Too many distinct numbers to count: keep them in an array from now on."""
        missing = missing_keys(self.counts)
        merged, nans = self._merge_numbers(skip=set(missing))
        self.missing += nans + sum(self.counts[key] for key in missing)
        self.numbers = array("q" if self.numeric == "integer" else "d")
        self.numbers.extend(chain.from_iterable(map(repeat, merged, merged.values())))
        self.distinct_floor = len(self.counts)  # if text after all: distinct >= this
        self.counts = Counter()  # free the strings; top values then come from the numbers
        self.boolean = self.date = self.datetime = False

    def _merge_numbers(self, *, skip: Collection[str] = ()) -> tuple[dict[Any, int], int]:
        """The counted values as numbers ("3.5" and "3.50" merge) and how many were NaN."""
        convert: Callable[[str], Any] = int if self.numeric == "integer" else float
        merged: dict[Any, int] = {}
        nans = 0
        for key, n in self.counts.items():
            if key in skip:
                continue
            value = convert(key)
            if value != value:
                nans += n
            else:
                merged[value] = merged.get(value, 0) + n
        return merged, nans

    def _add_past_cap(self, values: Sequence[str]) -> None:
        """Past the cap: count missing values, widen date ranges, count only tracked values."""
        chunk = Counter(values)
        for key in missing_keys(chunk):
            self.missing += chunk.pop(key)
        if self.boolean or self.date or self.datetime:
            self._check_types(set(chunk))
        if self.date or self.datetime:
            self.month_prefixes.update(map(_MONTH, values))
        counts = self.counts
        for key in chunk.keys() & counts.keys():
            counts[key] += chunk[key]
        self.distinct_floor = max(self.distinct_floor, len(chunk))

    def _verdict(self, keys: Collection[str]) -> _Verdict:
        """Which of the candidate types still alive every one of `keys` fits."""
        numeric = None
        if self.numeric is not None:
            try:
                numeric = parse_numbers(list(keys), self.numeric)[0]
            except ValueError:
                pass
        boolean = self.boolean and all(
            map(BOOLEAN_TOKENS.__contains__, map(str.lower, map(str.strip, keys)))
        )
        days = _parse_all(date.fromisoformat, keys) if self.date else None
        fits_datetime = self.datetime and days is None
        moments = _parse_all(datetime.fromisoformat, keys) if fits_datetime else None
        return _Verdict(numeric, boolean, days, moments)

    def _loses_a_candidate(self, verdict: _Verdict) -> bool:
        return (
            (self.numeric is not None and verdict.numeric != self.numeric)
            or (self.boolean and not verdict.boolean)
            or (self.date and verdict.days is None)
            or (self.datetime and verdict.days is None and verdict.moments is None)
        )

    def _check_types(self, keys: set[str]) -> None:
        """Strike out the candidate types that some non-missing value among `keys` contradicts.

        Missing-value tokens are looked for only when a candidate would die: usually never.
        """
        keys.discard("")
        if not keys:
            return
        verdict = self._verdict(keys)
        if self._loses_a_candidate(verdict):
            keys.difference_update(missing_keys(keys))
            if not keys:
                return
            verdict = self._verdict(keys)
        self.numeric, self.boolean = verdict.numeric, verdict.boolean
        self.date = verdict.days is not None
        self.datetime = self.date or verdict.moments is not None
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
        """Move the missing values out of `counts` into `missing`, once, after the last chunk."""
        for key in missing_keys(self.counts):
            self.missing += self.counts.pop(key)
        if self.numeric == "float" and self.numbers is None:  # NaN spelled oddly, e.g. "+nan"
            for key in [key for key in self.counts if float(key) != float(key)]:
                self.missing += self.counts.pop(key)

    def number_counts(self) -> array[Any] | dict[Any, int]:
        """The numbers of a numeric column: its array, or {number: count} while counted."""
        return self.numbers if self.numbers is not None else self._merge_numbers()[0]

    def months(self) -> dict[str, int]:
        """Values per month ("YYYY-MM") of a date or datetime column; empty if unknown."""
        if not self.distinct_floor:
            parse = date.fromisoformat if self.date else datetime.fromisoformat
            months: Counter[str] = Counter()
            for key, n in self.counts.items():
                months[parse(key).isoformat()[:7]] += n
            return dict(months)
        prefixes = {k: n for k, n in self.month_prefixes.items() if not is_missing(k)}
        return prefixes if all(map(_MONTH_KEY.fullmatch, prefixes)) else {}

    def inferred_type(self) -> str:
        """The column's type: the first candidate left, `text`, or `empty` with no values."""
        if not self.present:
            return "empty"
        if self.numeric is not None:
            return self.numeric
        candidates = (
            ("boolean", self.boolean),
            ("date", self.date),
            ("datetime", self.datetime),
        )
        return next((name for name, alive in candidates if alive), "text")
