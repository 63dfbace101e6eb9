"""Day 2 benchmark: organising N small files by extension, journal on.

Rows (files per second, in one temporary folder on one filesystem):
  os.rename loop   the floor: a bare loop renaming the same files into pre-made folders
  day02 organize   scan + plan + journaled moves (`organize(root, by="extension")`)
  day02 undo       putting them all back from the journal
  organize-tool    `organize run` (PyPI organize-tool, bench env only) at --peer-files files

Usage: python benchmarks/day02_file_organizer.py [--files 100000] [--peer-files 20000] [--dir D]
       python benchmarks/day02_file_organizer.py --quick      (2,000 / 1,000 files: a smoke run)
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from day02_file_organizer import OrganizeOptions, organize, undo  # noqa: E402

EXTENSIONS = ["jpg", "PNG", "pdf", "txt", "mp3", "mp4", "tar.gz", "zip", "py", "csv", "xyz"]


def make_tree(root: Path, count: int) -> list[Path]:
    """`count` tiny files with a spread of extensions (upper case and multi-part included)."""
    paths = []
    for index in range(count):
        path = root / f"file{index:06d}.{EXTENSIONS[index % len(EXTENSIONS)]}"
        with open(path, "wb") as handle:
            handle.write(b"x")
        paths.append(path)
    return paths


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def floor_rename(root: Path, paths: list[Path]) -> float:
    """Seconds for a bare os.rename of every file into a per-extension folder, then put back."""
    targets = []
    for path in paths:
        folder = root / path.name.split(".", 1)[1].lower()
        folder.mkdir(exist_ok=True)
        targets.append(str(folder / path.name))
    sources = [str(p) for p in paths]

    def loop() -> None:
        for src, dst in zip(sources, targets, strict=True):
            os.rename(src, dst)

    seconds = timed(loop)
    for src, dst in zip(sources, targets, strict=True):
        os.rename(dst, src)
    for folder in {Path(t).parent for t in targets}:
        folder.rmdir()
    return seconds


def ours(root: Path, count: int) -> tuple[float, float]:
    """Seconds to organise by extension (journal on), and to undo it."""
    summary = None

    def run() -> None:
        nonlocal summary
        summary = organize(root, OrganizeOptions(by="extension"))

    seconds = timed(run)
    assert summary is not None and summary.total_moved == count and summary.ok, summary
    undo_seconds = timed(lambda: undo(root))
    assert len(os.listdir(root)) == count, "undo must restore every file"
    return seconds, undo_seconds


def peer(root: Path) -> float | None:
    """Seconds for organize-tool to sort the same tree by extension, or None if not installed."""
    exe = shutil.which("organize") or shutil.which(
        "organize", path=str(Path(sys.executable).parent)
    )
    if exe is None:
        return None
    config = root.parent / "organize-config.yaml"
    config.write_text(
        f"rules:\n  - locations: '{root}'\n    filters:\n      - extension\n"
        f"    actions:\n      - move: '{root}/{{extension}}/'\n",
        encoding="utf-8",
    )
    start = time.perf_counter()
    result = subprocess.run([exe, "run", str(config)], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"organize-tool failed:\n{result.stdout[-1000:]}{result.stderr[-1000:]}")
    return seconds


def row(name: str, files: int, seconds: float | None, floor: float | None) -> str:
    if seconds is None:
        return f"{name:<30} {files:>8,}  {'not installed':>13}  {'':>10}  {'':>8}"
    ratio = f"{seconds / floor:.2f}x" if floor else ""
    return f"{name:<30} {files:>8,}  {seconds:>12.3f}s  {files / seconds:>10,.0f}  {ratio:>8}"


def measure(files: int, peer_files: int, where: str | None) -> list[str]:
    lines = [f"{'':<30} {'files':>8}  {'time':>13}  {'files/s':>10}  {'vs floor':>8}"]
    with tempfile.TemporaryDirectory(prefix="day02-bench-", dir=where) as tmp:
        root = Path(tmp) / "big"
        root.mkdir()
        paths = make_tree(root, files)
        floor = floor_rename(root, paths)
        organise_s, undo_s = ours(root, files)
        lines.append(row("os.rename loop (floor)", files, floor, floor))
        lines.append(row("day02 organize (journal on)", files, organise_s, floor))
        lines.append(row("day02 undo", files, undo_s, floor))
        shutil.rmtree(root)
        small = Path(tmp) / "small"
        small.mkdir()
        paths = make_tree(small, peer_files)
        small_floor = floor_rename(small, paths)
        small_ours, _ = ours(small, peer_files)
        lines.append(row("os.rename loop (floor)", peer_files, small_floor, small_floor))
        lines.append(row("day02 organize (journal on)", peer_files, small_ours, small_floor))
        peer_s = peer(small)
        lines.append(row("organize-tool (organize run)", peer_files, peer_s, small_floor))
        if peer_s is not None:
            lines.append(f"day02 is {peer_s / small_ours:.1f}x faster than organize-tool")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=100_000, help="files in the main run")
    parser.add_argument("--peer-files", type=int, default=20_000, help="files in the peer run")
    parser.add_argument("--quick", action="store_true", help="a smoke run: 2,000 / 1,000 files")
    parser.add_argument("--dir", help="where to make the temporary tree (e.g. /dev/shm)")
    args = parser.parse_args()
    files, peer_files = (2_000, 1_000) if args.quick else (args.files, args.peer_files)
    where = args.dir or tempfile.gettempdir()
    print(f"day02_file_organizer benchmark (python {sys.version.split()[0]}, tree in {where})")
    print("\n".join(measure(files, peer_files, args.dir)))


if __name__ == "__main__":
    main()
