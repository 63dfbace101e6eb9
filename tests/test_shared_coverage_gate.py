"""The coverage gate checks the packages whose tests ran last, or all of them."""

from __future__ import annotations

import json
from pathlib import Path

from shared.coverage_gate import course_packages, packages_that_ran


def make_root(tmp_path: Path) -> Path:
    for name in ("shared", "day01_csv_report", "day07_sqlalchemy_orm"):
        (tmp_path / name).mkdir()
    return tmp_path


def test_the_gate_checks_the_packages_the_last_run_recorded(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    (root / "var").mkdir()
    record = ["day07_sqlalchemy_orm", "day99_gone"]
    (root / "var" / "coverage-packages.json").write_text(json.dumps(record), encoding="utf-8")
    assert packages_that_ran(root) == ["day07_sqlalchemy_orm"], "only packages still present"


def test_without_a_record_the_gate_falls_back_to_every_package(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    assert packages_that_ran(root) is None
    assert course_packages(root) == ["day01_csv_report", "day07_sqlalchemy_orm", "shared"]
