"""Day 18 benchmark: load and dump 1,000 nested payloads with marshmallow, pydantic and msgspec.

    uv run --group bench python benchmarks/day18_validation.py [--payloads 1000] [--books 5]

The payload is day 18's nested resource: an author with their books (`AuthorWithBooksCreate`
in, `AuthorWithBooks` out). Every library gets the same 1,000 payloads:

- load: JSON bytes -> validated values (`json.loads` then the library, the way day 11's seam
  hands bodies over; msgspec decodes the bytes itself, which is its strength). The same rules
  run everywhere (day 18's `rules`: trimming, ISBN check digits, the year's bounds), so the
  libraries differ only in their own machinery.
- dump: day 11's ORM rows (an author's shelf of `Book`s) -> compact JSON bytes.

"raw" calls the library directly (`schema.load`, `Model.model_validate`, `schema.dumps`,
`model_dump_json`); "ours" goes through day 18's validators, the layer the apps use (error
mapping, the clock in a context, plain dicts out, day 11's exact bytes). The overhead column
is ours over raw (goal: at most 10%). msgspec is the speed anchor: how fast this can go.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the day packages, before this folder's same-named scripts

import msgspec  # noqa: E402
from sqlalchemy.orm.attributes import set_committed_value  # noqa: E402

from day11_rest_library import Author, Book  # noqa: E402
from day18_validation import (  # noqa: E402
    AuthorShelf,
    AuthorWithBooksCreate,
    AuthorWithBooksPublic,
    AuthorWithBooksSchema,
    MarshmallowValidator,
    PydanticValidator,
    rules,  # noqa: E402
)


# --- msgspec: the same rules, in __post_init__ (msgspec has no field validators) ------------
class ShelfBookStruct(msgspec.Struct, forbid_unknown_fields=True):
    title: str
    year: int
    isbn: str
    copies: int = 1

    def __post_init__(self) -> None:
        self.title = rules.clean_text(self.title)
        self.year = rules.check_year(self.year, today=dt.date.today())
        self.isbn = rules.clean_isbn(self.isbn)
        self.copies = rules.whole_number(self.copies, low=0, high=1000)


class ShelfStruct(msgspec.Struct, forbid_unknown_fields=True):
    name: str
    books: list[ShelfBookStruct]

    def __post_init__(self) -> None:
        self.name = rules.clean_text(self.name)
        if len(self.books) > 50:
            raise ValueError("at most 50 books")


class BookOut(msgspec.Struct):
    id: int
    title: str
    author: str
    author_id: int
    year: int
    isbn: str
    copies: int
    available: int


class ShelfOut(msgspec.Struct):
    id: int
    name: str
    books: list[BookOut]


def msgspec_shelf(shelf: AuthorShelf) -> ShelfOut:
    """msgspec encodes its own Structs: the rows are copied into them first."""
    books = [
        BookOut(
            b.id,
            b.title,
            b.author.name,
            b.author_id,
            b.year,
            b.isbn,
            b.copies,
            max(b.copies - b.lent, 0),
        )
        for b in shelf.books
    ]
    return ShelfOut(shelf.id, shelf.name, books)


# --- the payloads ----------------------------------------------------------------------------
def isbn13(n: int) -> str:
    body = f"978{n:09d}"
    total = sum((3 if i % 2 else 1) * int(d) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def payloads(count: int, books: int, rng: random.Random) -> list[bytes]:
    """`count` AuthorWithBooksCreate bodies as JSON bytes, some text non-ASCII."""
    bodies = []
    for n in range(count):
        shelf = [
            {
                "title": f" Book {n}-{i} {rng.choice(['', 'é', '书', 'Ω'])} ",
                "year": rng.randint(1450, 2025),
                "isbn": isbn13(n * books + i)[:3] + "-" + isbn13(n * books + i)[3:],
                "copies": rng.randint(0, 5),
            }
            for i in range(books)
        ]
        bodies.append(json.dumps({"name": f"Author {n}", "books": shelf}).encode())
    return bodies


def shelves(count: int, books: int, rng: random.Random) -> list[AuthorShelf]:
    """`count` authors with `books` ORM books each (transient rows, as a query returns them)."""
    result = []
    for n in range(count):
        author = Author(id=n + 1, name=f"Author {n} {rng.choice(['', 'é', '书'])}")
        rows = []
        for i in range(books):
            book = Book(
                id=n * books + i + 1,
                title=f"Book {n}-{i}",
                author_id=author.id,
                year=rng.randint(1450, 2025),
                isbn=isbn13(n * books + i),
                copies=rng.randint(0, 5),
            )
            book.author = author
            set_committed_value(book, "lent", rng.randint(0, 3))
            rows.append(book)
        result.append(AuthorShelf(author.id, author.name, rows))
    return result


# --- timing -------------------------------------------------------------------------------
def rates(works: list[Callable[[Any], object]], items: list[Any], repeat: int) -> list[float]:
    """Items per CPU second of each work: the best of `repeat` passes over all items.

    CPU time of this process (`process_time`), not wall time: on a shared machine other
    processes' load stretches the wall clock, hardly our CPU time. The works take turns
    pass by pass, so a slow moment hits them alike.
    """
    best = [float("inf")] * len(works)
    for _ in range(repeat):
        for n, work in enumerate(works):
            started = time.process_time()
            for item in items:
                work(item)
            best[n] = min(best[n], time.process_time() - started)
    return [len(items) / seconds for seconds in best]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--payloads", type=int, default=1000)
    parser.add_argument("--books", type=int, default=5, help="books per author")
    parser.add_argument("--repeat", type=int, default=15, help="passes; the best counts")
    args = parser.parse_args()
    rng = random.Random(18)
    bodies = payloads(args.payloads, args.books, rng)
    rows = shelves(args.payloads, args.books, rng)

    mm_schema, mm = AuthorWithBooksSchema(), MarshmallowValidator()
    pd = PydanticValidator()
    name_in, name_out = "AuthorWithBooksCreate", "AuthorWithBooks"
    # The same outputs, or the comparison means nothing.
    assert mm.validate(name_in, json.loads(bodies[0])) == pd.validate(
        name_in, json.loads(bodies[0])
    )
    assert mm.dump(name_out, rows[0]) == pd.dump(name_out, rows[0])
    assert json.loads(msgspec.json.encode(msgspec_shelf(rows[0]))) == json.loads(
        pd.dump(name_out, rows[0])
    )

    cases: list[
        tuple[str, str, Callable[[Any], object], Callable[[Any], object] | None, list[Any]]
    ] = [
        (
            "load",
            "marshmallow",
            lambda b: mm_schema.load(json.loads(b)),
            lambda b: mm.validate(name_in, json.loads(b)),
            bodies,
        ),
        (
            "load",
            "pydantic",
            lambda b: AuthorWithBooksCreate.model_validate(json.loads(b)),
            lambda b: pd.validate(name_in, json.loads(b)),
            bodies,
        ),
        ("load", "pydantic (from bytes)", AuthorWithBooksCreate.model_validate_json, None, bodies),
        (
            "load",
            "msgspec (anchor)",
            lambda b: msgspec.json.decode(b, type=ShelfStruct),
            None,
            bodies,
        ),
        (
            "dump",
            "marshmallow",
            lambda r: mm_schema.dumps(r).encode(),
            lambda r: mm.dump(name_out, r),
            rows,
        ),
        (
            "dump",
            "pydantic",
            lambda r: AuthorWithBooksPublic.model_validate(r).model_dump_json().encode(),
            lambda r: pd.dump(name_out, r),
            rows,
        ),
        ("dump", "msgspec (anchor)", lambda r: msgspec.json.encode(msgspec_shelf(r)), None, rows),
    ]
    print(
        f"day 18: {args.payloads:,} nested payloads (an author with {args.books} books each), "
        f"best of {args.repeat} passes, payloads per CPU second"
    )
    header = (
        f"{'step':<5} {'library':<22} {'raw':>10} {'ours':>10} {'overhead':>9} {'vs msgspec':>11}"
    )
    print(header)
    print("-" * len(header))
    results = []
    for step, lib, raw, ours, items in cases:
        measured = rates([raw, ours] if ours else [raw], items, args.repeat)
        results.append((step, lib, measured[0], measured[1] if ours else None))
    anchor = {step: r for step, lib, r, _ in results if lib.startswith("msgspec")}
    for step, lib, raw_rate, our_rate in results:
        ours_text = f"{our_rate:>10,.0f}" if our_rate else f"{'-':>10}"
        overhead = f"{raw_rate / our_rate - 1:>+8.1%}" if our_rate else f"{'-':>8}"
        print(
            f"{step:<5} {lib:<22} {raw_rate:>10,.0f} {ours_text} {overhead:>9} "
            f"{(our_rate or raw_rate) / anchor[step]:>10.2f}x"
        )
    print(
        "overhead: time through day 18's layer over the raw library call (goal <= +10%);"
        " vs msgspec: our layer's rate (raw where there is none) over msgspec's"
    )


if __name__ == "__main__":
    main()
