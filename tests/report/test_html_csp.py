"""The HTML report's Content-Security-Policy: declared first in the head, in force in a real
browser, and leaving the page whole (styles applied, charts drawn, nothing refused).

The report holds text from answers files and questionnaires; the policy is the second line
of defence behind the escaping: nothing in the page may run a script or fetch anything.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from ..conftest import EXAMPLES, CliRun
from .test_html_browser import DESKTOP, Visit, browser, html_report  # noqa: F401  (the fixture, shared)
from .test_html_report import parse_html

if TYPE_CHECKING:
    from playwright.sync_api import Browser

POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

# Runs before the page's own content (through the DevTools protocol, which the policy does
# not govern): every violation the browser reports, for the test to read.
_RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', event => {
    window.__violations.push(`${event.effectiveDirective} refused ${event.blockedURI || 'inline'}`);
});
"""


class _Opened(Visit):
    """A report opened from disk at desktop width, with the policy's violations recorded."""

    def __init__(self, launched: Browser, path: Path) -> None:
        super().__init__(launched, path, DESKTOP, init_script=_RECORD_VIOLATIONS)

    def violations(self) -> list[str]:
        found: list[str] = self.page.evaluate("window.__violations")
        return found


@pytest.fixture
def opened(browser: Browser, cli: CliRun, tmp_path: Path) -> Iterator[_Opened]:  # noqa: F811
    visit = _Opened(browser, html_report(cli, EXAMPLES / "fraud-platform.yaml", tmp_path))
    yield visit
    visit.context.close()


def test_the_policy_is_the_first_thing_in_the_head(cli: CliRun, tmp_path: Path) -> None:
    page = parse_html(html_report(cli, EXAMPLES / "fraud-platform.yaml", tmp_path).read_text(encoding="utf-8"))
    head = page.find_all("head")[0]
    policies = [
        meta for meta in page.find_all("meta") if meta.attrs.get("http-equiv", "").lower() == "content-security-policy"
    ]
    assert [meta.attrs["content"] for meta in policies] == [POLICY]
    # A policy governs only what comes after it: only the character set may come first.
    elements = [child for child in head.children if not isinstance(child, str)]
    assert [element.tag for element in elements[:2]] == ["meta", "meta"]
    assert elements[0].attrs == {"charset": "utf-8"} and elements[1] is policies[0]


def test_the_page_renders_whole_under_the_policy(opened: _Opened) -> None:
    page = opened.page
    assert opened.violations() == []
    assert [line for line in opened.console if "Content Security Policy" in line or line.startswith("error")] == []
    assert opened.fetched == []
    # The <style> element is applied (the banner's rule), the charts are drawn, the text is there.
    assert page.evaluate("getComputedStyle(document.querySelector('header.banner')).borderBottomWidth") == "3px"
    assert page.locator("h1").is_visible()
    assert "Card fraud detection" in page.locator("h1").inner_text()
    charts = page.locator('svg[role="img"]')
    assert charts.count() >= 3
    for index in range(charts.count()):
        box = charts.nth(index).bounding_box()
        assert box is not None and box["width"] > 100 and box["height"] > 50
    # The SVG's own presentation survives: a chart's shapes are painted, not left black.
    fills = page.evaluate(
        '[...document.querySelectorAll(\'svg[role="img"] rect, svg[role="img"] polygon\')]'
        ".map(shape => getComputedStyle(shape).fill)"
    )
    assert fills and any(fill not in ("rgb(0, 0, 0)", "none") for fill in fills)


def test_the_policy_is_in_force(opened: _Opened) -> None:
    """What text slipping past the escaping could do, refused by the browser: no script runs,
    nothing is fetched, while an inline style and a `data:` image are allowed."""
    page = opened.page
    page.evaluate(
        """() => {
            const script = document.createElement('script');
            script.textContent = 'window.__ran = true';
            document.body.append(script);
            const handler = document.createElement('img');
            handler.setAttribute('src', 'data:image/gif;base64,R0lGODlhAQABAAAAACw=');
            handler.setAttribute('onload', 'window.__ran = true');
            document.body.append(handler);
            const remote = document.createElement('img');
            remote.src = 'https://example.com/pixel.png';
            document.body.append(remote);
            const styled = document.createElement('p');
            styled.id = 'styled';
            styled.setAttribute('style', 'color: rgb(1, 2, 3)');
            document.body.append(styled);
        }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.__ran === undefined")
    assert opened.fetched == []
    violations = opened.violations()
    assert any(line.startswith("script-src") and line.endswith("inline") for line in violations), violations
    assert "img-src refused https://example.com/pixel.png" in violations
    assert not any(line.startswith("style-src") or "data:" in line for line in violations), violations
    assert page.evaluate("getComputedStyle(document.getElementById('styled')).color") == "rgb(1, 2, 3)"
