"""Internals of the reference's publishing tools: the index's authentication, the repacked
dependency wheel, and how tool failures are reported. A learner's design may differ."""

from __future__ import annotations

import base64
import hashlib
import socket
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.internal


def tiny_wheel(folder: Path) -> Path:
    """The smallest wheel twine will upload: metadata, WHEEL and RECORD."""
    path = folder / "tiny-0.1-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("tiny-0.1.dist-info/METADATA", "Metadata-Version: 2.1\nName: tiny\n"
                         "Version: 0.1\n")  # fmt: skip
        archive.writestr("tiny-0.1.dist-info/WHEEL", "Wheel-Version: 1.0\nTag: py3-none-any\n")
        archive.writestr("tiny-0.1.dist-info/RECORD", "")
    return path


def test_index_refuses_an_upload_with_a_wrong_password(tmp_path: Path) -> None:
    from day14_packaging.errors import StepError
    from day14_packaging.index import Index, running_index, upload

    wheel = tiny_wheel(tmp_path)
    with running_index(tmp_path / "index") as index:
        intruder = Index(index.url, index.username, "not-the-password", index.packages)
        with pytest.raises(StepError, match="upload failed") as failed:
            upload(intruder, [wheel])
        assert "403" in str(failed.value) or "401" in str(failed.value), str(failed.value)
        assert not list(index.packages.iterdir()), "nothing was stored"
        upload(index, [wheel])
        assert [p.name for p in index.packages.iterdir()] == [wheel.name], "the account works"


def test_repacked_wheel_records_every_file_with_its_hash(tmp_path: Path) -> None:
    from day14_packaging.repack import repack_installed

    wheel = repack_installed("idna", tmp_path)
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        record_name = next(n for n in names if n.endswith(".dist-info/RECORD"))
        rows = [line.split(",") for line in archive.read(record_name).decode().splitlines()]
        for name, digest, size in rows:
            if name == record_name:
                continue
            data = archive.read(name)
            expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
            assert digest == "sha256=" + expected.decode() and int(size) == len(data), name
    assert {row[0] for row in rows} == names, "RECORD lists exactly the wheel's files"
    assert not [n for n in names if n.endswith((".pyc", "INSTALLER", "direct_url.json"))]


def test_index_that_cannot_start_reports_its_log(tmp_path: Path) -> None:
    from day14_packaging.errors import StepError
    from day14_packaging.index import HOST, running_index

    with socket.socket() as taken:
        taken.bind((HOST, 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(StepError, match="pypiserver exited"):
            with running_index(tmp_path, port=port):
                pass  # pragma: no cover - the server never starts


def test_tool_that_cannot_run_or_fails_is_one_step_error() -> None:
    from day14_packaging.commands import run_tool
    from day14_packaging.errors import StepError

    with pytest.raises(StepError, match="could not run"):
        run_tool("missing", ["/nonexistent/tool"])
    with pytest.raises(StepError, match="failed: line 1 \\| line 2"):
        run_tool("shell", [sys.executable, "-c", "print('line 1\\nline 2'); raise SystemExit(3)"])


def test_a_release_on_the_index_is_never_replaced(tmp_path: Path) -> None:
    from day14_packaging.errors import StepError
    from day14_packaging.publish import unpublished

    packages, dist = tmp_path / "packages", tmp_path / "dist"
    packages.mkdir()
    dist.mkdir()
    wheel = tiny_wheel(dist)
    assert unpublished([wheel], packages) == [wheel], "a new file is uploaded"
    (packages / wheel.name).write_bytes(wheel.read_bytes())
    assert unpublished([wheel], packages) == [], "the same bytes again: nothing to upload"
    (packages / wheel.name).write_bytes(b"another build")
    with pytest.raises(StepError, match="already on the index with different contents"):
        unpublished([wheel], packages)
