"""The instructor's view: grade one learner's attempts folder, or a whole class in parallel.

Each learner is graded in a pytest process of their own (their own temporary PostgreSQL
database, Redis key prefixes and RabbitMQ queues, from the course plugin), up to `jobs` at once.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from course.catalog import Day
from course.rubric import RubricRun, Verdict, run_rubric
from course.tables import format_table, markdown_table


@dataclass(frozen=True)
class LearnerResult:
    """One learner's verdicts, by day."""

    learner: str
    folder: Path
    by_day: dict[str, list[Verdict]]

    def score(self, day: str) -> tuple[int, int]:
        """(criteria passed, criteria in all) for a day."""
        verdicts = self.by_day.get(day, [])
        return sum(v.passed for v in verdicts), len(verdicts)


def attempted_days(folder: Path, wanted: Sequence[Day]) -> list[Day]:
    """The wanted days that this attempts folder holds a package for."""
    return [day for day in wanted if (folder / day.package / "__init__.py").is_file()]


def grade_learner(folder: Path, wanted: Sequence[Day]) -> LearnerResult:
    """Run the rubric of every wanted day the learner attempted, in one pytest process."""
    present = attempted_days(folder, wanted)
    run: RubricRun | None = None
    if present:
        run = run_rubric([day.key for day in present], attempts=folder)
    by_day = {day.key: run.for_day(day.key) if run else [] for day in present}
    return LearnerResult(learner=learner_name(folder), folder=folder, by_day=by_day)


def grade_class(
    folders: Sequence[Path], wanted: Sequence[Day], *, jobs: int
) -> list[LearnerResult]:
    """Grade several learners, `jobs` pytest processes at a time, in the order given."""
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        return list(pool.map(lambda folder: grade_learner(folder, wanted), folders))


def learner_name(folder: Path) -> str:
    """A learner's name: the folder holding `attempts/`, or the folder itself."""
    resolved = folder.resolve()
    return resolved.parent.name if resolved.name == "attempts" else resolved.name


def day_table(result: LearnerResult, wanted: Sequence[Day]) -> str:
    """One learner: a row per day with criteria passed / total and the score."""
    rows = [("day", "package", "criteria", "score")]
    for day in wanted:
        if day.key not in result.by_day:
            rows.append((str(day.number), day.package, "not attempted", ""))
            continue
        passed, total = result.score(day.key)
        rows.append((str(day.number), day.package, f"{passed}/{total}", _percent(passed, total)))
    return format_table(rows)


def class_rows(results: Sequence[LearnerResult], wanted: Sequence[Day]) -> list[list[str]]:
    """Learner × day: each cell the score of that day (empty when not attempted)."""
    rows = [["learner", *[day.key for day in wanted]]]
    for result in results:
        cells = []
        for day in wanted:
            passed, total = result.score(day.key)
            cells.append(_percent(passed, total) if day.key in result.by_day else "")
        rows.append([result.learner, *cells])
    return rows


def class_csv(rows: Sequence[Sequence[str]]) -> str:
    """The learner × day table as CSV."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def class_markdown(rows: Sequence[Sequence[str]]) -> str:
    """The learner × day table as markdown."""
    return markdown_table(rows)


def junit_xml(results: Sequence[LearnerResult]) -> str:
    """JUnit XML: a suite per learner and day, a test case per criterion."""
    suites = ET.Element("testsuites")
    for result in results:
        for day, verdicts in result.by_day.items():
            suite = ET.SubElement(
                suites,
                "testsuite",
                name=f"{result.learner}.{day}",
                tests=str(len(verdicts)),
                failures=str(sum(not v.passed and not v.skipped for v in verdicts)),
                skipped=str(sum(v.skipped for v in verdicts)),
            )
            for verdict in verdicts:
                case = ET.SubElement(
                    suite, "testcase", classname=f"{result.learner}.{day}", name=verdict.criterion
                )
                if verdict.skipped:
                    ET.SubElement(case, "skipped", message=verdict.message)
                elif not verdict.passed:
                    ET.SubElement(case, "failure", message=verdict.message or "failed")
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def json_summary(results: Sequence[LearnerResult]) -> str:
    """A JSON summary: per learner and day, passed, total, score and the failed criteria."""
    summary = {
        result.learner: {
            day: {
                "passed": result.score(day)[0],
                "total": result.score(day)[1],
                "score": _ratio(*result.score(day)),
                "failed": [v.criterion for v in verdicts if not v.passed and not v.skipped],
            }
            for day, verdicts in result.by_day.items()
        }
        for result in results
    }
    return json.dumps(summary, indent=2) + "\n"


def _ratio(passed: int, total: int) -> float:
    return round(passed / total, 4) if total else 0.0


def _percent(passed: int, total: int) -> str:
    return f"{100 * passed / total:.0f}%" if total else "0%"
