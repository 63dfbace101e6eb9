"""Judging what a README command printed: its exit status, the HTTP status it shows, a
traceback anywhere, and whether a server said where it listens."""

from __future__ import annotations

import re

from tests.readme_blocks import Command

TRACEBACK = "Traceback (most recent call last)"

_STATUS_LINE = re.compile(r"^HTTP/[\d.]+ (\d{3})\b")
_BARE_STATUS = re.compile(r"^(\d{3})$")
# How servers say they listen: the course's `Serving <what> on http://...`, werkzeug's and
# uvicorn's `Running on http://...`, python -m http.server's `Serving HTTP on ... (http://...)`.
_ANNOUNCEMENT = re.compile(
    r"^(Serving\b.*\bon |.*\b[Rr]unning on )https?://|^Serving HTTP on ", re.MULTILINE
)
_URL_PORT = re.compile(r"http://(?:\[[^\]]+\]|[^\s/:]+):(\d+)")


def judge(command: Command, status: int, output: str) -> str | None:
    """Why a finished command breaks its contract, or None when it keeps it."""
    reasons = []
    if status != command.expect_exit:
        reason = f"exited {status}, but the README expects {command.expect_exit}"
        if command.expect_exit == 0 and re.search(rf"\bexit {status}\b", command.comment):
            reason += f" (its comment mentions `exit {status}`: start the comment with it)"
        reasons.append(reason)
    if command.expect_http is not None:
        shown = printed_status(output)
        if shown != command.expect_http:
            what = f"HTTP {shown}" if shown else "no HTTP status"
            reasons.append(
                f"printed {what}, but the README expects HTTP {command.expect_http} "
                "(print it with `curl -si` or `curl -s -o /dev/null -w '%{http_code}\\n'`)"
            )
    if TRACEBACK in output:
        reasons.append("its output contains a traceback")
    return "; ".join(reasons) or None


def printed_status(output: str) -> int | None:
    """The last HTTP status the output shows: a `HTTP/1.1 NNN` line, or a line that is `NNN`."""
    found = None
    for line in output.splitlines():
        match = _STATUS_LINE.match(line) or _BARE_STATUS.match(line.strip())
        if match:
            found = int(match.group(1))
    return found


def announces(output: str) -> bool:
    """True when the output says a server listens (`Serving ... on http://...`)."""
    return _ANNOUNCEMENT.search(output) is not None


def announced_port(output: str) -> int:
    """The port of the first `http://HOST:PORT` in the output, or 0 when there is none."""
    match = _URL_PORT.search(output)
    return int(match.group(1)) if match else 0
