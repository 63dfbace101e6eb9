"""The validation seam: request bodies are checked by a `RequestValidator`, never by routes.

A route asks for a body by its schema's name in the contract (`validated_body("BookCreate")`)
and gets clean values or a 422. Which validator runs is the app's choice
(`create_app(validator=...)`): the default checks the contract's JSON Schemas; day 18 plugs in
marshmallow schemas of the same names and the routes do not change.

The default works in two steps:
1. the contract: the body is checked against the named schema of `openapi.json` (types,
   required and unknown fields, lengths, the `isbn` format), its text for lone surrogates.
   `1965.0` is the number 1965, as JSON Schema says, and is stored as such; `true` and
   `1965.5` are not years.
2. day 3's rules for the four book fields (`parse_new_book`, `parse_book_changes`): they trim
   the text, compact the ISBN, and check what a static document cannot say (a year at most
   next year).
"""

from __future__ import annotations

import re
from typing import Any, Protocol, cast

from flask import current_app
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema import ValidationError as SchemaError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from day03_flask_crud import normalize_isbn, parse_book_changes, parse_new_book
from day11_rest_library.contract import load_contract
from shared.flask_problems import json_body
from shared.problems import FieldError, FieldValidationError

EXTENSION_KEY = "day11_rest_library.validator"
CONTRACT_URI = "urn:day11:openapi"
BOOK_FIELDS = ("title", "author", "year", "isbn")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")  # a valid pair decodes to one code point
# Keywords that describe and never validate: where a `$ref`'s siblings and its target both
# have one, the reference's own wins (it says more about this use), and nothing else differs.
ANNOTATIONS = frozenset(
    {"title", "description", "default", "examples", "deprecated", "readOnly", "writeOnly"}
)


class RequestValidator(Protocol):
    """Checks one request body against a named schema: clean values, or FieldValidationError."""

    def validate(self, schema: str, body: object) -> dict[str, Any]:
        """Return the body's values, cleaned; raise FieldValidationError naming each field."""
        ...


def validated_body(schema: str) -> dict[str, Any]:
    """The request's JSON body checked by the app's validator (415, 400 or 422 otherwise)."""
    validator: RequestValidator = current_app.extensions[EXTENSION_KEY]
    return validator.validate(schema, json_body())


def _is_isbn(value: object) -> bool:
    """The `isbn` format: day 3's check digits (a format applies to strings only)."""
    return not isinstance(value, str) or normalize_isbn(value) is not None


class ContractValidator:
    """The default validator: the contract's JSON Schemas, then day 3's book rules."""

    def __init__(self) -> None:
        contract = load_contract()
        resource = Resource.from_contents(contract, default_specification=DRAFT202012)
        self._registry: Registry[Any] = Registry().with_resource(CONTRACT_URI, resource)
        self._formats = FormatChecker()
        self._formats.checks("isbn")(_is_isbn)
        self._checkers: dict[str, Draft202012Validator] = {}
        schemas = contract["components"]["schemas"]
        self._schemas: dict[str, Any] = schemas
        self._book_schemas = {
            name for name, s in schemas.items() if "isbn" in s.get("properties", {})
        }

    def _checker(self, schema: str) -> Draft202012Validator:
        """The JSON Schema validator of one named schema (made once, its `$ref`s inlined)."""
        if schema not in self._checkers:
            reference = {"$ref": f"#/components/schemas/{schema}"}
            self._checkers[schema] = Draft202012Validator(
                _inline(reference, self._schemas, ()),
                registry=self._registry,
                format_checker=self._formats,
            )
        return self._checkers[schema]

    def validate(self, schema: str, body: object) -> dict[str, Any]:
        """Check `body` against `#/components/schemas/<schema>`, then day 3's rules."""
        # solution: check the body against the named contract schema, listing every problem
        body = _whole_numbers(body)
        problems: dict[str, FieldError] = {}  # the first problem of each field
        for error in self._checker(schema).iter_errors(body):
            for problem in _field_errors(error):
                problems.setdefault(problem.field, problem)
        if problems:
            raise FieldValidationError(sorted(problems.values(), key=lambda p: p.field))
        # end solution
        assert isinstance(body, dict)  # the contract's body schemas are all objects
        _refuse_lone_surrogates(body)
        return _book_rules(body) if schema in self._book_schemas else dict(body)


