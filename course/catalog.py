"""The days of the course as the `course` command sees them: number, package, title, services."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_TABLE_ROW = re.compile(r"^\|\s*(\d+)\s*\|")


@dataclass(frozen=True)
class Day:
    """One day package of the reference."""

    number: int
    package: str
    title: str
    services: str

    @property
    def key(self) -> str:
        """The marker and keyword of the day's tests: `day07`."""
        return f"day{self.number:02d}"

    @property
    def folder(self) -> Path:
        """The reference package's folder."""
        return ROOT / self.package

    @property
    def readme(self) -> Path:
        """The day's lesson."""
        return self.folder / "README.md"


def days(root: Path = ROOT) -> list[Day]:
    """Every day package present in the reference, in order."""
    services = _services_by_day(root / "README.md")
    found = []
    for path in sorted(root.iterdir()):
        match = re.match(r"^day(\d\d)_[a-z0-9_]+$", path.name)
        if match and (path / "__init__.py").is_file():
            number = int(match.group(1))
            found.append(
                Day(number, path.name, _title(path / "README.md"), services.get(number, ""))
            )
    return found


def find_day(text: str, root: Path = ROOT) -> Day:
    """The day named by `7`, `07`, `day07` or its package name; LookupError if none."""
    wanted = text.strip().lower().removeprefix("day")[:2].rstrip("_")
    for day in days(root):
        if wanted.isdigit() and day.number == int(wanted) or day.package == text:
            return day
    raise LookupError(text)


def parse_day_range(text: str, root: Path = ROOT) -> list[Day]:
    """`3-7,10` → those days (the ones present)."""
    numbers: set[int] = set()
    for part in text.split(","):
        low, _, high = part.strip().partition("-")
        if not low.isdigit() or (high and not high.isdigit()):
            raise ValueError(f"{text!r} is not a list of days such as 3-7,10")
        numbers.update(range(int(low), int(high or low) + 1))
    return [day for day in days(root) if day.number in numbers]


def _title(readme: Path) -> str:
    try:
        first = readme.read_text(encoding="utf-8").splitlines()[0]
    except (OSError, IndexError):
        return ""
    title = re.sub(r"^Day\s*\d+\s*[—-]\s*", "", first.lstrip("# ").strip())
    return title[:1].upper() + title[1:]


def _services_by_day(readme: Path) -> dict[int, str]:
    """The `services` column of the root README's table of days."""
    try:
        lines = readme.read_text(encoding="utf-8").splitlines()
    except OSError:
        return {}
    header = next((line for line in lines if line.startswith("| day |")), "")
    columns = [cell.strip() for cell in header.strip("|").split("|")]
    if "services" not in columns:
        return {}
    index = columns.index("services")
    found = {}
    for line in lines:
        match = _TABLE_ROW.match(line)
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if match and len(cells) > index:
            found[int(match.group(1))] = cells[index].replace("`", "")
    return found
