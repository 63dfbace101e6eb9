"""The two validators: day 11's `RequestValidator` seam, implemented with marshmallow and pydantic.

Each has `validate(schema, body) -> dict` (clean values, or `FieldValidationError` naming
each field as the client wrote it: `year`, `books.2.isbn`, `body` for the whole body) and
`dump(schema, obj) -> bytes` (a resource as compact JSON, the bytes day 11 sends). Their
messages are each library's own, except where the same rule speaks (`rules`) and for the two
every API needs in plain words: "is required" and "is not a field of this resource".

`verdict()` runs one validator on one payload and `compare()` runs both: what the `check`
command prints and what the verdict table and the differential test assert.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import marshmallow
import pydantic
import pydantic_core
from marshmallow.experimental.context import Context

from day18_validation import marshmallow_schemas as mm
from day18_validation import pydantic_models as pm
from day18_validation.rules import json_bytes, timestamp
from shared.problems import FieldError, FieldValidationError

REQUIRED = "is required"
UNKNOWN = "is not a field of this resource"
Clock = Callable[[], dt.date]


class UnknownSchemaError(LookupError):
    """The contract has no input (or output) schema of that name."""

    def __init__(self, name: str, known: Mapping[str, object]) -> None:
        super().__init__(f"No schema is named {name!r}; the schemas are {', '.join(known)}.")


class Validator(Protocol):
    """What both implementations offer: day 11's seam, and dumping."""

    name: str

    def validate(self, schema: str, body: object) -> dict[str, Any]: ...

    def dump(self, schema: str, obj: object) -> bytes: ...


# --- marshmallow ---------------------------------------------------------------------------


class MarshmallowValidator:
    """marshmallow 4 schemas behind day 11's seam (`create_app(validator=...)`)."""

    name = "marshmallow"

    def __init__(self, *, today: Clock = dt.date.today) -> None:
        self._context = {"today": today}  # what the year field reads (`Context.get()`)
        self._loaders: dict[str, marshmallow.Schema] = {
            "BookCreate": mm.BookSchema(),
            "BookPatch": mm.BookSchema(partial=True),
            "AuthorWrite": mm.AuthorSchema(),
            "LoanCreate": mm.LoanSchema(),
            "LoanPatch": mm.LoanPatchSchema(),
            "AuthorWithBooksCreate": mm.AuthorWithBooksSchema(),
            "MemberCreate": mm.MemberSchema(),
        }
        self._dumpers: dict[str, marshmallow.Schema] = {
            "Book": mm.BookSchema(),
            "Author": mm.AuthorSchema(),
            "Loan": mm.LoanSchema(),
            "AuthorWithBooks": mm.AuthorWithBooksSchema(),
            "LoanWithBook": mm.LoanWithBookSchema(),
            "Member": mm.MemberSchema(),
        }

    def validate(self, schema: str, body: object) -> dict[str, Any]:
        """Load `body` with the schema named `schema`; FieldValidationError naming each field."""
        loader: marshmallow.Schema = _pick(self._loaders, schema)
        # solution: load inside a Context holding the clock; flatten the errors to fields
        try:
            with Context(self._context):
                values: dict[str, Any] = loader.load(body)  # type: ignore[arg-type]
        except marshmallow.ValidationError as exc:
            raise FieldValidationError(_sorted(marshmallow_errors(exc.messages))) from exc
        return values
        # end solution

    def dump(self, schema: str, obj: object) -> bytes:
        """`obj` (an ORM row, or anything with its attributes) as the named schema's JSON."""
        dumper: marshmallow.Schema = _pick(self._dumpers, schema)
        return json_bytes(dumper.dump(obj))


def marshmallow_errors(messages: object, path: str = "") -> list[FieldError]:
    """marshmallow's nested error dict as one FieldError per field: `books.2.isbn`."""
    # solution: walk the dict; `_schema` is the object itself; lists of messages are leaves
    if isinstance(messages, list):
        return [FieldError(path or "body", _plain(str(messages[0])))]
    assert isinstance(messages, dict)
    found: list[FieldError] = []
    for key, value in messages.items():
        inner = path if key == "_schema" else f"{path}.{key}" if path else str(key)
        found += marshmallow_errors(value, inner)
    return found
    # end solution


# --- pydantic ------------------------------------------------------------------------------


