"""Receiving an upload: the multipart body streamed to disk as it arrives, within a size limit.

FastAPI's `UploadFile` would first spool the whole body to a temporary file and only then call
the route; here the route reads `request.stream()` itself and feeds each chunk to
python-multipart's streaming parser, whose callbacks write the `file` field's bytes straight
into the upload folder. So memory holds one chunk, a file over the limit is refused as soon
as it crosses it, and every way of failing deletes the partial file: an upload is either
stored whole, or not at all.

The text check runs on the first 8 KiB: a declared media type that is not text, a known
binary signature, or NUL bytes (without a UTF-16/32 byte-order mark) make it a 415.
"""

from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, TYPE_CHECKING

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import ClientDisconnect, Request

from day13_background_tasks.errors import (
    BadUpload,
    Day13Error,
    MalformedForm,
    NotCsv,
    UploadTooLarge,
)
from day13_background_tasks.processing import upload_path

if TYPE_CHECKING:
    from python_multipart.multipart import MultipartCallbacks  # a TypedDict for type checkers

FIELD = b"file"  # the form field that carries the file (curl -F file=@data.csv)
# The multipart framing around the file (boundaries, part headers, other small fields): the
# body may exceed the file limit by this much; the file itself is held to the limit exactly.
FORM_OVERHEAD = 64 * 1024
SNIFF_BYTES = 8192
DEFAULT_NAME = "upload.csv"
# What browsers and tools declare for a CSV file: Windows says Excel, curl says octet-stream.
TEXT_TYPES = frozenset(
    {"", "application/csv", "application/octet-stream", "application/vnd.ms-excel"}
)
SIGNATURES = {  # the first bytes of files people upload by mistake
    b"%PDF-": "a PDF document",
    b"PK\x03\x04": "a zip archive (or an .xlsx workbook: save it as CSV)",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x1f\x8b": "gzip-compressed data",
    b"\xd0\xcf\x11\xe0": "an old Office document (.xls: save it as CSV)",
}
TEXT_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class StoredFile:
    """An upload safely on disk, with what the client said about it."""

    path: Path
    filename: str
    content_type: str
    size: int


def check_text(head: bytes, content_type: str) -> None:
    """Refuse what is clearly not a CSV file (NotCsv: 415), from its type and first bytes."""
    if content_type not in TEXT_TYPES and not content_type.startswith("text/"):
        raise NotCsv(f"A {content_type} file is not CSV text; upload a .csv file.")
    for signature, what in SIGNATURES.items():
        if head.startswith(signature):
            raise NotCsv(f"The file is {what}, not CSV text.")
    if b"\x00" in head and not head.startswith(TEXT_BOMS):
        raise NotCsv("The file holds NUL bytes: it is binary data, not CSV text.")


def clean_filename(raw: bytes | None) -> str:
    """The client's file name without folders or control characters, at most 255 characters."""
    name = (raw or b"").decode("utf-8", errors="replace").replace("\\", "/")
    name = _CONTROL.sub("", PurePosixPath(name).name).strip()
    return name[:255] or DEFAULT_NAME


