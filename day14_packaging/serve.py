"""`python -m day14_packaging serve`: the private index in the foreground, until stopped.

`publish` starts the index only for its own upload and install; this keeps it running on
port 8014 so other projects can install from it (`pip install --index-url ...`) and you can
upload to it yourself. Ctrl-C or SIGTERM stops it, and pypiserver with it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path

from day14_packaging.errors import StepError
from day14_packaging.index import running_index
from day14_packaging.publish import show

DEFAULT_PORT = 8014  # 8000 + the day, like every server of the course


def serve(workdir: Path, *, port: int, report: Callable[[str], None]) -> None:
    """Serve `workdir/packages` until Ctrl-C or SIGTERM; a dying server is a StepError."""
    stop = threading.Event()
    in_main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, lambda *_: stop.set()) if in_main_thread else None
    try:
        with running_index(workdir, port=port) as index:
            secret = workdir / "upload-password"
            secret.write_text(index.password + "\n", encoding="utf-8")
            os.chmod(secret, 0o600)
            report(f"Serving the emailcheck package index on {index.url.rstrip('/')}")
            report(f"  install: pip install --index-url {index.simple_url} emailcheck")
            report(f"  upload:  TWINE_USERNAME={index.username} TWINE_PASSWORD=$(cat "
                   f"{show(secret)}) twine upload --repository-url {index.url} dist/*")  # fmt: skip
            _wait(index.server, stop)
    except KeyboardInterrupt:
        pass  # Ctrl-C is how a foreground server is meant to end
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    report("the index is stopped")


def _wait(server: subprocess.Popen[bytes] | None, stop: threading.Event) -> None:
    """Block until asked to stop; pypiserver ending on its own (not by a signal) is an error."""
    while server is not None and not stop.wait(0.2):
        code = server.poll()
        if code is None:
            continue
        if code >= 0:
            raise StepError("serve", f"pypiserver exited with code {code} (see pypiserver.log)")
        return  # killed by a signal (Ctrl-C or SIGTERM sent to the process group): a stop
