"""Day 18: validation and serialisation with marshmallow 4 (Flask) and pydantic 2 (FastAPI),
on day 11's library contract: day 11's app behind its seam, and a FastAPI twin.

Public names: the two validators (day 11's `RequestValidator` seam, plus `dump`), the two app
factories, the schemas and models, `compare` and `Verdict` (what `check` prints), the rules
both libraries share, and the merged contract.
"""

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
