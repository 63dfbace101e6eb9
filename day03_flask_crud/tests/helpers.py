"""What the day's tests share: a valid book body (always the reference's, even when grading)."""

from __future__ import annotations

from typing import Any

VALID_BOOK: dict[str, Any] = {
    "title": "Clean Architecture",
    "author": "Robert C. Martin",
    "year": 2017,
    "isbn": "978-0-13-449416-6",
}
