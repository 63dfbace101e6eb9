"""Opening the input: a path or a text stream, its encoding, its delimiter, its decoding errors.

Files are opened with `newline=""` as the csv module requires, so quoted fields keep their own
line breaks. UTF-8 is read as `utf-8-sig`, which drops a byte-order mark when there is one.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import TextIO

from day01_csv_report.errors import DecodingError, OptionError, SourceError

SAMPLE_CSV = Path(__file__).parent / "data" / "sales_orders.csv"
SNIFF_CHARS = 32_768
DELIMITERS = ",;\t|"
Source = str | os.PathLike[str] | TextIO
ENCODING_HINT = "pass --encoding, for example --encoding cp1252 or --encoding latin-1"


@dataclass(frozen=True, slots=True)
class OpenedSource:
    """An input ready to read: its display name, its text stream and, for files, its path."""

    name: str
    stream: TextIO
    path: Path | None
    codec: str


def resolve_codec(encoding: str) -> str:
    """The codec to read with: `encoding` itself, or utf-8-sig for any spelling of UTF-8."""
    try:
        info = codecs.lookup(encoding)
    except LookupError as exc:
        raise OptionError(f"unknown encoding {encoding!r}", hint="try utf-8 or latin-1") from exc
    return "utf-8-sig" if info.name == "utf-8" else info.name


def _open_file(path: Path, codec: str) -> TextIO:
    """Open `path` for csv, turning the usual mistakes into a SourceError (exit code 2)."""
    try:
        return open(path, encoding=codec, newline="")  # closed by open_source
    except FileNotFoundError as exc:
        hint = "check the path, or give no FILE to report on the bundled sample"
        raise SourceError(f"{path} does not exist", hint=hint) from exc
    except IsADirectoryError as exc:
        raise SourceError(f"{path} is a directory, not a CSV file", hint="name a file") from exc
    except OSError as exc:
        raise SourceError(f"cannot open {path}: {exc.strerror}", hint="check the path") from exc
    except ValueError as exc:  # an embedded NUL byte
        raise SourceError(f"{str(path)!r} is not a valid path", hint="check the path") from exc


@contextmanager
def open_source(source: Source, *, encoding: str) -> Iterator[OpenedSource]:
    """Yield the opened input; a file is closed afterwards, a caller's stream is left open."""
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        codec = resolve_codec(encoding)
        with _open_file(path, codec) as stream:
            yield OpenedSource(path.name, stream, path, codec)
    else:
        name = getattr(source, "name", None)
        yield OpenedSource(name if isinstance(name, str) else "<stream>", source, None, encoding)


def guess_delimiter(sample: str) -> str:
    """The delimiter csv.Sniffer finds among , ; tab |, else the commonest in the first line."""
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        first = sample.splitlines()[0] if sample else ""
        best = max(DELIMITERS, key=first.count)
        return best if best in first else ","


def sniff(stream: TextIO) -> tuple[str, Iterable[str]]:
    """Guess the delimiter from the start of `stream`; return it and all the stream's lines."""
    sample = stream.read(SNIFF_CHARS)
    if sample and not sample.endswith("\n"):
        sample += stream.readline()  # end on a whole line (and a whole CRLF)
    return guess_delimiter(sample), chain(io.StringIO(sample, newline=""), stream)


def find_undecodable(path: Path, codec: str) -> tuple[int, int, bytes] | None:
    """(line, byte column, bad bytes) of the first bytes of `path` that `codec` cannot decode."""
    decoder = codecs.getincrementaldecoder(codec)()
    number, line = 1, b""
    with open(path, "rb") as raw:
        for number, line in enumerate(raw, 1):
            try:
                decoder.decode(line)
            except UnicodeDecodeError as exc:
                return number, exc.start + 1, line[exc.start : exc.end]
    try:
        decoder.decode(b"", True)  # the file may end in the middle of a character
    except UnicodeDecodeError as exc:
        column = len(line) - len(exc.object) + exc.start + 1
        return number, column, exc.object[exc.start : exc.end]
    return None  # pragma: no cover - the file changed since the error


def decoding_error(opened: OpenedSource, exc: UnicodeDecodeError, *, near: int) -> DecodingError:
    """A DecodingError naming the exact line for files, the line reached so far for streams."""
    encoding = opened.codec.removesuffix("-sig")
    found = find_undecodable(opened.path, opened.codec) if opened.path else None
    if found is None:
        message = f"{opened.name}: cannot decode the text as {encoding} near line {near}"
        return DecodingError(f"{message} ({exc.reason})", line=near, hint=ENCODING_HINT)
    line, column, bad = found
    message = (
        f"{opened.name}: line {line} is not valid {encoding} "
        f"(byte 0x{bad.hex()} at byte {column} of the line)"
    )
    return DecodingError(message, line=line, hint=ENCODING_HINT)
