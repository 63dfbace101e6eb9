"""Day 18 benchmark: load and dump 1,000 nested payloads with marshmallow, pydantic and msgspec.

    uv run --group bench python benchmarks/day18_validation.py [--payloads 1000] [--books 5]

The payload is day 18's nested resource: an author with their books (`AuthorWithBooksCreate`
in, `AuthorWithBooks` out). Every library gets the same 1,000 payloads:

- load: JSON bytes -> validated values (`json.loads` then the library, the way day 11's seam
  hands bodies over; msgspec decodes the bytes itself, which is its strength). The same rules
  run everywhere (day 18's `rules`: trimming, ISBN check digits, the year's bounds), so the
  libraries differ only in their own machinery.
- dump: day 11's ORM rows (an author's shelf of `Book`s) -> day 11's bytes: compact JSON,
  everything outside printable ASCII escaped (as Python's json writes it), so that both apps
  send the same ETags. Two authors in three have a non-ASCII name.

"raw" is what a user of the library alone writes to get that output (each row's calls are
printed under the table); "ours" goes through day 18's validators, the layer the apps use
(error mapping, the clock in a context, plain dicts out, DEL escaped as Python's json does).
The overhead column is ours over raw (goal: at most 10%). msgspec is the speed anchor: how
fast this can go (it writes UTF-8, without escapes: not quite the same bytes).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

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
    rules,
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
CHUNK = 25  # items per turn: a few milliseconds of work, within one time slice of the CPU


class Timing(NamedTuple):
    """Items per CPU second of each work (the best pass), and ours/raw per chunk (median)."""

    rates: list[float]
    ratio: float | None


def measure(works: list[Callable[[Any], object]], items: list[Any], repeat: int) -> Timing:
    """Time each work over all items, `repeat` passes; with two works, their time ratio too.

    CPU time of this process (`process_time`), not wall time: on a shared machine other
    processes' load stretches the wall clock, hardly our CPU time; it still cools our
    caches and shares the cores' frequency. So the works take turns on each chunk of 25
    items (a few milliseconds), in alternating order: the ratio of each pair, run back to
    back on the same items, sees the same machine, and their median ignores the pairs that
    a disturbance split. The rates are each work's best pass. The garbage collector is off
    during a pass, as in timeit.
    """
    chunks = [items[start : start + CHUNK] for start in range(0, len(items), CHUNK)]
    best = [float("inf")] * len(works)
    ratios: list[float] = []
    for turn in range(repeat):
        spent = [0.0] * len(works)
        gc.collect()
        gc.disable()
        for n, chunk in enumerate(chunks):
            order = range(len(works)) if (turn + n) % 2 == 0 else range(len(works) - 1, -1, -1)
            pair = [0.0] * len(works)
            for index in order:
                work = works[index]
                started = time.process_time()
                for item in chunk:
                    work(item)
                pair[index] = time.process_time() - started
            spent = [total + part for total, part in zip(spent, pair, strict=True)]
            if len(works) == 2:
                ratios.append(pair[1] / pair[0])
        gc.enable()
        best = [min(old, new) for old, new in zip(best, spent, strict=True)]
    return Timing(
        [len(items) / seconds for seconds in best], statistics.median(ratios) if ratios else None
    )


class Case(NamedTuple):
    """One row: a raw call, day 18's call (None: a library alone) and what they do."""

    step: str
    library: str
    raw: Callable[[Any], object]
    ours: Callable[[Any], object] | None
    says: str


