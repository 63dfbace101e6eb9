"""Opening the input: a path, a binary stream or a text stream; its encoding and delimiter.

Bytes (a path, an upload, standard input) are decoded here: a byte-order mark names the
encoding (UTF-8, UTF-16 or UTF-32, in either byte order) and is dropped; without one the
`encoding` argument applies. Text is read with `newline=""`, as the csv module requires, so
quoted fields keep their own line breaks. A text stream is read as it is.

When bytes do not decode, the error names the exact line: a file is read again to find it, a
stream keeps its last `WINDOW` bytes for the purpose.
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
from typing import Any, BinaryIO, TextIO, cast

from day01_csv_report.errors import DecodingError, OptionError, SourceError

SAMPLE_CSV = Path(__file__).parent / "data" / "sales_orders.csv"
SNIFF_CHARS = 32_768
DELIMITERS = ",;\t|"
WINDOW = 1 << 17  # bytes of a stream kept to locate a decoding error (well over what is in flight)
Source = str | os.PathLike[str] | BinaryIO | TextIO
ENCODING_HINT = "pass --encoding, for example --encoding cp1252 or --encoding latin-1"
# UTF-32's little-endian mark starts with UTF-16's, so it is tried first.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True, slots=True)
class OpenedSource:
    """An input ready to read: its display name, its text, and how its bytes were decoded."""

    name: str
    stream: TextIO
    encoding: str  # for the report: as given, or as a byte-order mark named it
    codec: str | None = None  # what decodes the bytes; None for a text stream
    path: Path | None = None
    recorder: _Recorder | None = None
    overruled: str | None = None  # the encoding given, when a byte-order mark overruled it


def resolve_codec(encoding: str) -> str:
    """The codec to read with: `encoding` itself, or utf-8-sig for any spelling of UTF-8."""
    try:
        info = codecs.lookup(encoding)
    except LookupError as exc:
        raise OptionError(f"unknown encoding {encoding!r}", hint="try utf-8 or latin-1") from exc
    return "utf-8-sig" if info.name == "utf-8" else info.name


def _open_file(path: Path) -> io.BufferedReader:
    """Open `path` for reading, turning the usual mistakes into a SourceError (exit code 2)."""
    # solution: open the file as bytes; a missing file, a folder or a bad path is a SourceError
    try:
        return open(path, "rb")  # closed by open_source
    except FileNotFoundError as exc:
        hint = "check the path, or give no FILE to report on the bundled sample"
        raise SourceError(f"{path} does not exist", hint=hint) from exc
    except IsADirectoryError as exc:
        raise SourceError(f"{path} is a directory, not a CSV file", hint="name a file") from exc
    except OSError as exc:
        raise SourceError(f"cannot open {path}: {exc.strerror}", hint="check the path") from exc
    except ValueError as exc:  # an embedded NUL byte
        raise SourceError(f"{str(path)!r} is not a valid path", hint="check the path") from exc
    # end solution


class _Recorder(io.RawIOBase):
    """A caller's binary stream, read through; its last bytes are kept to locate bad ones."""

    def __init__(self, stream: BinaryIO) -> None:
        super().__init__()
        self._stream = stream
        self._window = bytearray()
        self._lines_dropped = 0  # line breaks in the bytes no longer in the window
        self._dropped = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any, /) -> int:  # any writable buffer (typeshed's private type)
        view = memoryview(buffer).cast("B")
        data = self._stream.read(len(view)) or b""
        view[: len(data)] = data
        self._window += data
        if len(self._window) > 2 * WINDOW:
            cut = len(self._window) - WINDOW
            self._lines_dropped += self._window.count(b"\n", 0, cut)
            self._dropped = True
            del self._window[:cut]
        return len(data)

    def locate(self, codec: str) -> tuple[int, int, bytes] | None:
        """Where in the kept bytes `codec` fails, for encodings where `\\n` is one byte."""
        if codecs.lookup(codec).name.startswith(("utf-16", "utf-32")):
            return None
        start = self._window.find(b"\n") + 1 if self._dropped else 0  # begin on a whole line
        first_line = self._lines_dropped + self._window.count(b"\n", 0, start) + 1
        return first_undecodable(io.BytesIO(self._window[start:]), codec, first_line=first_line)


