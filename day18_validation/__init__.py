"""Day 18: validation and serialisation with marshmallow 4 (Flask) and pydantic 2 (FastAPI),
on day 11's library contract: day 11's app behind its seam, and a FastAPI twin.

Public names: the two validators (day 11's `RequestValidator` seam, plus `dump`), the two app
factories, the schemas and models, `compare` and `Verdict` (what `check` prints), the rules
both libraries share, and the merged contract.
"""

from __future__ import annotations

from typing import TYPE_CHECKING as _TYPE_CHECKING

from shared.lazy import lazy_exports as _lazy_exports

if _TYPE_CHECKING:
    from day18_validation.contract import INPUT_SCHEMAS, OUTPUT_SCHEMAS, json_schema, load_contract
    from day18_validation.fastapi_app import create_fastapi_app
    from day18_validation.flask_app import create_flask_app
    from day18_validation.marshmallow_schemas import (
        AuthorSchema,
        AuthorWithBooksSchema,
        BookSchema,
        LoanPatchSchema,
        LoanSchema,
        LoanWithBookSchema,
        MemberSchema,
        ShelfBookSchema,
    )
    from day18_validation.nested import AuthorShelf
    from day18_validation.pydantic_models import (
        AuthorPublic,
        AuthorWithBooksCreate,
        AuthorWithBooksPublic,
        AuthorWrite,
        BookCreate,
        BookPatch,
        BookPublic,
        LoanCreate,
        LoanPatch,
        LoanPublic,
        LoanWithBookPublic,
        MemberCreate,
        MemberPublic,
        ShelfBook,
    )
    from day18_validation.rules import Tier, json_bytes
    from day18_validation.validators import (
        MarshmallowValidator,
        PydanticValidator,
        UnknownSchemaError,
        Validator,
        Verdict,
        compare,
        exit_code,
        plain,
        verdict,
    )

# Imported on first use, so `python -m day18_validation --help` loads no library.
_LAZY = {
    "AuthorPublic": "day18_validation.pydantic_models",
    "AuthorSchema": "day18_validation.marshmallow_schemas",
    "AuthorShelf": "day18_validation.nested",
    "AuthorWithBooksCreate": "day18_validation.pydantic_models",
    "AuthorWithBooksPublic": "day18_validation.pydantic_models",
    "AuthorWithBooksSchema": "day18_validation.marshmallow_schemas",
    "AuthorWrite": "day18_validation.pydantic_models",
    "BookCreate": "day18_validation.pydantic_models",
    "BookPatch": "day18_validation.pydantic_models",
    "BookPublic": "day18_validation.pydantic_models",
    "BookSchema": "day18_validation.marshmallow_schemas",
    "INPUT_SCHEMAS": "day18_validation.contract",
    "LoanCreate": "day18_validation.pydantic_models",
    "LoanPatch": "day18_validation.pydantic_models",
    "LoanPatchSchema": "day18_validation.marshmallow_schemas",
    "LoanPublic": "day18_validation.pydantic_models",
    "LoanSchema": "day18_validation.marshmallow_schemas",
    "LoanWithBookPublic": "day18_validation.pydantic_models",
    "LoanWithBookSchema": "day18_validation.marshmallow_schemas",
    "MarshmallowValidator": "day18_validation.validators",
    "MemberCreate": "day18_validation.pydantic_models",
    "MemberPublic": "day18_validation.pydantic_models",
    "MemberSchema": "day18_validation.marshmallow_schemas",
    "OUTPUT_SCHEMAS": "day18_validation.contract",
    "PydanticValidator": "day18_validation.validators",
    "ShelfBook": "day18_validation.pydantic_models",
    "ShelfBookSchema": "day18_validation.marshmallow_schemas",
    "Tier": "day18_validation.rules",
    "UnknownSchemaError": "day18_validation.validators",
    "Validator": "day18_validation.validators",
    "Verdict": "day18_validation.validators",
    "compare": "day18_validation.validators",
    "create_fastapi_app": "day18_validation.fastapi_app",
    "create_flask_app": "day18_validation.flask_app",
    "exit_code": "day18_validation.validators",
    "json_bytes": "day18_validation.rules",
    "json_schema": "day18_validation.contract",
    "load_contract": "day18_validation.contract",
    "plain": "day18_validation.validators",
    "verdict": "day18_validation.validators",
}


__all__ = [
    "INPUT_SCHEMAS",
    "OUTPUT_SCHEMAS",
    "AuthorPublic",
    "AuthorSchema",
    "AuthorShelf",
    "AuthorWithBooksCreate",
    "AuthorWithBooksPublic",
    "AuthorWithBooksSchema",
    "AuthorWrite",
    "BookCreate",
    "BookPatch",
    "BookPublic",
    "BookSchema",
    "LoanCreate",
    "LoanPatch",
    "LoanPatchSchema",
    "LoanPublic",
    "LoanSchema",
    "LoanWithBookPublic",
    "LoanWithBookSchema",
    "MarshmallowValidator",
    "MemberCreate",
    "MemberPublic",
    "MemberSchema",
    "PydanticValidator",
    "ShelfBook",
    "ShelfBookSchema",
    "Tier",
    "UnknownSchemaError",
    "Validator",
    "Verdict",
    "compare",
    "create_fastapi_app",
    "create_flask_app",
    "exit_code",
    "json_bytes",
    "json_schema",
    "load_contract",
    "plain",
    "verdict",
]


__getattr__, __dir__ = _lazy_exports(__name__, _LAZY, __all__)