def cases() -> list[Case]:
    """The rows of the table, each library's raw call beside day 18's."""
    mm_schema, mm, pd = AuthorWithBooksSchema(), MarshmallowValidator(), PydanticValidator()
    name_in, name_out, model_in = "AuthorWithBooksCreate", "AuthorWithBooks", AuthorWithBooksCreate
    compact = {"separators": (",", ":")}
    return [
        Case(
            "load",
            "marshmallow",
            lambda b: mm_schema.load(json.loads(b)),
            lambda b: mm.validate(name_in, json.loads(b)),
            "raw schema.load(json.loads(b)) -> dict; ours validate(): the same dict",
        ),
        Case(
            "load",
            "pydantic",
            lambda b: model_in.model_validate(json.loads(b)),
            lambda b: pd.validate(name_in, json.loads(b)),
            "raw Model.model_validate(json.loads(b)) -> a model (no dict: stricter than"
            " the same output); ours validate() -> the values as a dict",
        ),
        Case(
            "load",
            "pydantic + model_dump",
            lambda b: model_in.model_validate(json.loads(b)).model_dump(),
            None,
            "raw Model.model_validate(json.loads(b)).model_dump(): the same dict as ours",
        ),
        Case(
            "load",
            "pydantic (from bytes)",
            model_in.model_validate_json,
            None,
            "raw Model.model_validate_json(b) -> a model (pydantic-core parses the bytes)",
        ),
        Case(
            "load",
            "msgspec (anchor)",
            lambda b: msgspec.json.decode(b, type=ShelfStruct),
            None,
            "msgspec.json.decode(b, type=ShelfStruct) -> a Struct, rules in __post_init__",
        ),
        Case(
            "dump",
            "marshmallow",
            lambda r: mm_schema.dumps(r, **compact).encode(),
            lambda r: mm.dump(name_out, r),
            'raw schema.dumps(row, separators=(",", ":")).encode(); ours dump(): same bytes',
        ),
        Case(
            "dump",
            "pydantic",
            lambda r: (
                AuthorWithBooksPublic.model_validate(r).model_dump_json(ensure_ascii=True).encode()
            ),
            lambda r: pd.dump(name_out, r),
            "raw Model.model_validate(row).model_dump_json(ensure_ascii=True).encode();"
            " ours dump(): the same bytes, DEL escaped too",
        ),
        Case(
            "dump",
            "msgspec (anchor)",
            lambda r: msgspec.json.encode(msgspec_shelf(r)),
            None,
            "msgspec.json.encode(Struct copied from the row): UTF-8, no escapes",
        ),
    ]


def check_outputs(bodies: list[bytes], rows: list[AuthorShelf]) -> None:
    """Every row's calls give the same output on every payload, or the table means nothing."""
    table = {(c.step, c.library): c for c in cases()}

    def ours(step: str, library: str) -> Callable[[Any], object]:
        work = table[step, library].ours
        assert work is not None
        return work

    for body in bodies:
        values = ours("load", "marshmallow")(body)
        assert table["load", "marshmallow"].raw(body) == values, "marshmallow: raw, ours differ"
        assert ours("load", "pydantic")(body) == values, "pydantic loads other values"
        assert table["load", "pydantic + model_dump"].raw(body) == values, "model_dump differs"
    for row in rows:
        dumps = {table["dump", lib].raw(row) for lib in ("marshmallow", "pydantic")}
        dumps |= {ours("dump", lib)(row) for lib in ("marshmallow", "pydantic")}
        assert len(dumps) == 1, f"the dumps differ: {dumps}"
        anchor = table["dump", "msgspec (anchor)"].raw(row)
        assert json.loads(anchor) == json.loads(dumps.pop()), "msgspec dumps other values"  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--payloads", type=int, default=1000)
    parser.add_argument("--books", type=int, default=5, help="books per author")
    parser.add_argument("--repeat", type=int, default=20, help="passes over the payloads")
    args = parser.parse_args()
    rng = random.Random(18)
    bodies = payloads(args.payloads, args.books, rng)
    rows = shelves(args.payloads, args.books, rng)
    check_outputs(bodies, rows)

    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    print(
        f"day 18: {args.payloads:,} nested payloads (an author with {args.books} books each), "
        f"best of {args.repeat} passes, payloads per CPU second; "
        f"load average {load} on {os.cpu_count()} CPUs"
    )
    header = (
        f"{'step':<5} {'library':<22} {'raw':>10} {'ours':>10} {'overhead':>9} {'vs msgspec':>11}"
    )
    print(header)
    print("-" * len(header))
    table = cases()
    results = []
    for case in table:
        works = [case.raw, case.ours] if case.ours else [case.raw]
        results.append((case, measure(works, bodies if case.step == "load" else rows, args.repeat)))
    anchor = {c.step: t.rates[-1] for c, t in results if c.library.startswith("msgspec")}
    for case, timing in results:
        ours_text = f"{timing.rates[-1]:>10,.0f}" if case.ours else f"{'-':>10}"
        overhead = f"{timing.ratio - 1:>+8.1%}" if timing.ratio else f"{'-':>8}"
        print(
            f"{case.step:<5} {case.library:<22} {timing.rates[0]:>10,.0f} {ours_text} "
            f"{overhead:>9} {timing.rates[-1] / anchor[case.step]:>10.2f}x"
        )
    print(
        "overhead: time through day 18's layer over the raw call on the same 25 payloads, back"
        " to back (the median of all such pairs; goal <= +10%); vs msgspec: our layer's rate"
        " (raw where there is none) over msgspec's"
    )
    for case in table:
        print(f"  {case.step} {case.library}: {case.says}")


if __name__ == "__main__":
    main()
