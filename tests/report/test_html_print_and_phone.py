"""The HTML report on paper and on a phone, in headless Chromium: printed, it starts at once and
takes few pages; at phone width, its tables keep readable columns and scroll sideways."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from ..conftest import EXAMPLES, CliRun
from .test_html_browser import Visit, browser, html_report  # noqa: F401  (the fixture, shared)

if TYPE_CHECKING:
    from playwright.sync_api import Browser

PHONE_WIDTH = 375
NARROWEST_CELL = 60
"""CSS px: narrower, a column sets about one word per line."""
LONG_TEXT = 80
"""Characters from which a cell holds sentences rather than a word or two ..."""
LONG_TEXT_CELL = 140
"""... and then needs at least this many CSS px to read as lines, not as a list of words."""
MOST_PAGES = 20
"""The fraud team's report printed on 27 pages, A4 or Letter, before the print styles."""

# Every table cell with its width, its text's length, and whether its table is wider than the
# box around it, which must then scroll sideways.
_CELLS = """() => [...document.querySelectorAll('table')].flatMap(table => {
    const box = table.parentElement;
    const overflowing = table.getBoundingClientRect().width > box.clientWidth + 0.5;
    const scrolls = ['auto', 'scroll'].includes(getComputedStyle(box).overflowX);
    return [...table.querySelectorAll('th, td')].map(cell => ({
        table: table.caption ? table.caption.textContent : '',
        text: cell.textContent.trim().slice(0, 40),
        length: cell.textContent.trim().length,
        width: cell.getBoundingClientRect().width,
        overflowing, scrolls,
    }));
})"""


@pytest.mark.parametrize("answers", ["fraud-platform.yaml", "respondents/fraud-lead.yaml"])
def test_at_phone_width_every_table_cell_keeps_a_readable_width(
    browser: Browser,  # noqa: F811
    cli: CliRun,
    tmp_path: Path,
    answers: str,
) -> None:
    visit = Visit(browser, html_report(cli, EXAMPLES / answers, tmp_path), PHONE_WIDTH)
    try:
        for summary in visit.page.locator("details > summary").all():
            summary.click()
        cells: list[dict[str, Any]] = visit.page.evaluate(_CELLS)
        assert visit.problems == []
    finally:
        visit.close()
    assert cells
    narrow = [cell for cell in cells if cell["width"] < NARROWEST_CELL]
    assert narrow == [], narrow[:5]
    squeezed = [cell for cell in cells if cell["length"] > LONG_TEXT and cell["width"] < LONG_TEXT_CELL]
    assert squeezed == [], squeezed[:5]
    # What no longer fits the phone scrolls in its own box; the page itself does not.
    assert all(cell["scrolls"] for cell in cells if cell["overflowing"])
    assert any(cell["overflowing"] for cell in cells)


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_printed_the_report_starts_on_the_first_page_and_takes_few_pages(
    browser: Browser,  # noqa: F811
    cli: CliRun,
    tmp_path: Path,
    paper: str,
) -> None:
    from pypdf import PdfReader

    visit = Visit(browser, html_report(cli, EXAMPLES / "fraud-platform.yaml", tmp_path), 1280)
    try:
        pdf = visit.page.pdf(format=paper)
        assert visit.problems == []
    finally:
        visit.close()
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) <= MOST_PAGES, f"{len(pages)} pages on {paper}"
    first = pages[0]
    text = first.extract_text()
    assert "MLOps maturity report" in text and "Summary" in text and "Google: Level 1" in text, text
    # Not nearly blank: the first page's text runs into its lower half.
    heights: list[float] = []
    first.extract_text(
        visitor_text=lambda shown, matrix, text_matrix, font, size: (
            heights.append(
                float(text_matrix[4]) * float(matrix[1]) + float(text_matrix[5]) * float(matrix[3]) + float(matrix[5])
            )
            if shown.strip()
            else None
        )
    )
    assert min(heights) < float(first.mediabox.height) / 2, f"the text of page 1 stops at {min(heights):.0f} pt"
