"""gunicorn's settings for the library API: `gunicorn -c python:day11_rest_library.gunicorn_conf`.

Two sync workers (one request at a time each; one per core of a small machine), loopback,
port 8011, and a migration in the master before the workers fork. Flags on the command line
override these values.
"""

from __future__ import annotations

from typing import Any

from day11_rest_library.config import Settings
from day11_rest_library.migrate import upgrade

wsgi_app = "day11_rest_library.wsgi:app"
bind = "127.0.0.1:8011"
workers = 2
accesslog = "-"  # one line per request on stdout
control_socket_disable = True  # gunicorn 27 would open a control socket in the home folder


def on_starting(server: Any) -> None:
    """Create or update the tables once, before the workers start."""
    upgrade(Settings().database_url)