def _opened(
    name: str,
    raw: io.BufferedReader | _Recorder,
    encoding: str,
    *,
    path: Path | None = None,
    recorder: _Recorder | None = None,
) -> OpenedSource:
    """Decode `raw` in the encoding its byte-order mark names, else in `encoding`."""
    buffered = raw if isinstance(raw, io.BufferedReader) else io.BufferedReader(raw)
    head = buffered.peek(4)[:4]
    wanted = resolve_codec(encoding)
    codec = next((codec for bom, codec in BOMS if head.startswith(bom)), wanted)
    shown = encoding if codec == wanted else codec.removesuffix("-sig")
    overruled = encoding if codec != wanted and wanted != "utf-8-sig" else None
    text = io.TextIOWrapper(buffered, encoding=codec, newline="")
    return OpenedSource(name, text, shown, codec, path, recorder, overruled)


@contextmanager
def open_source(source: Source, *, encoding: str) -> Iterator[OpenedSource]:
    """Yield the opened input; a file is closed afterwards, a caller's stream is left open."""
    resolve_codec(encoding)  # an unknown encoding is a usage error before anything is opened
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        with _open_file(path) as raw:
            opened = _opened(path.name, raw, encoding, path=path)
            with opened.stream:
                yield opened
        return
    name = getattr(source, "name", None)
    name = name if isinstance(name, str) else "<stream>"
    if not isinstance(source.read(0), bytes):  # a text stream: read as it is
        yield OpenedSource(name, cast(TextIO, source), encoding)
        return
    recorder = _Recorder(cast(BinaryIO, source))
    opened = _opened(name, recorder, encoding, recorder=recorder)
    try:
        yield opened
    finally:
        assert isinstance(opened.stream, io.TextIOWrapper)
        opened.stream.detach()  # leaves the caller's stream open


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
        sample += stream.readline(SNIFF_CHARS)  # end on a whole line, unless it is huge
    return guess_delimiter(sample), chain(io.StringIO(sample, newline=""), stream)


def first_undecodable(
    raw: Iterable[bytes], codec: str, *, first_line: int = 1
) -> tuple[int, int, bytes] | None:
    """(line, byte column, bad bytes) of the first bytes among `raw`'s lines `codec` rejects."""
    decoder = codecs.getincrementaldecoder(codec)()
    number, line = first_line, b""
    for number, line in enumerate(raw, first_line):
        try:
            decoder.decode(line)
        except UnicodeDecodeError as exc:
            return number, exc.start + 1, line[exc.start : exc.end]
    try:
        decoder.decode(b"", True)  # the input may end in the middle of a character
    except UnicodeDecodeError as exc:
        column = len(line) - len(exc.object) + exc.start + 1
        return number, column, exc.object[exc.start : exc.end]
    return None  # pragma: no cover - a file changed since, or a stream line longer than WINDOW


def _locate(opened: OpenedSource) -> tuple[int, int, bytes] | None:
    assert opened.codec is not None, "a text stream raises no decoding errors of its own"
    if opened.path is not None:
        with open(opened.path, "rb") as raw:
            return first_undecodable(raw, opened.codec)
    return opened.recorder.locate(opened.codec) if opened.recorder else None


def decoding_error(opened: OpenedSource, exc: UnicodeDecodeError, *, near: int) -> DecodingError:
    """A DecodingError naming the exact line, or the line reached so far when that is unknown."""
    codec = opened.codec or opened.encoding
    encoding = codec.removesuffix("-sig")
    wide = codecs.lookup(codec).name.startswith(("utf-16", "utf-32"))
    hint = "check how the file was exported" if wide else ENCODING_HINT
    found = _locate(opened) if opened.codec else None
    if found is None:
        message = f"{opened.name}: cannot decode the text as {encoding} near line {near}"
        return DecodingError(f"{message} ({exc.reason})", line=near, hint=hint)
    line, column, bad = found
    message = (
        f"{opened.name}: line {line} is not valid {encoding} "
        f"(byte 0x{bad.hex()} at byte {column} of the line)"
    )
    return DecodingError(message, line=line, hint=hint)
