"""Comparing reports: equal structure, equal integers and strings, nearly equal floats.

SQLite's julianday() keeps milliseconds only, so a duration can be off by up to two
milliseconds there (about 6e-7 hours): floats are compared to within 1e-6 absolute.
"""

from __future__ import annotations

import math
from typing import Any

from pydantic import BaseModel


def differences(left: Any, right: Any, path: str = "report") -> list[str]:
    """Where two dumped reports differ (floats compared with a relative tolerance)."""
    if isinstance(left, dict) and isinstance(right, dict):
        if left.keys() != right.keys():
            return [f"{path}: keys {sorted(left)} != {sorted(right)}"]
        return [d for key in left for d in differences(left[key], right[key], f"{path}.{key}")]
    if isinstance(left, list) and isinstance(right, list):
        if len(left) != len(right):
            return [f"{path}: {len(left)} rows != {len(right)} rows"]
        return [
            d
            for i, pair in enumerate(zip(left, right, strict=True))
            for d in differences(*pair, f"{path}[{i}]")
        ]
    if isinstance(left, float) or isinstance(right, float):
        same = math.isclose(left, right, rel_tol=1e-9, abs_tol=1e-6)
        return [] if same else [f"{path}: {left!r} != {right!r}"]
    return [] if left == right else [f"{path}: {left!r} != {right!r}"]


def assert_same_report(in_sql: BaseModel, in_python: BaseModel) -> None:
    """The database's report equals the one computed in Python."""
    diff = differences(in_sql.model_dump(), in_python.model_dump())
    assert not diff, "the SQL report differs from the plain-Python one:\n" + "\n".join(diff[:10])
