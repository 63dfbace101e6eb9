"""Solution regions and starters: what `course start` writes and `course verify` relies on."""

from __future__ import annotations

from pathlib import Path

import pytest

from course.regions import RegionError, find_regions, package_regions, stub_regions
from course.starter import write_starter

REFERENCE = '''"""A tiny day."""


def total(values: list[int]) -> int:
    """Add the values."""
    # solution: add the values up with a loop
    result = 0
    for value in values:
        result += value
    return result
    # end solution


def double(value: int) -> int:
    """Twice the value."""
    if value:
        # solution: return twice the value
        return value * 2
        # end solution
    return 0
'''


def write_package(root: Path) -> Path:
    package = root / "dayxx_tiny"
    (package / "tests").mkdir(parents=True)
    (package / "__init__.py").write_text('"""Tiny."""\n', encoding="utf-8")
    (package / "maths.py").write_text(REFERENCE, encoding="utf-8")
    (package / "tests" / "test_maths.py").write_text("def test_x(): pass\n", encoding="utf-8")
    (package / "README.md").write_text("# Day xx\n", encoding="utf-8")
    return package


def test_regions_are_found_with_their_line_indent_and_task(tmp_path: Path) -> None:
    regions = find_regions(tmp_path / "maths.py", REFERENCE)
    assert [(r.start, r.end, r.indent, r.what) for r in regions] == [
        (6, 11, "    ", "add the values up with a loop"),
        (17, 19, "        ", "return twice the value"),
    ]


def test_a_stubbed_region_raises_not_implemented_with_its_task() -> None:
    regions = find_regions(Path("maths.py"), REFERENCE)
    starter = stub_regions(REFERENCE, regions)
    namespace: dict[str, object] = {}
    exec(compile(starter, "maths.py", "exec"), namespace)
    with pytest.raises(NotImplementedError, match="add the values up with a loop"):
        namespace["total"]([1, 2])  # type: ignore[operator]
    assert namespace["double"](0) == 0, "code outside regions is kept"  # type: ignore[operator]
    assert '"""Add the values."""' in starter, "docstrings are kept"
    assert "result += value" not in starter


@pytest.mark.parametrize(
    "text, problem",
    [
        pytest.param("def f():\n    # solution: x\n    pass\n", "never closed", id="unclosed"),
        pytest.param("def f():\n    pass\n    # end solution\n", "without", id="stray-end"),
        pytest.param(
            "def f():\n    # solution: a\n    # solution: b\n    # end solution\n",
            "inside",
            id="nested",
        ),
        pytest.param(
            "def f():\n    # solution: a\n    pass\n  # end solution\n",
            "indentation",
            id="misindented-end",
        ),
    ],
)
def test_markers_that_do_not_pair_are_an_error_naming_the_line(text: str, problem: str) -> None:
    with pytest.raises(RegionError, match=problem):
        find_regions(Path("broken.py"), text)


def test_a_starter_keeps_the_package_without_tests_and_stubs_every_region(tmp_path: Path) -> None:
    package = write_package(tmp_path / "reference")
    stubbed = write_starter(package, tmp_path / "attempts" / package.name)
    starter = tmp_path / "attempts" / package.name
    assert len(stubbed) == 2
    assert not (starter / "tests").exists(), "the rubric stays with the course"
    assert (starter / "README.md").is_file() and (starter / "__init__.py").is_file()
    assert (starter / "maths.py").read_text(encoding="utf-8").count("NotImplementedError") == 2


def test_a_starter_can_stub_one_region_alone(tmp_path: Path) -> None:
    package = write_package(tmp_path / "reference")
    first = package_regions(package)[0]
    write_starter(package, tmp_path / "one" / package.name, only=[first])
    text = (tmp_path / "one" / package.name / "maths.py").read_text(encoding="utf-8")
    assert text.count("NotImplementedError") == 1
    assert "return value * 2" in text
