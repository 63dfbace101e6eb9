"""Day 18's contract: day 11's OpenAPI document plus the nested routes and the member schemas.

`openapi_additions.json` holds only what day 18 adds (paths, schemas, a new title); it is
merged into day 11's document at load time, so day 11's contract stays the single source of
every resource both apps share. Both apps serve the merged document at /openapi.json.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

from day11_rest_library import load_contract as load_day11_contract
from day18_validation.rules import json_bytes

ADDITIONS_FILE = "openapi_additions.json"
INPUT_SCHEMAS = (
    "BookCreate",
    "BookPatch",
    "AuthorWrite",
    "LoanCreate",
    "LoanPatch",
    "AuthorWithBooksCreate",
    "MemberCreate",
)
OUTPUT_SCHEMAS = ("Book", "Author", "Loan", "AuthorWithBooks", "LoanWithBook", "Member")


def load_contract() -> dict[str, Any]:
    """The merged document (a fresh copy each call)."""
    document = load_day11_contract()
    additions = json.loads((files(__package__ or "day18_validation") / ADDITIONS_FILE).read_text())
    document["info"].update(additions["info"])
    document["paths"].update(additions["paths"])
    document["components"]["schemas"].update(additions["schemas"])
    return document


@cache
def contract_bytes() -> bytes:
    """The merged document as compact JSON (made once)."""
    return json_bytes(load_contract())


def json_schema(name: str) -> dict[str, Any]:
    """One named schema as a standalone JSON Schema (the components inlined under `$defs`)."""
    schemas = load_contract()["components"]["schemas"]
    text = json.dumps(schemas).replace("#/components/schemas/", "#/$defs/")
    defs = json.loads(text)
    return {**defs[name], "$defs": defs}
