"""The course's real services: where they live by default, how to start them, how to probe them.

One table (DESIGN.md section 4) that apps, tests and CI read, so a URL or a start command is
written down exactly once.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit


@dataclass(frozen=True)
class Service:
    """A real service the course talks to."""

    name: str
    env_var: str
    default_url: str | None
    start_command: str
    default_port: int


SERVICES: dict[str, Service] = {
    "postgresql": Service(
        name="PostgreSQL",
        env_var="POSTGRES_URL",
        default_url="postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
        start_command=("pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"),
        default_port=5432,
    ),
    "redis": Service(
        name="Redis",
        env_var="REDIS_URL",
        default_url="redis://127.0.0.1:6379/0",
        start_command=(
            'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no'
        ),
        default_port=6379,
    ),
    "rabbitmq": Service(
        name="RabbitMQ",
        env_var="AMQP_URL",
        default_url="amqp://guest:guest@127.0.0.1:5672/%2F",
        start_command="rabbitmq-server -detached",
        default_port=5672,
    ),
    "mongodb": Service(
        name="MongoDB",
        env_var="MONGODB_URL",
        default_url=None,  # unset means mongomock: in memory, nothing persisted
        start_command="not installable here; set MONGODB_URL to a real server",
        default_port=27017,
    ),
}


def service_url(key: str, env: Mapping[str, str] | None = None) -> str | None:
    """Return the URL of service `key`: its environment variable, else the course default."""
    service = SERVICES[key]
    environ = os.environ if env is None else env
    return environ.get(service.env_var) or service.default_url


def probe(url: str, *, timeout: float = 1.0) -> bool:
    """Return True when something accepts TCP connections at the URL's host and port."""
    parts = urlsplit(url)
    host = parts.hostname or "127.0.0.1"
    port = parts.port or _default_port(parts.scheme)
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def redact(url: str) -> str:
    """The URL with its password replaced by `***`, fit for logs and error messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    userinfo, _, hostport = parts.netloc.rpartition("@")
    user = userinfo.partition(":")[0]
    return urlunsplit(parts._replace(netloc=f"{user}:***@{hostport}"))


def _default_port(scheme: str) -> int:
    base = scheme.split("+", 1)[0]
    ports = {"postgresql": 5432, "redis": 6379, "amqp": 5672, "mongodb": 27017}
    return ports.get(base, 80)
