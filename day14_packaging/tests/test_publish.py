"""Packaging and publishing: the built wheel's metadata, reproducible builds, the whole flow."""

from __future__ import annotations

import email.parser
import shutil
import socket
import zipfile
from pathlib import Path

import pytest

import day14_packaging
from day14_packaging.cli import main

PROJECT = Path(day14_packaging.__file__).resolve().parent / "emailcheck"


def copy_project(target: Path) -> Path:
    """A clean copy of the library's project folder (no caches), like a fresh checkout."""
    shutil.copytree(PROJECT, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return target


def build(project: Path, outdir: Path) -> tuple[Path, Path]:
    """`python -m day14_packaging build`; returns (sdist, wheel)."""
    assert main(["build", "--project", str(project), "--outdir", str(outdir)]) == 0
    (sdist,) = outdir.glob("*.tar.gz")
    (wheel,) = outdir.glob("*.whl")
    return sdist, wheel


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """One build of a clean copy of the library, shared by this module's tests."""
    root = tmp_path_factory.mktemp("built")
    return build(copy_project(root / "project"), root / "dist")


def wheel_metadata(wheel: Path) -> email.message.Message:
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        return email.parser.Parser().parsestr(archive.read(name).decode("utf-8"))


def test_wheel_declares_licence_classifiers_and_only_idna(built: tuple[Path, Path]) -> None:
    """PEP 621 metadata with a PEP 639 licence; idna is the one runtime dependency."""
    metadata = wheel_metadata(built[1])
    assert metadata["Name"] == "emailcheck" and metadata["Version"]
    assert metadata["License-Expression"] == "MIT", "PEP 639: an SPDX licence expression"
    assert metadata.get_all("License-File") == ["LICENSE"]
    assert not [c for c in metadata.get_all("Classifier") or [] if c.startswith("License ::")]
    assert "Typing :: Typed" in (metadata.get_all("Classifier") or [])
    requires = metadata.get_all("Requires-Dist") or []
    assert [r.split(">")[0].split("=")[0].strip() for r in requires] == ["idna"], requires
    assert metadata["Description-Content-Type"] == "text/markdown"


def test_wheel_holds_the_package_py_typed_licence_and_console_script(
    built: tuple[Path, Path],
) -> None:
    with zipfile.ZipFile(built[1]) as archive:
        names = archive.namelist()
        entry_points = next(n for n in names if n.endswith("entry_points.txt"))
        scripts = archive.read(entry_points).decode()
    assert "emailcheck/__init__.py" in names and "emailcheck/py.typed" in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert not [n for n in names if n.endswith(".pyc") or "tests/" in n]
    assert "[console_scripts]" in scripts and "emailcheck = " in scripts


def test_two_clean_builds_give_byte_identical_wheels(
    built: tuple[Path, Path], tmp_path: Path
) -> None:
    """Reproducible builds: another copy, other file dates, the same bytes."""
    project = copy_project(tmp_path / "project")
    for path in project.rglob("*.py"):
        path.touch()
    sdist, wheel = build(project, tmp_path / "dist")
    assert wheel.read_bytes() == built[1].read_bytes(), "the wheels differ: not reproducible"
    assert sdist.read_bytes() == built[0].read_bytes(), "the sdists differ: not reproducible"


def test_source_date_epoch_sets_the_file_dates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    _, wheel = build(copy_project(tmp_path / "project"), tmp_path / "dist")
    with zipfile.ZipFile(wheel) as archive:
        dates = {info.date_time[:3] for info in archive.infolist()}
    assert dates == {(2023, 11, 14)}, f"every file should carry SOURCE_DATE_EPOCH's date: {dates}"


def test_publish_builds_checks_uploads_and_installs_in_a_fresh_venv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The whole flow against a real pypiserver on loopback, in a temporary folder."""
    assert main(["publish", "--workdir", str(tmp_path)]) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    steps = ["validate-pyproject", "build", "twine check", "check-wheel-contents", "index"]
    steps += ["upload", "venv", "install", "smoke test"]
    missing = [s for s in steps if not any(line.startswith(s) for line in out.splitlines())]
    assert not missing, f"every step prints a line; missing: {missing}\n{out}"
    (install,) = [line for line in out.splitlines() if line.startswith("install")]
    assert "emailcheck-" in install and "idna-" in install, "pip installed both from the index"
    packages = sorted(p.name for p in (tmp_path / "packages").iterdir())
    assert any(p.endswith(".whl") and p.startswith("emailcheck-") for p in packages), packages
    assert any(p.endswith(".tar.gz") for p in packages) and any("idna" in p for p in packages)
    installed = list((tmp_path / "venv").rglob("site-packages/emailcheck/__init__.py"))
    assert installed, "the fresh venv holds its own copy of the library"
    port = int(out.split("http://127.0.0.1:")[1].split("/")[0])
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0, "the index is stopped afterwards"


def test_failed_step_is_one_error_line_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = copy_project(tmp_path / "project")
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('license = "MIT"', "license = 42"))
    assert main(["publish", "--project", str(project), "--workdir", str(tmp_path / "w")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: validate-pyproject failed:"), err
    assert err.count("\n") == 1, f"one line, no traceback: {err}"


def test_project_without_pyproject_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", "--project", str(tmp_path), "--outdir", str(tmp_path / "d")]) == 2
    assert "has no pyproject.toml" in capsys.readouterr().err
