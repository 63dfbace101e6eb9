"""Which category a file belongs to, from its extension: the default table and JSON overrides.

Extensions are matched case-insensitively and may have several parts (`.tar.gz`): the longest
extension that ends the name wins, so `backup.tar.gz` is an archive and not just "gz".
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from day02_file_organizer.errors import RulesError

FALLBACK_CATEGORY = "other"
NO_EXTENSION = "no_extension"

DEFAULT_RULES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "images": (".jpg", ".jpeg", ".png", ".gif", ".bmp", ".webp", ".svg", ".tif", ".tiff",
                   ".heic", ".ico", ".raw"),
        "documents": (".pdf", ".doc", ".docx", ".odt", ".rtf", ".txt", ".md", ".tex", ".xls",
                      ".xlsx", ".ods", ".csv", ".ppt", ".pptx", ".odp", ".epub"),
        "audio": (".mp3", ".wav", ".flac", ".aac", ".ogg", ".oga", ".m4a", ".wma", ".opus",
                  ".mid"),
        "video": (".mp4", ".mkv", ".avi", ".mov", ".wmv", ".webm", ".flv", ".m4v", ".mpeg",
                  ".mpg"),
        "archives": (".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz",
                     ".tar.zst", ".gz", ".bz2", ".xz", ".zst", ".7z", ".rar", ".iso"),
        "code": (".py", ".js", ".ts", ".html", ".css", ".json", ".yaml", ".yml", ".toml",
                 ".c", ".h", ".cpp", ".hpp", ".java", ".go", ".rs", ".rb", ".php", ".sh",
                 ".sql", ".ipynb"),
    }
)  # fmt: skip


@dataclass(frozen=True)
class Rules:
    """A table from category name to the extensions (lower case, leading dot) it holds."""

    categories: Mapping[str, tuple[str, ...]]
    _by_extension: dict[str, str] = field(init=False, repr=False, compare=False)
    _max_parts: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_extension = {ext: cat for cat, exts in self.categories.items() for ext in exts}
        object.__setattr__(self, "_by_extension", by_extension)
        parts = max((ext.count(".") for ext in by_extension), default=1)
        object.__setattr__(self, "_max_parts", max(parts, 1))

    @property
    def folder_names(self) -> frozenset[str]:
        """Every folder `--by category` can create, the fallback included."""
        return frozenset(self.categories) | {FALLBACK_CATEGORY}

    def split(self, name: str) -> tuple[str, str]:
        """Split a file name into (stem, extension), keeping the extension's original case.

        A known multi-part extension wins over the last suffix; a leading dot (a hidden file)
        never starts an extension, so `.bashrc` has none.
        """
        lowered = name.lower()
        start = 1 if lowered.startswith(".") else 0
        dot = lowered.rfind(".")
        if dot <= start or dot == len(lowered) - 1:
            return name, ""
        best = dot
        for _ in range(self._max_parts - 1):
            earlier = lowered.rfind(".", start + 1, best)
            if earlier < 0:
                break
            if lowered[earlier:] in self._by_extension:
                best = earlier
        return name[:best], name[best:]

    def category_of(self, name: str) -> str:
        """The category a file name belongs to; unknown extensions go to "other"."""
        extension = self.split(name)[1].lower()
        return self._by_extension.get(extension, FALLBACK_CATEGORY)

    def extension_folder(self, name: str) -> str:
        """The folder `--by extension` uses: `tar.gz`, `pdf`, or `no_extension`."""
        extension = self.split(name)[1].lower()
        return extension[1:] if extension else NO_EXTENSION


def load_rules(path: str | Path | None = None) -> Rules:
    """Rules from a JSON file `{"category": [".ext", ...]}`, or the defaults when path is None.

    The file replaces the default table; files it does not mention go to "other".
    """
    if path is None:
        return Rules(DEFAULT_RULES)
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
