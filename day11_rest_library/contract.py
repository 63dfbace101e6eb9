"""The contract: the OpenAPI 3.1 document shipped beside this file, written before the code.

Everything else follows it: the routes implement its operations (a test checks both ways),
`validation.py` checks request bodies against its schemas, `/openapi.json` serves it as it
is and Swagger UI at `/docs` renders it. Change the API here first.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

CONTRACT_FILE = "openapi.json"


@cache
def contract_bytes() -> bytes:
    """The document's bytes, as shipped (read once)."""
    return (files(__package__ or "day11_rest_library") / CONTRACT_FILE).read_bytes()


def load_contract() -> dict[str, Any]:
    """The document, parsed (a fresh copy each call: callers may change theirs)."""
    document: dict[str, Any] = json.loads(contract_bytes())
    return document