class _FileField:
    """python-multipart's callbacks: find the `file` part and write its bytes to `partial`."""

    def __init__(self, partial: Path, max_bytes: int) -> None:
        self.partial, self.max_bytes = partial, max_bytes
        self.headers: dict[bytes, bytes] = {}
        self._name, self._value = b"", b""
        self.file: IO[bytes] | None = None
        self.writing = self.ended = False
        self.size = 0
        self.head = b""
        self.filename, self.content_type = DEFAULT_NAME, ""

    def callbacks(self) -> MultipartCallbacks:
        return {
            "on_part_begin": self.headers.clear,
            "on_header_field": lambda data, start, end: self._add("_name", data[start:end]),
            "on_header_value": lambda data, start, end: self._add("_value", data[start:end]),
            "on_header_end": self._header_end,
            "on_headers_finished": self._headers_finished,
            "on_part_data": lambda data, start, end: self._data(data[start:end]),
            "on_part_end": self._part_end,
        }

    def _add(self, which: str, data: bytes) -> None:
        setattr(self, which, getattr(self, which) + data)

    def _header_end(self) -> None:
        self.headers[self._name.strip().lower()] = self._value.strip()
        self._name, self._value = b"", b""

    def _headers_finished(self) -> None:
        _, options = parse_options_header(self.headers.get(b"content-disposition"))
        if options.get(b"name") != FIELD or self.file is not None:
            return  # another field, or a second file: ignored
        self.filename = clean_filename(options.get(b"filename"))
        media_type, _ = parse_options_header(self.headers.get(b"content-type"))
        self.content_type = media_type.decode("latin-1").lower()
        self.file = open(self.partial, "xb")  # noqa: SIM115 - closed by close()
        self.writing = True

    def _data(self, chunk: bytes) -> None:
        if not self.writing or self.file is None:
            return
        # solution: refuse the file once it grows past the limit; check its head; write the chunk
        self.size += len(chunk)
        if self.size > self.max_bytes:
            raise UploadTooLarge(f"The file is larger than the limit of {self.max_bytes} bytes.")
        if len(self.head) < SNIFF_BYTES:
            self.head += chunk[: SNIFF_BYTES - len(self.head)]
            if len(self.head) == SNIFF_BYTES:
                check_text(self.head, self.content_type)
        self.file.write(chunk)
        # end solution

    def _part_end(self) -> None:
        if self.writing:
            self.writing, self.ended = False, True
            check_text(self.head, self.content_type)

    def close(self) -> None:
        if self.file is not None:
            self.file.close()


def _boundary(content_type: str) -> bytes:
    media_type, options = parse_options_header(content_type)
    if media_type != b"multipart/form-data":
        raise NotCsv(
            "Send the file as multipart/form-data in a field named `file` (curl -F file=@data.csv)."
        )
    boundary = options.get(b"boundary")
    if not boundary:
        raise MalformedForm("The multipart/form-data content type has no boundary.")
    return boundary


async def receive_upload(
    request: Request, *, folder: Path, upload_id: str, max_bytes: int
) -> StoredFile:
    """Stream the request's `file` field into `folder`; refuse it whole or store it whole."""
    boundary = _boundary(request.headers.get("content-type", ""))
    body_limit = max_bytes + FORM_OVERHEAD
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > body_limit:  # refused before reading a byte
        raise UploadTooLarge(f"The body is {declared} bytes; files are limited to {max_bytes}.")
    partial = folder / f"{upload_id}.part"
    field = _FileField(partial, max_bytes)
    try:
        parser = MultipartParser(boundary, field.callbacks())
        # solution: feed the body to the parser chunk by chunk, within body_limit; finalize it
        received = 0
        async for chunk in request.stream():
            received += len(chunk)
            if received > body_limit:  # other fields can be big too
                raise UploadTooLarge(f"The body is over {body_limit} bytes; files: {max_bytes}.")
            parser.write(chunk)
        parser.finalize()
        # end solution
    except (MultipartParseError, ValueError) as exc:
        partial.unlink(missing_ok=True)
        raise MalformedForm(f"The multipart body is malformed: {exc}.") from exc
    except ClientDisconnect as exc:
        partial.unlink(missing_ok=True)
        raise MalformedForm("The client disconnected before the upload was complete.") from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        field.close()
    return _stored(field, folder, upload_id)


def _stored(field: _FileField, folder: Path, upload_id: str) -> StoredFile:
    """Check the parse found a whole, non-empty file, and give it its final name."""
    problem: Day13Error | None = None
    if field.file is None:
        problem = BadUpload("The form has no `file` field (send it with curl -F file=@data.csv).")
    elif not field.ended:
        problem = MalformedForm("The multipart body ended before the file did.")
    elif field.size == 0:
        problem = BadUpload(f"The file {field.filename!r} is empty.")
    if problem is not None:
        field.partial.unlink(missing_ok=True)
        raise problem
    final = upload_path(folder, upload_id)
    os.replace(field.partial, final)  # atomic: a worker never sees half a file
    return StoredFile(final, field.filename, field.content_type or "text/csv", field.size)
