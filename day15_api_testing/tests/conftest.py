"""Day 15's tests use the day's own plugin: `task_api` is an Api on day 7's app, each test in
a rolled-back transaction on SQLite and on PostgreSQL (see day15_api_testing/plugin.py)."""

from day15_api_testing.plugin import (  # noqa: F401  (fixtures, found by name)
    make_engine,
    task_api,
    task_app,
    task_database_url,
    task_session_factory,
)
