"""SQLite under concurrent requests: WAL, a busy timeout, and one writer at a time, in order.

SQLite allows many readers but one writer per database file. Three settings make that hold
50 concurrent connections instead of collapsing into "database is locked":

- WAL journal mode: readers read a snapshot and never wait for the writer (nor it for them).
- Read-only transactions (`execution_options(read_only=True)`, what `get_session` asks for
  GET requests) start with a plain deferred `BEGIN`: they never take the write lock.
- Every other transaction starts with `BEGIN IMMEDIATE`, taking the write lock up front: a
  transaction that read first and then tried to write could deadlock with another one doing
  the same. Before it, the writer queues at the engine's `WriteGate`, first come, first
  served, so waiting writers of this process take turns instead of polling SQLite's busy
  handler (which lets a late arrival overtake, and a writer that keeps losing run out of time).
  The busy timeout still covers writers of other processes (a CLI seeding the same file).
"""

from __future__ import annotations

import sqlite3
import threading
from collections import deque
from typing import Any

from sqlalchemy import Connection, Engine, event
from sqlalchemy.exc import OperationalError

READ_ONLY = "read_only"  # the execution option that marks a transaction as read-only
BUSY_TIMEOUT = 5.0  # seconds a writer waits for the lock (its turn) before giving up


class WriteGate:
    """A first-come, first-served lock with a timeout: the queue of writing transactions."""

    def __init__(self) -> None:
        self._mutex = threading.Lock()
        self._taken = False
        self._waiting: deque[threading.Lock] = deque()

    def acquire(self, timeout: float) -> bool:
        """Wait for our turn (at most `timeout` seconds); True once the gate is ours."""
        with self._mutex:
            if not self._taken:
                self._taken = True
                return True
            turn = threading.Lock()
            turn.acquire()
            self._waiting.append(turn)
        if turn.acquire(timeout=timeout):
            return True  # release() handed the gate over to us
        with self._mutex:
            if turn in self._waiting:
                self._waiting.remove(turn)
                return False
        return True  # handed over just as we gave up: it is ours, the caller releases it

    def release(self) -> None:
        """Hand the gate to the longest-waiting writer, or open it."""
        with self._mutex:
            if self._waiting:
                self._waiting.popleft().release()  # still taken: by the next in line
            else:
                self._taken = False


class GatedConnection(sqlite3.Connection):
    """sqlite3's connection, leaving the write gate once its transaction ends, however it ends."""

    gate: WriteGate | None = None
    holds_gate = False

    def commit(self) -> None:
        """Commit, then let the next writer in."""
        try:
            super().commit()
        finally:
            self.leave_gate()

    def rollback(self) -> None:
        """Roll back, then let the next writer in."""
        try:
            super().rollback()
        finally:
            self.leave_gate()

    def close(self) -> None:
        """Close, then let the next writer in."""
        try:
            super().close()
        finally:
            self.leave_gate()

    def leave_gate(self) -> None:
        """Release the gate if this connection holds it."""
        if self.holds_gate and self.gate is not None:
            self.holds_gate = False
            self.gate.release()


def configure(engine: Engine) -> None:
    """Install the connection and transaction hooks on a SQLite engine."""
    gate = WriteGate()

    def on_connect(dbapi_connection: Any, connection_record: Any) -> None:
        dbapi_connection.gate = gate
        # isolation_level=None stops sqlite3 from issuing its own (late) BEGIN statements:
        # SQLAlchemy emits BEGIN itself (below), so savepoints and transactional DDL work.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")  # SQLite ignores REFERENCES otherwise
        cursor.execute(f"PRAGMA busy_timeout = {round(BUSY_TIMEOUT * 1000)}")
        cursor.execute("PRAGMA journal_mode = WAL")  # stored in the file; a no-op once set
        # In WAL mode NORMAL syncs at checkpoints, not at every commit (SQLite's own advice for
        # WAL): a killed process still loses nothing; a power cut may undo the last commits.
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    event.listen(engine, "connect", on_connect)
    event.listen(engine, "begin", _begin)


def connect_args() -> dict[str, Any]:
    """What `create_engine(connect_args=...)` passes to `sqlite3.connect`."""
    return {"factory": GatedConnection}


def _begin(connection: Connection) -> None:
    dbapi_connection = connection.connection.dbapi_connection
    if connection.get_execution_options().get(READ_ONLY):
        _execute(dbapi_connection, "BEGIN")  # deferred: a snapshot to read, no lock
        return
    if not isinstance(dbapi_connection, GatedConnection) or dbapi_connection.gate is None:
        _execute(dbapi_connection, "BEGIN IMMEDIATE")
        return
    if not dbapi_connection.gate.acquire(BUSY_TIMEOUT):
        locked = sqlite3.OperationalError("database is locked: too many writers waiting")
        raise OperationalError("BEGIN IMMEDIATE", None, locked)
    dbapi_connection.holds_gate = True
    try:
        _execute(dbapi_connection, "BEGIN IMMEDIATE")  # the write lock, taken up front
    except BaseException:
        dbapi_connection.leave_gate()
        raise


def _execute(dbapi_connection: Any, statement: str) -> None:
    """BEGIN on the DBAPI connection itself: through Core (an execution context, cursor
    events, a result) it cost about five times the statement, a third of an empty
    transaction. A failure is still SQLAlchemy's OperationalError, as Core would raise it."""
    try:
        dbapi_connection.execute(statement)
    except sqlite3.Error as exc:
        raise OperationalError(statement, None, exc) from exc
