"""Run by test_plugin.py under pytest-xdist (not collected on its own: no test_ prefix).

Each test records which worker ran it and on which database, in the folder DAY15_PROBE_DIR.
The fixtures come from this folder's conftest.py.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from day15_api_testing import Api


@pytest.mark.parametrize("n", range(4))
def test_probe(task_api: Api, task_database_url: str, n: int) -> None:
    task_api.create_task()
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    folder = Path(os.environ["DAY15_PROBE_DIR"])
    (folder / f"{worker}-{n}-{task_database_url.split(':')[0]}").write_text(task_database_url)
