"""Which category a file belongs to, from its extension: the default table and its lookups.

Extensions are matched case-insensitively and may have several parts (`.tar.gz`): the longest
extension that ends the name wins, so `backup.tar.gz` is an archive and not just "gz".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

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
        # solution: split off the longest known extension (else the last suffix), keeping its case
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
        # end solution

    def category_of(self, name: str) -> str:
        """The category a file name belongs to; unknown extensions go to "other"."""
        # solution: look the lower-case extension up; unknown extensions go to the fallback category
        extension = self.split(name)[1].lower()
        return self._by_extension.get(extension, FALLBACK_CATEGORY)
        # end solution

    def extension_folder(self, name: str) -> str:
        """The folder `--by extension` uses: `tar.gz`, `pdf`, or `no_extension`."""
        extension = self.split(name)[1].lower()
        return extension[1:] if extension else NO_EXTENSION


def default_rules() -> Rules:
    """The built-in table: images, documents, audio, video, archives, code (else "other")."""
    return Rules(DEFAULT_RULES)
