"""Judging what a README command printed: its exit status, the HTTP status it shows, a
traceback anywhere, and whether a server said where it listens."""

from __future__ import annotations

import re

from tests.readme_blocks import Command

TRACEBACK = "Traceback (most recent call last)"

_STATUS_LINE = re.compile(r"^HTTP/[\d.]+ (\d{3})\b")
_BARE_STATUS = re.compile(r"^(\d{3})$")
# How servers say they listen: the course's `Serving <what> on http://HOST:PORT`, werkzeug's
# and uvicorn's `Running on http://...`, `python -m http.server`'s `Serving HTTP on ... port N
# (http://HOST:PORT/)`. The URL's port is what counts.
_ANNOUNCEMENT = re.compile(
    r"^(?:Serving\b|.*\b[Rr]unning on\b).*?https?://(?:\[[^\]]+\]|[^\s/:]+):(\d+)", re.MULTILINE
)


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


def announced_ports(output: str) -> list[int]:
    """The ports that servers said they listen on, in the order they said it."""
    return [int(port) for port in _ANNOUNCEMENT.findall(output)]
