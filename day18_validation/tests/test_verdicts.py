"""The verdict table (`data/verdicts.json`): both validators accept and reject the same payloads.

Each row is a payload for one contract schema, accepted (with the clean values it must load
to) or rejected (with the fields the error must name). The table's clock is fixed
(`today`), so "next year" is always 2027.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from day18_validation import INPUT_SCHEMAS, MarshmallowValidator, PydanticValidator, plain, verdict

TABLE = json.loads((Path(__file__).parent / "data" / "verdicts.json").read_text())
TODAY = dt.date.fromisoformat(TABLE["today"])
ROWS: list[dict[str, Any]] = TABLE["payloads"]
VALIDATORS = {
    "marshmallow": MarshmallowValidator(today=lambda: TODAY),
    "pydantic": PydanticValidator(today=lambda: TODAY),
}


def test_the_table_holds_at_least_sixty_payloads_over_every_input_schema() -> None:
    assert len(ROWS) >= 60, "the issue asks for a verdict table of at least 60 payloads"
    assert {row["schema"] for row in ROWS} == set(INPUT_SCHEMAS), "every input schema is covered"
    assert len({row["id"] for row in ROWS}) == len(ROWS), "row ids are unique"


@pytest.mark.parametrize("library", list(VALIDATORS))
@pytest.mark.parametrize("row", ROWS, ids=[row["id"] for row in ROWS])
def test_each_payload_gets_the_tables_verdict(library: str, row: dict[str, Any]) -> None:
    """Accepted payloads load to the table's clean values; rejected ones name its fields."""
    got = verdict(VALIDATORS[library], row["schema"], row["body"])
    why = f" ({row['why']})" if "why" in row else ""
    if row["accepted"]:
        assert got.accepted, (
            f"{library} must accept {row['id']}{why}, but named {got.fields}: {got.messages}"
        )
        if "values" in row:
            assert plain(got.values) == row["values"], f"{library} cleans {row['id']} so{why}"
    else:
        assert not got.accepted, f"{library} must reject {row['id']}{why}"
        assert list(got.fields) == row["fields"], f"{library} must name exactly these fields{why}"
