"""The WSGI entry point for production servers: `gunicorn day11_rest_library.wsgi:app`.

Settings come from the environment (DATABASE_URL, DAY11_REQUIRE_IF_MATCH). The tables must
exist: `gunicorn_conf.py` migrates once, in gunicorn's master process, before any worker
starts (workers migrating at the same time would race).
"""

from __future__ import annotations

from day11_rest_library.app import create_app

app = create_app()
