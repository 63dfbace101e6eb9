"""`course doctor`: is this machine ready for the course, and what to fix first."""

from __future__ import annotations

import platform
import shutil
import socket
import subprocess
import sys

from shared.cli import output
from shared.services import SERVICES, probe, redact, service_url

SERVER_PORTS = range(8001, 8021)


def port_free(port: int, host: str = "127.0.0.1") -> bool:
    """True when nothing listens on host:port (a day's server could start there)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.3)
        return sock.connect_ex((host, port)) != 0


def uv_version() -> str | None:
    """`uv --version`, or None when uv is not installed."""
    uv = shutil.which("uv")
    if uv is None:
        return None
    result = subprocess.run([uv, "--version"], capture_output=True, text=True, timeout=10)
    return result.stdout.strip() or None


def doctor() -> int:
    """Print what is ready and what is not; exit 1 when something needs fixing."""
    fixes: list[str] = []
    output(f"Python {platform.python_version()} ({sys.executable})")
    uv = uv_version()
    output(f"uv: {uv or 'not found'}")
    if uv is None:
        fixes.append("install uv: pip install uv")
    for key, service in SERVICES.items():
        url = service_url(key)
        if url is None:
            output(f"{service.name}: not configured ({service.env_var} unset; in-memory stand-in)")
            continue
        if probe(url):
            output(f"{service.name}: reachable at {redact(url)}")
        else:
            output(f"{service.name}: NOT reachable at {redact(url)}")
            fixes.append(f"start {service.name}: {service.start_command}")
    taken = [port for port in SERVER_PORTS if not port_free(port)]
    if taken:
        output(f"ports 8001-8020: taken {', '.join(map(str, taken))}")
        fixes.append(f"stop what listens on {', '.join(map(str, taken))} (or use --port)")
    else:
        output("ports 8001-8020: free")
    if fixes:
        output("\nfix first:")
        for number, fix in enumerate(fixes, start=1):
            output(f"  {number}. {fix}")
        return 1
    output("\nall set")
    return 0
