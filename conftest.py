"""Registers the course's pytest plugin (day markers, real-service fixtures) for every test.

The grading plugin (`shared.attempts`: `--attempts DIR`) is registered through the workspace's
`pytest11` entry point instead, so pytest knows its option before it reads the command line.
"""

pytest_plugins = ["shared.testing", "shared.celery_worker"]
