"""Tasks to and from CSV: the columns, one row checked at a time, and the export writer.

Columns: title, notes, due (YYYY-MM-DD), priority (1-3), done (true/false), tags (separated
by spaces). Each row goes through the same `TaskCreate` model as the API's POST /tasks, so an
import can never store what the API would refuse.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from day20_capstone.models import Task
from day20_capstone.schemas import TaskCreate

COLUMNS = ("title", "notes", "due", "priority", "done", "tags")
TRUE = frozenset({"true", "1", "yes"})
FALSE = frozenset({"false", "0", "no", ""})
BOOLEAN = TRUE | FALSE  # built once: a 100,000-row import asks for every row


@dataclass(frozen=True)
class Row:
    """One data row: its line number, the task it makes (or None), and what is wrong with it."""

    line: int
    task: TaskCreate | None
    done: bool
    errors: list[str]


def _field(record: dict[str, Any], name: str) -> Any:
    value = record.get(name)
    return value.strip() if isinstance(value, str) else None


def _parse(line: int, record: dict[str, Any]) -> Row:
    """One CSV record through TaskCreate; errors say which field and why."""
    # solution: build the TaskCreate body from the text fields; collect every error of the row
    errors: list[str] = []
    body: dict[str, Any] = {
        "title": _field(record, "title") or "",
        "notes": _field(record, "notes") or "",
    }
    due = _field(record, "due")
    if due:
        body["due"] = due
    priority = _field(record, "priority")
    if priority:
        body["priority"] = int(priority) if priority.isdigit() else priority
    body["tags"] = (_field(record, "tags") or "").lower().split()
    done_text = (_field(record, "done") or "").lower()
    if done_text not in BOOLEAN:
        errors.append(f"done: {done_text!r} is not true or false")
    task = None
    try:
        task = TaskCreate.model_validate(body)
    except ValidationError as exc:
        errors += [f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()]
    return Row(line, None if errors else task, done_text in TRUE, errors)
    # end solution


def read_rows(text: str) -> Iterator[Row]:
    """Every data row of a CSV text with a header line (line numbers count the header as 1)."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [name for name in ("title",) if name not in (reader.fieldnames or [])]
    if missing:
        yield Row(1, None, False, [f"the header has no {', '.join(missing)} column"])
        return
    for number, record in enumerate(reader, start=2):
        yield _parse(number, record)


def write_tasks(tasks: Iterable[Task]) -> str:
    """The CSV text of `tasks`, with a header; what read_rows reads back."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for task in tasks:
        due = task.due.isoformat() if task.due else ""
        tags = " ".join(tag.name for tag in task.tags)
        writer.writerow([task.title, task.notes, due, task.priority, str(task.done).lower(), tags])
    return out.getvalue()
