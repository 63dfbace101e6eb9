"""Real concurrency: two processes writing at once lose nothing; a held lock gives a clear error."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from day06_sqlite_inventory.tests.helpers import Cli, add_keyboard

ROOT = Path(__file__).resolve().parents[2]
OPERATIONS = 25

# Each worker waits for the "go" file so that both really run at the same time, then calls the
# CLI's main() OPERATIONS times: every call opens its own connection, as separate runs would.
WORKER = """
import sys, time
from pathlib import Path
from day06_sqlite_inventory import main

db, command, quantity, count, go = sys.argv[1:]
deadline = time.monotonic() + 30
while not Path(go).exists() and time.monotonic() < deadline:
    time.sleep(0.005)
for _ in range(int(count)):
    code = main(["--db", db, "--busy-timeout", "30", command, "KB-1", quantity])
    if code:
        sys.exit(code)
"""


def start_worker(db_path: Path, go: Path, command: str, quantity: int) -> subprocess.Popen[str]:
    args = [str(db_path), command, str(quantity), str(OPERATIONS), str(go)]
    return subprocess.Popen(
        [sys.executable, "-c", WORKER, *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_processes_writing_at_once_lose_no_update(
    cli: Cli, db_path: Path, tmp_path: Path
) -> None:
    add_keyboard(cli)  # 10 in stock, one "initial stock" movement
    cli("restock", "KB-1", "990")  # 1000 in stock, two movements
    go = tmp_path / "go"
    seller = start_worker(db_path, go, "sell", 1)
    restocker = start_worker(db_path, go, "restock", 2)
    go.touch()
    for worker in (seller, restocker):
        _, err = worker.communicate(timeout=90)
        assert worker.returncode == 0, f"a worker failed under contention: {err}"
    with sqlite3.connect(db_path) as conn:
        quantity = conn.execute("SELECT quantity FROM items WHERE sku = 'KB-1'").fetchone()[0]
        movements = conn.execute("SELECT COUNT(*), SUM(delta) FROM movements").fetchone()
    assert quantity == 1000 - OPERATIONS * 1 + OPERATIONS * 2, (
        "a lost update: read-modify-write must happen inside one write transaction"
    )
    assert movements == (2 + 2 * OPERATIONS, quantity), "every change has exactly one movement"


def test_a_database_locked_by_another_writer_gives_a_clear_error(cli: Cli, db_path: Path) -> None:
    add_keyboard(cli)
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    try:
        result = cli("--busy-timeout", "0.1", "sell", "KB-1", "1")
        reading = cli("--busy-timeout", "0.1", "list")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.code == 1, "a locked database is a runtime failure: exit 1"
    assert result.err.count("\n") == 1, f"one stderr line expected, got:\n{result.err}"
    assert "locked by another writer" in result.err and "--busy-timeout" in result.err
    assert reading.code == 0, "in WAL mode readers do not wait for the writer"
    assert "10" in cli("show", "KB-1").out.split("quantity:")[1].split("\n")[0]
    assert cli("sell", "KB-1", "1").code == 0, "once the lock is released the sale goes through"
