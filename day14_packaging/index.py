"""A private package index on loopback: pypiserver, with an htpasswd file guarding uploads.

Downloads stay open (pip needs no password), uploads need the account written here, and
`--disable-fallback` stops pypiserver from redirecting unknown names to the public PyPI:
whatever pip installs from this index, the index holds.
"""

from __future__ import annotations

import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from day14_packaging.build import tool_env
from day14_packaging.commands import run_tool
from day14_packaging.errors import StepError

HOST = "127.0.0.1"
UPLOADER = "publisher"
START_TIMEOUT_SECONDS = 20.0
POLL_SECONDS = 0.05


@dataclass(frozen=True)
class Index:
    """A running index: where it listens and the account allowed to upload."""

    url: str  # http://127.0.0.1:PORT/
    username: str
    password: str
    packages: Path
    server: subprocess.Popen[bytes] | None = field(default=None, repr=False, compare=False)

    @property
    def simple_url(self) -> str:
        """The PEP 503 "simple" API that pip reads."""
        return self.url + "simple/"


def write_htpasswd(path: Path, username: str) -> str:
    """Create an htpasswd file with one user and a fresh random password; return it."""
    password = secrets.token_urlsafe(18)
    # passlib 1.7.4 (pypiserver's htpasswd reader) imports the stdlib `crypt` module, which
    # warns from Python 3.11 on; the warning is about passlib, not about this code.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from passlib.apache import HtpasswdFile  # type: ignore[import-untyped]  # no stubs

        htpasswd = HtpasswdFile(str(path), new=True)
        htpasswd.set_password(username, password)
        htpasswd.save()
    return password


def free_port(host: str = HOST) -> int:
    """A port nothing listens on right now (the OS picks it)."""
    with socket.socket() as probe:
        probe.bind((host, 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def running_index(workdir: Path, *, port: int = 0) -> Iterator[Index]:
    """Start pypiserver serving `workdir/packages`; stop it when the block ends."""
    packages = workdir / "packages"
    packages.mkdir(parents=True, exist_ok=True)
    password = write_htpasswd(workdir / "htpasswd", UPLOADER)
    port = port or free_port()
    url = f"http://{HOST}:{port}/"
    # solution: start `python -m pypiserver run` on HOST:port, uploads authenticated, no fallback
    args = [sys.executable, "-m", "pypiserver", "run", "--host", HOST, "--port", str(port)]
    args += ["--authenticate", "update", "--passwords", str(workdir / "htpasswd")]
    args += ["--disable-fallback", "--server", "wsgiref", str(packages)]
    # end solution
    with (workdir / "pypiserver.log").open("w") as log:
        server = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_until_serving(url, server, log_path=workdir / "pypiserver.log")
            yield Index(url, UPLOADER, password, packages, server)
        finally:
            server.terminate()
            try:
                server.wait(timeout=5)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _wait_until_serving(url: str, server: subprocess.Popen[bytes], *, log_path: Path) -> None:
    """Poll the health endpoint until it answers; fail fast if the server exits."""
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            tail = log_path.read_text(encoding="utf-8", errors="replace").strip()
            message = f"pypiserver exited with code {server.returncode}: {tail[-300:]}"
            raise StepError("index", message)
        try:
            with urllib.request.urlopen(url + "health", timeout=1):
                return
        except (urllib.error.URLError, OSError):
            time.sleep(POLL_SECONDS)
    raise StepError("index", f"pypiserver did not answer on {url} within {START_TIMEOUT_SECONDS}s")


def upload(index: Index, files: list[Path]) -> None:
    """`twine upload` to the index, authenticated; the password travels in the environment."""
    # solution: run `twine upload --repository-url INDEX_URL FILES` with TWINE_USERNAME/PASSWORD set
    args = [sys.executable, "-m", "twine", "upload", "--non-interactive", "--disable-progress-bar"]
    args += ["--repository-url", index.url, *map(str, files)]
    env = tool_env(TWINE_USERNAME=index.username, TWINE_PASSWORD=index.password)
    run_tool("upload", args, env=env)
    # end solution
