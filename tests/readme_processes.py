"""The processes a README block starts, found through /proc: a block's bash runs in a session
of its own, and its servers are process groups in it (job control), so "everything the block
started" is "every live process of that session" — whoever its parent is by then."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path


def accepts(host: str, port: int) -> bool:
    """True when something accepts TCP connections on host:port."""
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def session_members(session: int) -> list[tuple[int, int]]:
    """(pid, process group) of every live process in a session."""
    return [(pid, pgid) for pid, pgid, sid in _live_processes() if sid == session]


def group_alive(pgid: int) -> bool:
    """True while a process group has a live (not zombie) member."""
    return any(group == pgid for _, group, _ in _live_processes())


def wait_until(condition: Callable[[], bool], timeout: float) -> bool:
    """Poll `condition` every 50 ms for at most `timeout` seconds; True once it holds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)
    return True


def _live_processes() -> Iterator[tuple[int, int, int]]:
    """(pid, process group, session) of every process that is not a zombie."""
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except (FileNotFoundError, ProcessLookupError, PermissionError):
                continue  # it ended while we looked
            fields = stat.rpartition(")")[2].split()  # the name, in parentheses, may hold spaces
            if fields[0] != "Z":
                yield int(entry.name), int(fields[2]), int(fields[3])
