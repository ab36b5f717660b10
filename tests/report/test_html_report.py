"""`report --format html`: one self-contained, accessible page, read with a real HTML parser."""

from __future__ import annotations

import itertools
import os
import re
import subprocess
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from mlops_maturity.answers.load import load_answers
from mlops_maturity.engine.scoring import score
from mlops_maturity.questionnaire.model import QuestionnaireSet
from mlops_maturity.report import charts
from mlops_maturity.report.html import render_html

from ..conftest import EXAMPLES, CliRun

VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
EXAMPLE_FILES = sorted(EXAMPLES.rglob("*.yaml"))
HOSTILE = "Risk <script>alert(1)</script> <img src=x onerror=alert(1)> & \u202eevil\u202c \x1b[31mred\x07"
EVIDENCE = [
    "javascript:alert(1)",
    " JaVaScRiPt:alert(document.cookie)",
    'https://example.com/runs?a=1&b="2"><script>alert(1)</script>',
    "https://example.com/ok",
    "data:text/html,<script>alert(1)</script>",
    "scan: .github/workflows/<b>ci</b>.yml:14 runs pytest",
]


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    parent: Element | None = None
    children: list[Element | str] = field(default_factory=list)

    def iter(self) -> list[Element]:
        found = [self]
        for child in self.children:
            if isinstance(child, Element):
                found += child.iter()
        return found

    def find_all(self, tag: str) -> list[Element]:
        return [element for element in self.iter() if element.tag == tag]

    def text(self) -> str:
        return "".join(child if isinstance(child, str) else child.text() for child in self.children)

    def ancestors(self) -> list[Element]:
        found, node = [], self.parent
        while node is not None:
            found.append(node)
            node = node.parent
        return found


