"""A differential property test: marshmallow and pydantic agree on every payload hypothesis finds.

Inputs are drawn from the contract's JSON Schemas (hypothesis-jsonschema), then mutated into
invalid ones (a field dropped, an unknown field added, a value swapped for a wrong one, at
the top or inside a nested book). Both validators must give the same verdict, name the same
fields and load the same clean values. Resources built by hypothesis (books, authors with
books, loans with their book, members; their text any code point, DEL, U+2028 and lone
surrogates among them) must dump to byte-identical JSON.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema
from sqlalchemy.orm.attributes import set_committed_value

from day11_rest_library import Author, Book, Loan
from day18_validation import (
    INPUT_SCHEMAS,
    AuthorShelf,
    MarshmallowValidator,
    PydanticValidator,
    Tier,
    json_schema,
    plain,
    verdict,
)
from day18_validation.tests.helpers import isbn13

TODAY = dt.date(2026, 6, 15)
MARSHMALLOW = MarshmallowValidator(today=lambda: TODAY)
PYDANTIC = PydanticValidator(today=lambda: TODAY)
EXAMPLES = settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)

ISBNS = st.one_of(
    st.integers(0, 10**9 - 1).map(isbn13),
    st.sampled_from(["0-262-51087-1", "080442957x", "978 0 441 01359 3"]),
    st.text(max_size=45),
)
WRONG = st.sampled_from(
    ["1965", True, False, None, 1.5, 2.0, [], {}, "", "   ", -1, 0, 2**31, "x" * 301, "\x00"]
)


def valid_payloads(schema: str) -> st.SearchStrategy[Any]:
    """Payloads drawn from the named schema of the contract."""
    document = json_schema(schema)
    return from_contract(document, document["$defs"])


def from_contract(schema: dict[str, Any], defs: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Objects and arrays walked here, each leaf (string, integer, enum) by hypothesis-jsonschema.

    (hypothesis-jsonschema 0.23's own object strategy calls a hypothesis internal that
    hypothesis 6.170 no longer has; its leaf strategies still work.)
    """
    if "$ref" in schema:
        return from_contract({**defs[schema["$ref"].rsplit("/", 1)[1]], **_rest(schema)}, defs)
    if schema.get("type") == "object":
        properties = {k: from_contract(v, defs) for k, v in schema["properties"].items()}
        required = set(schema.get("required", ()))
        return st.fixed_dictionaries(
            {k: v for k, v in properties.items() if k in required},
            optional={k: v for k, v in properties.items() if k not in required},
        )
    if schema.get("type") == "array":
        return st.lists(from_contract(schema["items"], defs), max_size=min(schema["maxItems"], 4))
    return from_schema(_rest(schema), custom_formats={"isbn": ISBNS})


def _rest(schema: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in schema.items() if k not in ("$ref", "description", "default")}


@st.composite
def mutated(draw: st.DrawFn, schema: str) -> Any:
    """A payload of `schema` with one thing made wrong (or, sometimes, nothing)."""
    body = draw(valid_payloads(schema))
    target = body
    if body.get("books") and draw(st.booleans()):
        target = body["books"][draw(st.integers(0, len(body["books"]) - 1))]
    action = draw(st.sampled_from(["drop", "add", "swap", "swap", "keep"]))
    keys = sorted(target)
    if action == "drop" and keys:
        del target[draw(st.sampled_from(keys))]
    elif action == "add":
        target[draw(st.sampled_from(["id", "extra", "author", "books", "available"]))] = 1
    elif action == "swap" and keys:
        target[draw(st.sampled_from(keys))] = draw(WRONG)
    return body


def assert_same_verdict(schema: str, body: Any) -> None:
    ours, theirs = verdict(MARSHMALLOW, schema, body), verdict(PYDANTIC, schema, body)
    assert ours.accepted == theirs.accepted, f"{schema} {body!r}: {ours} vs {theirs}"
    assert ours.fields == theirs.fields, f"{schema} {body!r}: the two name different fields"
    assert plain(ours.values) == plain(theirs.values), f"{schema} {body!r}: different values"


@pytest.mark.parametrize("schema", INPUT_SCHEMAS)
def test_both_libraries_agree_on_payloads_drawn_from_the_contract(schema: str) -> None:
    @EXAMPLES
    @given(body=valid_payloads(schema) | mutated(schema))
    def check(body: Any) -> None:
        assert_same_verdict(schema, body)

    check()


# Any text a row may hold, with the characters JSON encoders treat differently drawn often:
# DEL (pydantic-core's ensure_ascii leaves it raw, Python's json escapes it), U+2028/U+2029
# (valid raw in JSON, not in old JavaScript), lone surrogates (no UTF-8 for pydantic-core),
# control characters, quotes and slashes.
TRICKY = '\x7f\u2028\u2029\ud800\udfff\x00\x1f"\\/\u00e9\u4e66\U0001f4da'
TEXT = st.lists(  # not st.text: it merges an alphabet into one range, where 12 are never drawn
    st.sampled_from(TRICKY) | st.characters() | st.characters(categories=["Cs"]),
    min_size=1,
    max_size=20,
).map("".join)
MOMENTS = st.datetimes(
    timezones=st.sampled_from([None, dt.UTC, dt.timezone(dt.timedelta(hours=-5, minutes=-30))])
)


@st.composite
def books(draw: st.DrawFn, author: Author | None = None) -> Book:
    author = author or Author(id=draw(st.integers(1, 99)), name=draw(TEXT))
    book = Book(
        id=draw(st.integers(1, 10**6)),
        title=draw(TEXT),
        author_id=author.id,
        year=draw(st.integers(1450, 2027)),
        isbn=isbn13(draw(st.integers(0, 10**9 - 1))),
        copies=draw(st.integers(0, 1000)),
    )
    book.author = author
    set_committed_value(book, "lent", draw(st.integers(0, 1001)))
    return book


@st.composite
def loans(draw: st.DrawFn) -> Loan:
    book = draw(books())
    loan = Loan(id=draw(st.integers(1, 10**6)), book_id=book.id, borrower=draw(TEXT))
    loan.lent_at, loan.returned_at = draw(MOMENTS), draw(st.none() | MOMENTS)
    loan.book = book
    return loan


@st.composite
def shelves(draw: st.DrawFn) -> AuthorShelf:
    author = Author(id=draw(st.integers(1, 99)), name=draw(TEXT))
    return AuthorShelf(author.id, author.name, draw(st.lists(books(author), max_size=4)))


MEMBERS = st.fixed_dictionaries(
    {"name": TEXT, "email": st.emails(), "tier": st.sampled_from(Tier), "joined_at": MOMENTS}
)
RESOURCES = st.one_of(
    books().map(lambda b: ("Book", b)),
    books().map(lambda b: ("Author", b.author)),
    loans().map(lambda loan: ("Loan", loan)),
    loans().map(lambda loan: ("LoanWithBook", loan)),
    shelves().map(lambda s: ("AuthorWithBooks", s)),
    MEMBERS.map(lambda m: ("Member", m)),
)


@settings(max_examples=40, deadline=None, database=None)
@given(resource=RESOURCES)
def test_both_libraries_dump_byte_identical_json(resource: tuple[str, Any]) -> None:
    schema, obj = resource
    ours, theirs = MARSHMALLOW.dump(schema, obj), PYDANTIC.dump(schema, obj)
    assert ours == theirs, f"{schema}: marshmallow wrote {ours!r}, pydantic {theirs!r}"
