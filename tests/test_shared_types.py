"""shared.types: the cross-day constants and the ISO-8601 date types."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Annotated

import pytest
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from shared.types import ID_MAX, NO_NUL, NOT_BLANK, IsoDate, IsoDateTime, utc_now

DATES = TypeAdapter(IsoDate)
DATE_TIMES = TypeAdapter(IsoDateTime)


def test_id_max_fits_a_32_bit_sql_integer() -> None:
    assert ID_MAX == 2_147_483_647


def test_utc_now_is_aware_and_in_utc() -> None:
    now = utc_now()
    assert now.utcoffset() == timedelta(0)
    assert abs(now - datetime.now(UTC)) < timedelta(seconds=5)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2030-01-31", date(2030, 1, 31)), (date(2030, 1, 31), date(2030, 1, 31))],
    ids=["iso-text", "python-date"],
)
def test_iso_date_accepts_full_dates(value: object, expected: date) -> None:
    assert DATES.validate_python(value) == expected


@pytest.mark.parametrize(
    "value",
    ["31/01/2030", "2030-01-31T00:00:00", "2030-1-31", "2030-02-30", 1_700_000_000, None],
    ids=["day-first", "date-time", "short-month", "no-such-day", "unix-seconds", "null"],
)
def test_iso_date_refuses_everything_else(value: object) -> None:
    with pytest.raises(ValidationError):
        DATES.validate_python(value)


@pytest.mark.parametrize(
    "value",
    ["2030-01-31T09:30:00Z", "2030-01-31 09:30:00+02:00", datetime(2030, 1, 31, tzinfo=UTC)],
    ids=["zulu", "space-and-offset", "python-datetime"],
)
def test_iso_date_time_accepts_aware_iso_text(value: object) -> None:
    assert DATE_TIMES.validate_python(value).tzinfo is not None


@pytest.mark.parametrize(
    "value",
    ["2030-01-31T09:30:00", "2030-01-31", "-403", 1_700_000_000, "yesterday"],
    ids=["no-offset", "date-only", "negative-number-text", "unix-seconds", "words"],
)
def test_iso_date_time_refuses_naive_or_non_iso_input(value: object) -> None:
    with pytest.raises(ValidationError):
        DATE_TIMES.validate_python(value)


class _Note(BaseModel):
    model_config = ConfigDict(regex_engine="python-re")

    title: Annotated[str, Field(pattern=NOT_BLANK)]
    body: Annotated[str, Field(pattern=NO_NUL)] = ""


@pytest.mark.parametrize(
    "fields",
    [{"title": "   "}, {"title": "\x1c\t"}, {"title": "a\x00"}, {"title": "a", "body": "\x00"}],
    ids=["spaces", "python-whitespace", "nul-in-title", "nul-in-body"],
)
def test_text_patterns_refuse_blank_or_nul_text(fields: dict[str, str]) -> None:
    with pytest.raises(ValidationError):
        _Note.model_validate(fields)


def test_text_patterns_are_what_the_schema_publishes() -> None:
    schema = _Note.model_json_schema()["properties"]
    assert (schema["title"]["pattern"], schema["body"]["pattern"]) == (NOT_BLANK, NO_NUL)
    assert re.search(NOT_BLANK, " a ") and not re.search(NOT_BLANK, " \n ")
