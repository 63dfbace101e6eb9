"""Day 11: a REST library API on Flask (books, authors, loans), designed contract-first.

Public names: the factory and its settings, the models and their migrations, the contract,
and the validation seam (`RequestValidator`, which day 18 implements with marshmallow).
Day 18's FastAPI twin serves the same resources on the same data layer: the modules
`repository`, `queries`, `pagination`, `conditional` and `errors`, and `MAX_BODY`; its Flask
app adds to this one through `db` (the request's session), `responses` and `cli` (`migrate`).
"""

from __future__ import annotations

from day11_rest_library import (
    cli,
    conditional,
    db,
    errors,
    pagination,
    queries,
    repository,
    responses,
)
from day11_rest_library.app import MAX_BODY, create_app
from day11_rest_library.config import Settings
from day11_rest_library.contract import load_contract
from day11_rest_library.migrate import LIBRARY, downgrade, is_current, upgrade
from day11_rest_library.models import Author, Base, Book, Loan
from day11_rest_library.validation import ContractValidator, RequestValidator

__all__ = [
    "LIBRARY",
    "MAX_BODY",
    "Author",
    "Base",
    "Book",
    "ContractValidator",
    "Loan",
    "RequestValidator",
    "Settings",
    "cli",
    "conditional",
    "create_app",
    "db",
    "downgrade",
    "errors",
    "is_current",
    "load_contract",
    "pagination",
    "queries",
    "repository",
    "responses",
    "upgrade",
]
