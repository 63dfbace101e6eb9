"""Loaded by Python at start-up when this folder is on PYTHONPATH (set by `shared.attempts`).

With COURSE_ATTEMPTS set, it installs the attempts finder, so a subprocess a test starts
(`python -m dayNN_slug`, a server) imports the learner's attempt, as the test process does.
"""

import importlib.util
import os
import sys
from pathlib import Path

_folder = os.environ.get("COURSE_ATTEMPTS")
if _folder:
    _spec = importlib.util.spec_from_file_location(
        "_course_attempt_import", Path(__file__).resolve().parent.parent / "attempt_import.py"
    )
    if _spec is not None and _spec.loader is not None:
        _module = importlib.util.module_from_spec(_spec)
        sys.modules[_spec.name] = _module
        _spec.loader.exec_module(_module)
        _module.install(Path(_folder))
