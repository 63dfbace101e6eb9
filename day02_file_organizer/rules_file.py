"""A rules file (`--rules rules.json`): a JSON table of categories that replaces the default one.

Everything in the file is checked before anything moves: a category becomes a folder name, an
extension is normalised to lower case with a leading dot, and an extension belongs to one
category only. Each problem is a `RulesError` (exit code 2) naming the file and the entry.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from day02_file_organizer.errors import RulesError
from day02_file_organizer.rules import Rules, default_rules


def load_rules(path: str | Path | None = None) -> Rules:
    """Rules from a JSON file `{"category": [".ext", ...]}`, or the defaults when path is None.

    The file replaces the default table; files it does not mention go to "other".
    """
    if path is None:
        return default_rules()
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise RulesError(f"rules file {path} does not exist", hint="check the path") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise RulesError(f"cannot read rules file {path}: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise RulesError(
            f"rules file {path} is not valid JSON: {exc}",
            hint='expected {"images": [".jpg", ".png"], ...}',
        ) from exc
    return Rules(validate_rules(raw, source=str(path)))


def validate_rules(raw: Any, *, source: str = "rules") -> dict[str, tuple[str, ...]]:
    """Check a decoded rules object and normalise its extensions to lower case with a dot."""
    hint = 'expected {"images": [".jpg", ".png"], ...}'
    if not isinstance(raw, dict) or not raw:
        raise RulesError(f"{source} must be a non-empty JSON object of categories", hint=hint)
    # solution: check each category and its extensions; an extension has one category only
    owner: dict[str, str] = {}
    table: dict[str, tuple[str, ...]] = {}
    for category, extensions in raw.items():
        _check_category(category, source)
        if not isinstance(extensions, list) or not all(isinstance(e, str) for e in extensions):
            raise RulesError(f"{source}: category {category!r} must list extensions", hint=hint)
        normalised = tuple(_normalise_extension(e, category, source) for e in extensions)
        for ext in normalised:
            if ext in owner and owner[ext] != category:
                raise RulesError(
                    f"{source}: extension {ext!r} is in both {owner[ext]!r} and {category!r}",
                    hint="an extension can belong to one category only",
                )
            owner[ext] = category
        table[category] = normalised
    # end solution
    return table


def _check_category(category: str, source: str) -> None:
    """A category becomes a folder name: refuse names that are not one plain folder."""
    bad = not category.strip() or category in (".", "..") or category.startswith(".")
    if bad or "/" in category or "\\" in category or "\0" in category:
        raise RulesError(
            f"{source}: category {category!r} is not a usable folder name",
            hint="use a plain name such as 'images'",
        )


def _normalise_extension(extension: str, category: str, source: str) -> str:
    """`JPG`, `.jpg` and `.JPG` all mean `.jpg`; refuse empty or path-like extensions."""
    ext = extension.strip().lower()
    ext = ext if ext.startswith(".") else "." + ext
    if len(ext) < 2 or ".." in ext or ext.endswith(".") or "/" in ext or "\\" in ext:
        raise RulesError(f"{source}: extension {extension!r} in {category!r} is not usable")
    return ext