class _Builder(HTMLParser):
    """A strict tree: every element closed explicitly, in order (the template writes it so)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.open = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs}, self.open[-1])
        self.open[-1].children.append(element)
        if tag not in VOID:
            self.open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.open[-1].children.append(Element(tag, {name: value or "" for name, value in attrs}, self.open[-1]))

    def handle_endtag(self, tag: str) -> None:
        assert tag not in VOID, f"</{tag}>"
        assert self.open[-1].tag == tag, f"</{tag}> closes <{self.open[-1].tag}>"
        self.open.pop()

    def handle_data(self, data: str) -> None:
        self.open[-1].children.append(data)


def parse_html(text: str) -> Element:
    builder = _Builder()
    builder.feed(text)
    builder.close()
    assert builder.open == [builder.root], f"unclosed: {[element.tag for element in builder.open]}"
    return builder.root


def report_of(path: Path, questionnaires: QuestionnaireSet) -> str:
    loaded = load_answers(path, questionnaires)
    model_ids = tuple(model.id for model in questionnaires.models)
    return render_html(score(questionnaires, loaded.answers, model_ids, answers_file=loaded.path))


def contrast(foreground: str, background: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[index : index + 2], 16) / 255 for index in (1, 3, 5)]
        linear = [value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4 for value in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.fixture
def hostile_answers(tmp_path: Path) -> Path:
    body = {
        "questionnaire_version": "test-1",
        "team": HOSTILE,
        "date": "2026-11-01",
        "assessor": HOSTILE,
        "answers": {
            "code_vc": {"answer": "fully", "note": HOSTILE, "evidence": EVIDENCE},
            "tracking": {"answer": "mostly", "source": "scan", "evidence": ["scan: mlflow.yaml:3 tracking URI"]},
            "pipeline": {"answer": "partially", "note": "</td></tr></table><h1>not a heading</h1>"},
        },
    }
    path = tmp_path / "team<script>.yaml"
    path.write_text(yaml.safe_dump(body, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda path: path.relative_to(EXAMPLES).as_posix())
def test_every_example_renders_a_whole_page_with_its_charts(path: Path, shipped: QuestionnaireSet) -> None:
    page = parse_html(report_of(path, shipped))
    (html,) = page.find_all("html")
    assert html.attrs["lang"] == "en"
    assert page.find_all("title")[0].text().startswith("MLOps maturity report: ")
    charts_drawn = [svg for svg in page.find_all("svg") if svg.attrs.get("role") == "img"]
    # A ladder per model and the profile's radar.
    assert len(charts_drawn) == len(shipped.models) + 1
    ids = [element.attrs["id"] for element in page.iter() if "id" in element.attrs]
    assert len(ids) == len(set(ids)), "ids are unique"
    for svg in charts_drawn:
        named = svg.attrs["aria-labelledby"].split()
        assert [child.tag for child in svg.children if isinstance(child, Element)][:2] == ["title", "desc"]
        assert all(name in ids for name in named)
        assert all(child.text().strip() for child in svg.children[:2] if isinstance(child, Element))


def test_headings_go_in_order_under_one_title_within_landmarks(shipped: QuestionnaireSet) -> None:
    page = parse_html(report_of(EXAMPLES / "fraud-platform.yaml", shipped))
    levels = [int(element.tag[1]) for element in page.iter() if re.fullmatch(r"h[1-6]", element.tag)]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(later <= earlier + 1 for earlier, later in itertools.pairwise(levels)), levels
    body_parts = [element.tag for element in page.find_all("body")[0].iter()]
    for landmark in ("header", "nav", "main", "footer"):
        assert body_parts.count(landmark) == 1, landmark
    assert page.find_all("nav")[0].attrs["aria-label"]


def test_the_summary_names_the_criterion_tolerated_and_what_the_level_hinges_on(
    shipped: QuestionnaireSet, tmp_path: Path
) -> None:
    answers: dict[str, object] = {question.id: "fully" for question in shipped.bank.questions}
    answers["se_release_ownership"] = {"answer": "no", "estimate": True}
    answers["model_environments"] = "no"
    answers["managed_compute"] = "partially"
    # Two near misses beside two misses (3, the tolerance): one step lower, a third miss, past it.
    answers["model_registry"] = {"answer": "partially", "estimate": True}
    path = tmp_path / "answers.yaml"
    path.write_text(
        yaml.safe_dump(
            {"questionnaire_version": shipped.version, "team": "T", "date": "2026-11-01", "answers": answers}
        ),
        encoding="utf-8",
    )
    page = parse_html(report_of(path, shipped))
    summary = next(element for element in page.iter() if element.attrs.get("id") == "summary")
    assert "What the level hinges on" in summary.text()
    assert "model_registry" in summary.text()
    plan = next(element for element in page.iter() if element.attrs.get("id") == "plan")
    assert (
        "Level 3 (Microsoft level 2): Automated Training, reached with this criterion short: The software engineering team manages model releases"
        in " ".join(plan.text().split())
    )


def test_the_detail_is_folded_and_the_summary_is_not(shipped: QuestionnaireSet) -> None:
    page = parse_html(report_of(EXAMPLES / "fraud-platform.yaml", shipped))
    folded = page.find_all("details")
    assert [element.attrs.get("id") for element in folded if element.attrs.get("id")] == ["why", "plan", "answers"]
    assert all("open" not in element.attrs for element in folded)
    assert all(next(c for c in d.children if isinstance(c, Element)).tag == "summary" for d in folded)
    # The summary a lead reads: ladders, first things to do and what the level hinges on, outside any details.
    summary = next(element for element in page.iter() if element.attrs.get("id") == "summary")
    assert not summary.find_all("details")
    assert "First things to do" in summary.text()
    answers = next(element for element in folded if element.attrs.get("id") == "answers")
    assert len(answers.find_all("tbody")[0].find_all("tr")) == len(shipped.bank.questions)


def test_chart_numbers_are_in_tables_too(shipped: QuestionnaireSet) -> None:
    page = parse_html(report_of(EXAMPLES / "fraud-platform.yaml", shipped))
    data_tables = [table for table in page.find_all("table") if table.attrs.get("class") == "chart-data"]
    captions = [table.find_all("caption")[0].text() for table in data_tables]
    assert captions == ["Google: every level", "Microsoft: every level", "Capability profile per dimension"]
    for table in data_tables:
        assert all(cell.attrs.get("scope") == "col" for cell in table.find_all("thead")[0].find_all("th"))
    microsoft = [[cell.text() for cell in row.iter()[1:]] for row in data_tables[1].find_all("tbody")[0].find_all("tr")]
    assert microsoft[0] == [
        "Level 5 (Microsoft level 4): Full MLOps Automated Operations",
        "Next: 5/8 criteria met (63%)",
    ]
    assert microsoft[1] == ["Level 4 (Microsoft level 3): Automated Model Deployment (the team)", "Reached"]
    profile = {row.iter()[1].text(): row.iter()[2].text() for row in data_tables[2].find_all("tbody")[0].find_all("tr")}
    assert profile["Automation"] == "78%"


def test_nothing_is_fetched_and_nothing_runs(shipped: QuestionnaireSet) -> None:
    text = report_of(EXAMPLES / "fraud-platform.yaml", shipped)
    page = parse_html(text)
    tags = {element.tag for element in page.iter()}
    assert not tags & {"script", "link", "img", "iframe", "object", "embed", "base", "form"}
    for element in page.iter():
        assert "src" not in element.attrs and "srcset" not in element.attrs
        assert not [name for name in element.attrs if name.startswith("on")]
        if "href" in element.attrs:
            assert element.tag == "a"
            assert element.attrs["href"].startswith(("#", "https://", "http://"))
            if not element.attrs["href"].startswith("#"):
                assert element.attrs["rel"] == "noopener noreferrer"
    style = page.find_all("style")[0].text()
    assert "@import" not in style and "url(" not in style and "@font-face" not in style


def test_colours_pass_wcag_aa_and_the_page_uses_no_others(shipped: QuestionnaireSet) -> None:
    for purpose, (foreground, background) in charts.TEXT_PAIRS.items():
        assert contrast(foreground, background) >= 4.5, purpose
    assert contrast(charts.GRID, charts.PAPER) >= 3.0  # outlines and grid lines: non-text contrast
    text = report_of(EXAMPLES / "fraud-platform.yaml", shipped)
    palette = {charts.INK, charts.MUTED, charts.ACCENT, charts.ACCENT_LIGHT, charts.GRID, charts.PAPER}
    assert set(re.findall(r"#[0-9a-fA-F]{6}\b", text)) <= palette


def test_levels_are_told_in_words_not_by_colour_alone(shipped: QuestionnaireSet) -> None:
    page = parse_html(report_of(EXAMPLES / "fraud-platform.yaml", shipped))
    ladder = next(svg for svg in page.find_all("svg") if svg.attrs.get("id") == "ladder-chart-2")
    rungs = [group for group in ladder.find_all("g") if "rung" in group.attrs.get("class", "")]
    drawn = [" ".join(text.text() for text in rung.find_all("text")) for rung in rungs]
    assert "✓ Reached" in drawn[1] and "Team" in drawn[1]
    assert "Next: 5/8 criteria met (63%)" in drawn[0]
    # Not reached levels are dashed, the next one outlined, reached ones filled: shape, not only hue.
    assert "stroke-dasharray" not in str(rungs[0].find_all("rect")[0].attrs)


def test_printing_fits_the_page_and_opens_the_detail(shipped: QuestionnaireSet) -> None:
    style = parse_html(report_of(EXAMPLES / "fraud-platform.yaml", shipped)).find_all("style")[0].text()
    assert re.search(r"@page\s*\{\s*margin:", style), "@page leaves the size to the printer: A4 or Letter"
    print_rules = style[style.index("@media print") :]
    assert "details::details-content" in print_rules and "content-visibility: visible" in print_rules
    assert "break-inside: avoid" in print_rules


def test_hostile_text_stays_text(hostile_answers: Path, mini: QuestionnaireSet) -> None:
    text = report_of(hostile_answers, mini)
    page = parse_html(text)
    assert not {element.tag for element in page.iter()} & {"script", "img"}
    assert not [name for element in page.iter() for name in element.attrs if name.startswith("on")]
    answers = next(element for element in page.iter() if element.attrs.get("id") == "answers")
    links = [element.attrs["href"] for element in answers.find_all("a")]
    # The address with quotes and `<` is not a plain http(s) address: it stays text, like `javascript:`.
    assert links == ["https://example.com/ok"]
    for character in ("\u202e", "\u202c", "\x1b", "\x07"):
        assert character not in text
    assert (
        page.find_all("h1")[0].text()
        == "MLOps maturity report: " + "Risk <script>alert(1)</script> <img src=x onerror=alert(1)> & evil [31mred"
    )
    cells = [cell.text() for cell in page.find_all("td")]
    assert "javascript:alert(1)" in " ".join(cells)
    assert "</td></tr></table><h1>not a heading</h1>" in cells
    assert len(page.find_all("h1")) == 1


def test_each_answer_says_who_gave_it(hostile_answers: Path, mini: QuestionnaireSet) -> None:
    page = parse_html(report_of(hostile_answers, mini))
    answers = next(element for element in page.iter() if element.attrs.get("id") == "answers")
    rows = {row.find_all("code")[0].text(): row for row in answers.find_all("tbody")[0].find_all("tr")}
    given_by = {question: row.find_all("td")[1].text() for question, row in rows.items()}
    assert given_by == {
        "code_vc": "person and scan",
        "tracking": "scan",
        "pipeline": "person",
        "feature_store": "–",
        "auto_deploy": "–",
    }
    evidence = [item.text() for item in rows["code_vc"].find_all("td")[3].find_all("li")]
    assert evidence[-1] == "scan .github/workflows/<b>ci</b>.yml:14 runs pytest"
    assert rows["code_vc"].find_all("td")[3].find_all("span")[0].attrs["class"] == "tag"


def test_fewer_than_three_dimensions_draw_bars() -> None:
    svg = charts.profile_svg(
        "p", "Profile", [charts.Axis(name="A <b>", percent=40), charts.Axis(name="B", percent=None)]
    )
    page = parse_html(svg)
    assert page.find_all("title")[0].text() == "Profile"
    assert page.find_all("desc")[0].text() == "A <b>: 40%; B: n/a"
    assert len([rect for rect in page.find_all("rect") if rect.attrs.get("class") == "profile"]) == 2


def test_a_long_trend_draws_the_newest_points() -> None:
    dates = [f"2026-01-{day:02d}" for day in range(1, 41)]
    series = [charts.Series(name="Google", lowest=0, highest=2, levels=[day % 3 for day in range(40)])]
    page = parse_html(charts.trend_svg("t", "Trend", dates, series))
    assert len(page.find_all("circle")) == charts.MAX_TREND_POINTS
    assert "2026-01-11" in page.find_all("desc")[0].text() and "2026-01-10" not in page.find_all("desc")[0].text()


def test_format_is_chosen_by_option_or_by_the_output_suffix(cli: CliRun, tmp_path: Path) -> None:
    example = EXAMPLES / "devops-team.yaml"
    assert cli("report", example, "-o", "team.HTML").returncode == 0
    assert (tmp_path / "team.HTML").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert cli("report", example, "-f", "markdown", "-o", "as-asked.html").returncode == 0
    assert (tmp_path / "as-asked.html").read_text(encoding="utf-8").startswith("# MLOps maturity report")
    to_stdout = cli("report", example, "--format", "Html")
    assert to_stdout.returncode == 0 and to_stdout.stdout.startswith("<!DOCTYPE html>")
    assert cli("report", example).stdout.startswith("# MLOps maturity report")


def test_template_with_html_is_a_usage_error(cli: CliRun, tmp_path: Path) -> None:
    template = tmp_path / "mine.md.j2"
    template.write_text("{{ assessment.team }}\n", encoding="utf-8")
    refused = cli("report", EXAMPLES / "devops-team.yaml", "--format", "html", "--template", template, "-o", "r.html")
    assert refused.returncode == 2 and refused.stdout == ""
    assert "--template is for markdown reports" in refused.stderr and "Traceback" not in refused.stderr
    assert not (tmp_path / "r.html").exists()
    # With a template, an .html output is the user's own template rendered into it.
    assert cli("report", EXAMPLES / "devops-team.yaml", "--template", template, "-o", "mine.html").returncode == 0
    team = yaml.safe_load((EXAMPLES / "devops-team.yaml").read_text(encoding="utf-8"))["team"]
    assert (tmp_path / "mine.html").read_text(encoding="utf-8").strip() == team
    unknown = cli("report", EXAMPLES / "devops-team.yaml", "--format", "pdf")
    assert unknown.returncode == 2 and "'pdf' is not one of 'markdown', 'html'" in unknown.stderr


def _git(folder: Path, *arguments: str) -> None:
    environment = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.com",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.com",
    }
    subprocess.run(["git", "-C", str(folder), *arguments], check=True, capture_output=True, env=environment)


def _sections(text: str) -> dict[str, Element]:
    return {element.attrs["id"]: element for element in parse_html(text).find_all("section")}


def test_an_answers_file_with_git_history_gets_a_trend(cli: CliRun, tmp_path: Path) -> None:
    repository = tmp_path / "repo"
    repository.mkdir()
    answers = repository / "answers.yaml"
    _git(repository, "init", "-q")
    answers.write_text((EXAMPLES / "over-time" / "fraud-platform-2026-05.yaml").read_text(encoding="utf-8"))
    _git(repository, "add", "answers.yaml")
    _git(repository, "commit", "-q", "-m", "May")
    answers.write_text((EXAMPLES / "fraud-platform.yaml").read_text(encoding="utf-8"))
    _git(repository, "commit", "-q", "-am", "November")
    done = cli("report", answers, "-o", "report.html")
    assert done.returncode == 0, done.stderr
    trend = _sections((tmp_path / "report.html").read_text(encoding="utf-8"))["trend"]
    rows = [[cell.text() for cell in row.iter()[1:]] for row in trend.find_all("tbody")[0].find_all("tr")]
    assert [row[2:] for row in rows] == [["0", "3"], ["1", "4"]]
    assert rows[1][1].endswith("(this report)")
    assert [svg.attrs["id"] for svg in trend.find_all("svg")] == ["trend-chart"]
    # Edited since the last commit: this report is a point of its own.
    answers.write_text(answers.read_text(encoding="utf-8").replace("team: ", "team: Edited "), encoding="utf-8")
    assert cli("report", answers, "-o", "edited.html").returncode == 0
    edited = _sections((tmp_path / "edited.html").read_text(encoding="utf-8"))["trend"]
    assert len(edited.find_all("tbody")[0].find_all("tr")) == 3


def test_the_trend_marks_the_committed_file_as_this_report_wherever_its_date_places_it(
    cli: CliRun, tmp_path: Path
) -> None:
    """A first commit dated by mistake a year ahead sorts last; the file as committed now is still this report."""
    repository = tmp_path / "repo"
    repository.mkdir()
    answers = repository / "answers.yaml"
    _git(repository, "init", "-q")
    mistaken = (EXAMPLES / "over-time" / "fraud-platform-2026-05.yaml").read_text(encoding="utf-8")
    answers.write_text(mistaken.replace("date: '2026-05-20'", "date: '2027-11-03'"), encoding="utf-8")
    _git(repository, "add", "answers.yaml")
    _git(repository, "commit", "-q", "-m", "first, with a mistaken date")
    answers.write_text((EXAMPLES / "fraud-platform.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    _git(repository, "commit", "-q", "-am", "the current assessment")
    assert cli("report", answers, "-o", "report.html").returncode == 0
    trend = _sections((tmp_path / "report.html").read_text(encoding="utf-8"))["trend"]
    rows = [[cell.text() for cell in row.iter()[1:]] for row in trend.find_all("tbody")[0].find_all("tr")]
    assert [(row[0], row[1].endswith("(this report)"), row[2:]) for row in rows] == [
        ("2026-11-12", True, ["1", "4"]),
        ("2027-11-03", False, ["0", "3"]),  # its own levels, not this report's
    ]


def test_no_git_or_no_history_means_no_trend(cli: CliRun, tmp_path: Path) -> None:
    untracked = tmp_path / "answers.yaml"
    untracked.write_text((EXAMPLES / "fraud-platform.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    done = cli("report", untracked, "-o", "report.html")
    assert done.returncode == 0 and done.stderr.strip() == "wrote report.html"
    assert "trend" not in _sections((tmp_path / "report.html").read_text(encoding="utf-8"))
    no_git = cli("report", untracked, "-o", "no-git.html", env={"PATH": str(tmp_path / "empty")})
    assert no_git.returncode == 0, no_git.stderr
    assert "trend" not in _sections((tmp_path / "no-git.html").read_text(encoding="utf-8"))


def test_previous_adds_the_change_and_a_trend(cli: CliRun, tmp_path: Path) -> None:
    current = tmp_path / "answers.yaml"
    current.write_text((EXAMPLES / "fraud-platform.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    done = cli("report", current, "--previous", EXAMPLES / "over-time" / "fraud-platform-2026-05.yaml", "-f", "html")
    assert done.returncode == 0, done.stderr
    sections = _sections(done.stdout)
    since = sections["since"]
    assert since.find_all("h2")[0].text() == "Since the last assessment (2026-05-20)"
    movements = [row.find_all("td")[0].text() for row in since.find_all("tbody")[0].find_all("tr")]
    assert movements == ["0 -> 1 (up)", "3 (Microsoft level 2) -> 4 (Microsoft level 3) (up)"]
    labels = [row.find_all("td")[0].text() for row in sections["trend"].find_all("tbody")[0].find_all("tr")]
    assert labels == ["previous", "this report"]


def test_a_combined_file_shows_where_respondents_disagree(cli: CliRun, tmp_path: Path) -> None:
    assert cli("combine", *sorted((EXAMPLES / "respondents").glob("*.yaml")), "-o", "team.yaml").returncode == 0
    done = cli("report", "team.yaml", "-f", "html")
    assert done.returncode == 0, done.stderr
    folded = {element.attrs.get("id"): element for element in parse_html(done.stdout).find_all("details")}
    rows = folded["disagreements"].find_all("tbody")[0].find_all("tr")
    assert [row.find_all("code")[0].text() for row in rows] == ["pipeline_ci", "model_reproducible"]


def test_a_gap_that_caused_an_incident_is_said_where_the_plan_starts(shipped: QuestionnaireSet) -> None:
    path = Path(__file__).parents[1] / "data" / "teams" / "answers" / "credit-limit-regulated-approval.yaml"
    page = parse_html(report_of(path, shipped))
    said = " ".join(page.text().split())
    assert "Add per-segment evaluation to the validation step" in said
    first = said.split("First things to do", 1)[1]
    assert first.index("this gap caused an incident") < first.index("The whole plan, in order")
    assert "First, the gaps the team says caused an incident." in said
    assert "Caused an incident, the team says: Does the automated model validation check" in said
