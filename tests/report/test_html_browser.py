"""The HTML report in a real browser: headless Chromium opens every example's report from disk.

No console error, nothing fetched, every chart drawn, no horizontal scroll on a phone; the
screenshots at desktop and phone width are left in the test's temporary folder. Without a
browser these tests are skipped, unless CI is set: there a missing browser is a failure.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from ..conftest import EXAMPLES, CliRun

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM = Path(os.environ.get("MLOPS_MATURITY_CHROMIUM", "/usr/bin/chromium"))
LAUNCH_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP, PHONE = 1280, 390
EXAMPLE_FILES = sorted(EXAMPLES.rglob("*.yaml"))


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so the browser tests must run)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (pip install -e '.[test]')")
    if not CHROMIUM.is_file():
        _unavailable(f"no browser at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        try:
            launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_FLAGS)
        except Error as error:
            _unavailable(f"{CHROMIUM} does not start: {error.message.splitlines()[0]}")
        yield launched
        launched.close()


class Visit:
    """A page opened from disk, with every console error, page error and request off the disk."""

    def __init__(self, browser: Browser, path: Path, width: int, init_script: str | None = None) -> None:
        self.problems: list[str] = []
        self.console: list[str] = []
        """Every console message, as `type: text`."""
        self.fetched: list[str] = []
        self.context = browser.new_context(viewport={"width": width, "height": 900})
        if init_script is not None:
            self.context.add_init_script(init_script)
        self.context.route("**/*", self._route)
        self.page: Page = self.context.new_page()
        self.page.on("console", lambda message: self._console(message))
        self.page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        self.page.goto(path.as_uri(), wait_until="load")

    def _route(self, route: Any) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            self.fetched.append(route.request.url)
            route.abort()

    def _console(self, message: Any) -> None:
        self.console.append(f"{message.type}: {message.text}")
        if message.type == "error":
            self.problems.append(f"console error: {message.text}")

    def horizontal_overflow(self) -> int:
        """How far the page is wider than the window, in CSS pixels (0: no horizontal scroll)."""
        overflow: int = self.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        return overflow

    def charts(self) -> list[dict[str, Any]]:
        """Every chart with its box, and whether its text alternative is there."""
        found: list[dict[str, Any]] = self.page.evaluate(
            """() => [...document.querySelectorAll('svg[role="img"]')].map(svg => {
                const box = svg.getBoundingClientRect();
                const names = (svg.getAttribute('aria-labelledby') || '').split(' ').filter(Boolean);
                return {id: svg.id, width: box.width, height: box.height, right: box.right,
                        visible: getComputedStyle(svg).visibility === 'visible' && box.width > 0 && box.height > 0,
                        named: names.length > 0 && names.every(name => (document.getElementById(name)?.textContent || '').trim() !== '')};
            })"""
        )
        return found

    def close(self) -> None:
        self.context.close()


def html_report(cli: CliRun, answers: Path, folder: Path) -> Path:
    output = folder / f"{answers.stem}.html"
    done = cli("report", answers, "--format", "html", "-o", output)
    assert done.returncode == 0, done.stderr
    return output


@pytest.mark.parametrize("answers", EXAMPLE_FILES, ids=lambda path: path.relative_to(EXAMPLES).as_posix())
def test_every_example_opens_cleanly_at_desktop_and_phone_width(
    browser: Browser, cli: CliRun, tmp_path: Path, answers: Path
) -> None:
    report = html_report(cli, answers, tmp_path)
    for width in (DESKTOP, PHONE):
        visit = Visit(browser, report, width)
        try:
            shot = tmp_path / f"{answers.stem}-{width}px.png"
            visit.page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 10_000
            assert visit.problems == []
            assert visit.fetched == []
            drawn = visit.charts()
            ids = [chart["id"] for chart in drawn]
            assert "profile-chart" in ids and ids.count("profile-chart") == 1
            assert len([chart_id for chart_id in ids if chart_id.startswith("ladder-chart-")]) == 2
            for chart in drawn:
                assert chart["visible"] and chart["named"], chart
                assert chart["right"] <= width + 0.5, chart
            assert visit.horizontal_overflow() <= 0, f"horizontal scroll at {width} px"
            # The detail is folded: its tables take no room until opened.
            assert visit.page.locator("details#answers table").is_hidden()
        finally:
            visit.close()


def test_the_detail_unfolds_in_print_and_on_a_phone_stays_narrow(browser: Browser, cli: CliRun, tmp_path: Path) -> None:
    report = html_report(cli, EXAMPLES / "fraud-platform.yaml", tmp_path)
    visit = Visit(browser, report, PHONE)
    try:
        # Printed, the folded detail is unfolded (print styles), with no click.
        visit.page.emulate_media(media="print")
        assert visit.page.locator("details#answers table").is_visible()
        visit.page.emulate_media(media="screen")
        assert visit.page.locator("details#answers table").is_hidden()
        for summary in visit.page.locator("details > summary").all():
            summary.click()
        assert visit.page.locator("details#answers table").is_visible()
        assert visit.horizontal_overflow() <= 0
        visit.page.screenshot(path=str(tmp_path / "fraud-platform-open-390px.png"), full_page=True)
        pdf = visit.page.pdf(path=str(tmp_path / "fraud-platform-a4.pdf"), format="A4")
        assert pdf.startswith(b"%PDF")
        assert visit.problems == []
    finally:
        visit.close()


def test_the_checks_catch_a_broken_page(browser: Browser, tmp_path: Path) -> None:
    """What these tests look for does show: a console error, a fetch, a chart gone, a page too wide."""
    broken = tmp_path / "broken.html"
    broken.write_text(
        "<!DOCTYPE html><html lang='en'><head><title>x</title>"
        "<link rel='stylesheet' href='https://example.com/style.css'></head>"
        "<body><div style='width: 900px'>wide</div>"
        "<svg role='img' aria-labelledby='t'><title id='t'>chart</title><circle cx='a' r='4'/></svg>"
        "<svg role='img' style='display: none'></svg></body></html>",
        encoding="utf-8",
    )
    visit = Visit(browser, broken, PHONE)
    try:
        assert any("console error" in problem for problem in visit.problems)
        assert visit.fetched == ["https://example.com/style.css"]
        assert visit.horizontal_overflow() > 0
        assert [chart["visible"] for chart in visit.charts()] == [True, False]
    finally:
        visit.close()


@pytest.mark.parametrize(("ci", "outcome"), [("1", "1 error"), ("", "1 skipped")])
def test_a_missing_browser_fails_under_ci_and_is_skipped_elsewhere(ci: str, outcome: str) -> None:
    environment = {**os.environ, "CI": ci, "MLOPS_MATURITY_CHROMIUM": "/nonexistent/chromium"}
    if not ci:
        del environment["CI"]
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            f"{__file__}::test_the_checks_catch_a_broken_page",
        ],
        capture_output=True,
        text=True,
        env=environment,
        cwd=Path(__file__).parents[2],
        timeout=120,
    )
    assert outcome in run.stdout, run.stdout
    assert run.returncode == (1 if ci else 0)
    assert "no browser at /nonexistent/chromium" in run.stdout


def test_long_unbroken_and_hostile_text_keeps_the_phone_page_narrow(
    browser: Browser, cli: CliRun, tmp_path: Path
) -> None:
    import yaml

    data = yaml.safe_load((EXAMPLES / "fraud-platform.yaml").read_text(encoding="utf-8"))
    unbroken = "x" * 300
    data["team"] = f'Team <img src=x onerror=alert(1)> "{unbroken}'
    data["assessor"] = unbroken
    first = next(iter(data["answers"]))
    data["answers"][first] = {
        "answer": "fully",
        "note": f"</td><script>alert(1)</script> {unbroken}",
        "evidence": [f"https://example.com/{unbroken}", f"javascript:alert(1)//{unbroken}"],
    }
    answers = tmp_path / "long-answers.yaml"
    answers.write_text(yaml.safe_dump(data), encoding="utf-8")
    report = html_report(cli, answers, tmp_path)
    html = report.read_text(encoding="utf-8")
    assert "<script" not in html and "<img" not in html and 'href="javascript' not in html
    scrolls = []
    for page in (report, html_report(cli, EXAMPLES / "fraud-platform.yaml", tmp_path)):
        visit = Visit(browser, page, PHONE)
        try:
            for summary in visit.page.locator("details > summary").all():
                summary.click()
            assert visit.problems == [] and visit.fetched == []
            assert visit.horizontal_overflow() <= 0
            scrolls.append(
                visit.page.evaluate(
                    "(() => { const box = document.querySelector('details#answers .table-scroll');"
                    " return box.scrollWidth - box.clientWidth; })()"
                )
            )
        finally:
            visit.close()
    # Not the page only: the long words wrap, so the answers table is no wider than the example's.
    hostile, plain = scrolls
    assert hostile <= plain + 1, scrolls
