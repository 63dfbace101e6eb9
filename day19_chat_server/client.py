"""connect(): a tiny netcat, so nobody needs one installed to try the chat.

Lines typed (or piped) on stdin go to the server; what the server sends is printed. At the end
of stdin it waits up to `linger` seconds for the server's last words (after /quit: "bye").
"""

from __future__ import annotations

import os
import selectors
import socket
import sys
import time

from shared.cli import CourseError


def connect(host: str, port: int, *, linger: float = 2.0) -> int:
    """Relay stdin to the server and the server to stdout until either side is done."""
    try:
        sock = socket.create_connection((host, port), timeout=5)
    except OSError as exc:
        raise CourseError(
            f"cannot connect to {host}:{port}: {exc.strerror or exc}",
            hint="is the server running? start it with: python -m day19_chat_server",
        ) from exc
    with sock, selectors.DefaultSelector() as selector:
        sock.setblocking(False)
        selector.register(sock, selectors.EVENT_READ)
        selector.register(sys.stdin.fileno(), selectors.EVENT_READ)
        deadline: float | None = None  # set once stdin is finished
        while deadline is None or time.monotonic() < deadline:
            timeout = None if deadline is None else max(0.0, deadline - time.monotonic())
            for key, _ in selector.select(timeout):
                if key.fileobj is sock:
                    data = sock.recv(65536)
                    if not data:
                        return 0  # the server closed: after /quit, or on shutdown
                    sys.stdout.buffer.write(data)
                    sys.stdout.buffer.flush()
                else:
                    typed = os.read(sys.stdin.fileno(), 65536)
                    if typed:
                        sock.setblocking(True)  # a few typed lines: waiting here is fine
                        sock.sendall(typed)
                        sock.setblocking(False)
                    else:
                        selector.unregister(sys.stdin.fileno())
                        deadline = time.monotonic() + linger
    return 0
