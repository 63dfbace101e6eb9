"""LineReader: a TCP byte stream cut into text lines, with a hard limit on a line's size.

TCP delivers bytes, not messages: one recv() may hold half a line or twenty. The reader keeps
the unfinished tail for the next recv() and never holds more than one line's worth of it.
"""

from __future__ import annotations

from day19_chat_server.config import MAX_LINE_BYTES


class LineReader:
    """Turns received bytes into lines: `None` in the output marks a line dropped as too long.

    A line is at most `max_bytes` bytes with its LF (or CR LF) ending. Bytes that are not UTF-8
    become U+FFFD instead of an error, and a stray CR becomes a space so that nothing relayed
    to an IRC client can pose as a line of its own.
    """

    def __init__(self, max_bytes: int = MAX_LINE_BYTES) -> None:
        self.max_bytes = max_bytes
        self._buffer = bytearray()
        self._discarding = False  # inside a line already reported as too long

    def feed(self, data: bytes) -> list[str | None]:
        """Add received bytes; return the lines they complete, in order."""
        # solution: split the buffer at LF, drop (and report once) lines over max_bytes
        self._buffer += data
        lines: list[str | None] = []
        while True:
            end = self._buffer.find(b"\n")
            if end < 0:
                break
            raw = bytes(self._buffer[: end + 1])
            del self._buffer[: end + 1]
            if self._discarding:
                self._discarding = False  # the end of the line we already reported
            elif len(raw) > self.max_bytes:
                lines.append(None)
            else:
                lines.append(_decode(raw))
        if len(self._buffer) >= self.max_bytes:  # no room left for its line ending
            if not self._discarding:
                lines.append(None)
            self._discarding = True
            self._buffer.clear()
        return lines
        # end solution


def _decode(raw: bytes) -> str:
    """The text of one raw line, without its ending; invalid UTF-8 replaced, never an error."""
    text = raw.rstrip(b"\n").rstrip(b"\r").decode("utf-8", errors="replace")
    return text.replace("\r", " ").replace("\0", "\ufffd")