def _inline(node: Any, schemas: dict[str, Any], within: tuple[str, ...]) -> Any:
    """`node` with each `$ref` to a contract schema replaced by that schema, once, up front.

    Resolving a `$ref` through the registry on every request was a third of the validation
    time. A reference's sibling keywords (`description`, `default`) join the schema it names
    (an `allOf` of both only when a validating keyword is in each: every level of nesting
    costs jsonschema a descent per request); a reference back into a schema being inlined (a
    cycle) stays a `$ref`, made absolute so the registry still resolves it.
    """
    if isinstance(node, list):
        return [_inline(item, schemas, within) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    prefix = "#/components/schemas/"
    if not (isinstance(ref, str) and ref.startswith(prefix)):
        return {key: _inline(value, schemas, within) for key, value in node.items()}
    name = ref.removeprefix(prefix)
    siblings = {key: _inline(value, schemas, within) for key, value in node.items()}
    del siblings["$ref"]
    if name in within or "/" in name:
        return {**siblings, "$ref": CONTRACT_URI + ref}
    target = _inline(schemas[name], schemas, (*within, name))
    if (set(siblings) & set(target)) - ANNOTATIONS:
        return {**siblings, "allOf": [target]}
    return {**target, **siblings}


def _refuse_lone_surrogates(body: dict[str, Any]) -> None:
    """422 for text holding a lone surrogate: JSON can carry `"\\ud800"`, no database can store it.

    (A JSON Schema pattern cannot say it portably: regex engines outside Python, such as the
    one schemathesis checks patterns with, have no surrogate code points.)
    """
    problems = [
        FieldError(
            name, f"must be valid Unicode text, not hold the lone surrogate U+{ord(m.group()):04X}"
        )
        for name, value in body.items()
        if isinstance(value, str) and (m := _LONE_SURROGATE.search(value))
    ]
    if problems:
        raise FieldValidationError(problems)


def _whole_numbers(value: object) -> object:
    """JSON has one number type: 1965.0 is the integer 1965 (JSON Schema agrees), so make it one."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {key: _whole_numbers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_whole_numbers(item) for item in value]
    return value


def _book_rules(body: dict[str, Any]) -> dict[str, Any]:
    """Day 3's checks and clean-up of the book fields present; other fields pass as they are."""
    # solution: run day 3's parse_new_book (all four fields) or parse_book_changes (some)
    fields = {name: body[name] for name in BOOK_FIELDS if name in body}
    if len(fields) == len(BOOK_FIELDS):
        cleaned = cast(dict[str, Any], parse_new_book(fields).as_changes())
    else:
        cleaned = cast(dict[str, Any], parse_book_changes(fields))
    return {**body, **cleaned}
    # end solution


def _field_errors(error: SchemaError) -> list[FieldError]:
    """One schema error as FieldErrors: the field it is about, in plain words."""
    path = ".".join(str(part) for part in error.absolute_path)
    if error.validator == "required" and isinstance(error.instance, dict):
        required = cast(list[str], error.validator_value)
        missing = [name for name in required if name not in error.instance]
        return [FieldError(_join(path, name), "is required") for name in missing]
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        known = cast(dict[str, Any], error.schema).get("properties", {})
        return [
            FieldError(_join(path, str(name)), "is not a field of this resource")
            for name in error.instance
            if name not in known
        ]
    if error.validator == "format" and error.validator_value == "isbn":
        return [FieldError(path, "must be a valid ISBN-10 or ISBN-13 (check digit included)")]
    if error.validator == "pattern":
        return [FieldError(path or "body", "must hold a visible character, and no NUL")]
    return [FieldError(path or "body", _plain(error))]


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _plain(error: SchemaError) -> str:
    """jsonschema's message without the echoed value (which can be huge), where it is simple."""
    value = error.validator_value
    messages = {
        "type": f"must be of type {value}",
        "minimum": f"must be at least {value}",
        "maximum": f"must be at most {value}",
        "minLength": "must not be empty",
        "maxLength": f"must be at most {value} characters",
        "const": f"must be {str(value).lower() if isinstance(value, bool) else value}",
    }
    return messages.get(str(error.validator), error.message)