class PydanticValidator:
    """pydantic 2 models behind the same seam (the FastAPI twin's; day 11's app takes it too)."""

    name = "pydantic"

    def __init__(self, *, today: Clock = dt.date.today) -> None:
        self._context = {"today": today}  # what the year rule reads (`info.context`)
        self._loaders: dict[str, tuple[type[pydantic.BaseModel], bool]] = {
            "BookCreate": (pm.BookCreate, False),
            "BookPatch": (pm.BookPatch, True),
            "AuthorWrite": (pm.AuthorWrite, False),
            "LoanCreate": (pm.LoanCreate, False),
            "LoanPatch": (pm.LoanPatch, False),
            "AuthorWithBooksCreate": (pm.AuthorWithBooksCreate, False),
            "MemberCreate": (pm.MemberCreate, False),
        }
        self._dumpers: dict[str, type[pydantic.BaseModel]] = {
            "Book": pm.BookPublic,
            "Author": pm.AuthorPublic,
            "Loan": pm.LoanPublic,
            "AuthorWithBooks": pm.AuthorWithBooksPublic,
            "LoanWithBook": pm.LoanWithBookPublic,
            "Member": pm.MemberPublic,
        }

    def validate(self, schema: str, body: object) -> dict[str, Any]:
        """Validate `body` with the model named `schema`; FieldValidationError naming each field."""
        model, partial = _pick(self._loaders, schema)
        # solution: validate with the clock in the context; map each error's loc to a field
        try:
            loaded = model.model_validate(body, context=self._context)
        except pydantic.ValidationError as exc:
            raise FieldValidationError(_sorted(pydantic_errors(exc))) from exc
        return _values(loaded, partial=partial)
        # end solution

    def dump(self, schema: str, obj: object) -> bytes:
        """`obj` as the named model's JSON: the same bytes as marshmallow's (and day 11's)."""
        model_type: type[pydantic.BaseModel] = _pick(self._dumpers, schema)
        model = model_type.model_validate(obj)
        # model_dump_json is this call and a decode to str: bytes straight from pydantic-core.
        try:
            data: bytes = model.__pydantic_serializer__.to_json(model, ensure_ascii=True)
        except pydantic_core.PydanticSerializationError:
            # A lone surrogate (text from outside the validators) is no UTF-8 for pydantic-core,
            # where Python's json writes it as an escape: the same values through json_bytes.
            return json_bytes(model.model_dump(mode="json"))
        # ensure_ascii escapes what Python's json escapes but DEL: escape it too (a bytes
        # replace that finds nothing takes nanoseconds; str's took a third of a microsecond).
        return data.replace(b"\x7f", b"\\u007f")


def pydantic_errors(exc: pydantic.ValidationError) -> list[FieldError]:
    """pydantic's errors as FieldErrors: the `loc` joined with dots, `body` for the object."""
    # solution: one FieldError per error: ".".join(loc) (or "body"), a plain message
    found = []
    for error in exc.errors(include_url=False):
        field = ".".join(str(part) for part in error["loc"]) or "body"
        message = {"missing": REQUIRED, "extra_forbidden": UNKNOWN}.get(error["type"])
        found.append(FieldError(field, message or str(error["msg"]).removeprefix("Value error, ")))
    return found
    # end solution


def _values(model: pydantic.BaseModel, *, partial: bool) -> dict[str, Any]:
    """A model's values as a dict (only the fields sent when `partial`), nested models too.

    Read from the model's `__dict__`, where pydantic keeps validated values: about a
    thirtieth of the validation's time, where `model_dump()` takes a seventh.
    """
    data = model.__dict__
    values = {name: data[name] for name in model.model_fields_set} if partial else dict(data)
    for name in _model_lists(type(model)):
        if name in values:
            values[name] = [dict(item.__dict__) for item in values[name]]
    return values


@functools.cache
def _model_lists(model: type[pydantic.BaseModel]) -> tuple[str, ...]:
    """The fields of `model` that hold a list of models (`books`), found once per model."""
    return tuple(
        name
        for name, field in model.model_fields.items()
        if typing.get_origin(field.annotation) is list
        and isinstance(item := typing.get_args(field.annotation)[0], type)
        and issubclass(item, pydantic.BaseModel)
    )


# --- both ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """One validator's answer: accepted (with the clean values) or the fields it names."""

    validator: str
    accepted: bool
    fields: tuple[str, ...] = ()
    messages: tuple[str, ...] = ()
    values: dict[str, Any] | None = None


def verdict(validator: Validator, schema: str, body: object) -> Verdict:
    """Validate `body` and say what happened (a FieldValidationError is a verdict too)."""
    try:
        values = validator.validate(schema, body)
    except FieldValidationError as exc:
        names = tuple(e.field for e in exc.errors)
        messages = tuple(e.message for e in exc.errors)
        return Verdict(validator.name, False, names, messages)
    return Verdict(validator.name, True, values=values)


def compare(schema: str, body: object, *, today: Clock = dt.date.today) -> tuple[Verdict, Verdict]:
    """marshmallow's verdict and pydantic's on the same payload."""
    return (
        verdict(MarshmallowValidator(today=today), schema, body),
        verdict(PydanticValidator(today=today), schema, body),
    )


def exit_code(ours: Verdict, theirs: Verdict) -> int:
    """`check`'s exit code: 0 both accept, 1 both reject, 3 they disagree (verdict or fields)."""
    if ours.accepted != theirs.accepted or ours.fields != theirs.fields:
        return 3
    return 0 if ours.accepted else 1


def plain(values: object) -> Any:
    """Loaded values as JSON would carry them: enums by value, datetimes in UTC with a Z."""
    if isinstance(values, dict):
        return {key: plain(value) for key, value in values.items()}
    if isinstance(values, list):
        return [plain(value) for value in values]
    if isinstance(values, enum.Enum):
        return values.value
    if isinstance(values, dt.datetime):
        return timestamp(values)
    return values


def _pick(table: Mapping[str, Any], name: str) -> Any:
    if name not in table:
        raise UnknownSchemaError(name, table)
    return table[name]


def _plain(message: str) -> str:
    """The two messages every API needs, in the same words for both libraries."""
    return {
        "Missing data for required field.": REQUIRED,
        "Unknown field.": UNKNOWN,
    }.get(message, message)


def _sorted(errors: list[FieldError]) -> list[FieldError]:
    """The first problem of each field, by field name (day 11's order)."""
    first: dict[str, FieldError] = {}
    for error in errors:
        first.setdefault(error.field, error)
    return sorted(first.values(), key=lambda e: e.field)
