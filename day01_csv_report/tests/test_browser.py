"""The HTML report as a real browser sees it: headless Chromium renders the file offline."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from day01_csv_report.cli import main
from shared.browser import dump_dom, require_chromium


class _Page(HTMLParser):
    """Headings, table rows and charts of a rendered DOM."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[str] = []
        self.rows = 0
        self.charts = 0
        self._heading: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("h1", "h2"):
            self._heading = []
        self.rows += tag == "tr"
        self.charts += tag == "svg"

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h1", "h2") and self._heading is not None:
            self.headings.append("".join(self._heading).strip())
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading.append(data)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> _Page:
    require_chromium()
    target = tmp_path_factory.mktemp("report") / "report.html"
    assert main(["--group-by", "region", "-o", str(target)]) == 0
    page = _Page()
    page.feed(dump_dom(Path(target).as_uri()))
    return page


def test_the_html_report_renders_its_sections_in_a_browser(rendered: _Page) -> None:
    assert rendered.headings[0] == "CSV report: sales_orders.csv", rendered.headings
    for heading in ("Columns", "Column details", "Groups by region"):
        assert heading in rendered.headings, f"the browser shows the {heading!r} section"


def test_the_html_report_shows_its_tables_and_charts_in_a_browser(rendered: _Page) -> None:
    assert rendered.rows >= 1 + 13 + 1 + 6, "a row per column, and a row per region group"
    assert rendered.charts == 13, "one inline SVG chart per column of the sample"
