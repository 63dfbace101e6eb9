"""shared.lazy: a day's heavy public names load on first use, and behave like plain imports."""

from __future__ import annotations

import subprocess
import sys
import types

import pytest

from shared.lazy import lazy_exports


def test_a_lazy_name_is_imported_on_first_use_and_then_kept() -> None:
    package = types.ModuleType("fake_day")
    sys.modules["fake_day"] = package
    try:
        lazy = {"dumps": "json", "join": "os.path:join"}
        getattr_, dir_ = lazy_exports("fake_day", lazy, ["dumps", "join", "light"])
        package.light = 1  # type: ignore[attr-defined]
        import json

        assert getattr_("dumps") is json.dumps
        assert vars(package)["dumps"] is json.dumps, "kept in the package after the first use"
        import os.path

        assert getattr_("join") is os.path.join, "`module:attribute` names another attribute"
        assert {"dumps", "light"} <= set(dir_())
        with pytest.raises(AttributeError, match="has no attribute 'nothing'"):
            getattr_("nothing")
    finally:
        del sys.modules["fake_day"]


def test_importing_the_upload_day_for_its_processor_loads_neither_fastapi_nor_celery() -> None:
    """Day 17's consumer imports day 13 for its Processor: the web and Celery stacks stay out."""
    code = (
        "import sys, day13_background_tasks as d; d.Processor; "
        "print('fastapi' in sys.modules, 'celery' in sys.modules); d.create_app; d.make_celery; "
        "print('fastapi' in sys.modules, 'celery' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.stdout.split() == ["False", "False", "True", "True"], result.stderr
