"""User text (team, assessor, notes, evidence) cannot break a table, inject HTML or a script link."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mlops_maturity.cli import app
from mlops_maturity.report.markdown import escape_cell, escape_markdown, markdown_link
from mlops_maturity.safe_text import printable

from ..conftest import MINI
from .conftest import assert_tables_well_formed, headings, link_targets, parse, raw_html, tables, text_of

HOSTILE = (
    "Risk | Fraud <script>alert(1)</script> `rm -rf` [click](javascript:alert(1))\n"
    "- not a list\n# not a heading\n| a | b |\n$x$ *bold* _it_ ~~gone~~ &lt;b&gt; <img src=x onerror=alert(1)>"
)
EVIDENCE = [
    "https://example.com/runs?a=1|b=2",
    "javascript:alert(1)",
    " JaVaScRiPt:alert(document.cookie)",
    "https://example.com/x)](javascript:alert(1))",
    "https://example.com/ends-with-a-backslash\\",
    "wiki page | with a pipe",
]

# Any text but NUL, which CommonMark replaces with U+FFFD.
TEXT = st.text(alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=60)


def one_line(text: str) -> str:
    """Text as a report shows it: control characters removed, white space folded to one line."""
    return " ".join(printable(text).split())


@pytest.fixture
def hostile_answers(tmp_path: Path) -> Path:
    body = {
        "questionnaire_version": "test-1",
        "team": HOSTILE,
        "date": "2026-11-01",
        "assessor": HOSTILE,
        "answers": {
            "code_vc": {"answer": "fully", "note": HOSTILE, "evidence": EVIDENCE},
            "tracking": {"answer": "mostly", "note": "1. starts like a list | and has a pipe"},
            "pipeline": "partially",
            "feature_store": {"answer": "n/a", "note": f"No tabular features. {HOSTILE}"},
            # auto_deploy unanswered
        },
    }
    # File names are user text too: Linux allows newlines, backticks and `<` in them.
    path = tmp_path / "team`\n\n# <script>alert(1)\n\n.yaml"
    path.write_text(yaml.safe_dump(body, allow_unicode=True), encoding="utf-8")
    return path


def run(runner: CliRunner, *args: str | Path) -> str:
    result = runner.invoke(app, [*map(str, args), "--questionnaires", str(MINI)])
    assert result.exit_code == 0, result.output
    return result.stdout


def assert_harmless(markdown: str) -> None:
    assert not [html for html in raw_html(markdown) if "<script" in html.lower()]
    # The only raw HTML is the templates' own line breaks in cells.
    assert set(raw_html(markdown)) <= {"<br>"}
    targets = link_targets(markdown)
    assert all(target.startswith(("https://", "http://")) or target == "#next-steps" for target in targets), targets
    assert_tables_well_formed(markdown)


def test_full_report_escapes_user_text(runner: CliRunner, hostile_answers: Path) -> None:
    markdown = run(runner, "report", hostile_answers)
    assert_harmless(markdown)

    tokens = parse(markdown)
    # One title, with the whole team name in it, shown as typed (newlines become spaces).
    assert headings(tokens)[0] == ("h1", f"MLOps maturity report: {one_line(HOSTILE)}")
    assert [tag for tag, _ in headings(tokens)].count("h1") == 1
    assert [text for tag, text in headings(tokens) if tag == "h2"] == [
        "Summary",
        "Why this level",
        "Gaps and next steps",
        "Capability profile",
        "Appendix: answers",
    ]
    byline = text_of(tokens[tokens.index(next(t for t in tokens if t.type == "paragraph_open")) + 1])
    assert f"by {one_line(HOSTILE)}" in byline

    appendix = tables(markdown)[-1]
    assert len(appendix.rows) == 5, "one row per question, however the notes look"
    code_vc = next(row for row in appendix.rows if "(code_vc)" in row[0])
    assert code_vc[2] == one_line(HOSTILE)
    # Web addresses become links, anything else stays visible as text.
    assert "javascript:alert(1)" in code_vc[3]
    assert "wiki page | with a pipe" in code_vc[3]
    assert len(link_targets(markdown)) >= 4  # three evidence links, and the models' sources


def test_why_this_level_shows_na_with_its_reason_and_unanswered(runner: CliRunner, hostile_answers: Path) -> None:
    markdown = run(runner, "report", hostile_answers, "--model", "alpha")
    why = next(
        table
        for table in tables(markdown)
        if table.header[0] == "Criterion" and len(table.rows) == 2 and "Deployment is automated" in table.rows[1][0]
    )
    pipeline, deploy = why.rows
    assert pipeline[1] == "❌ unmet"
    assert f"feature_store: n/a (≥ mostly), reason: No tabular features. {one_line(HOSTILE)}" in pipeline[2]
    assert deploy[1] == "❔ unanswered"
    assert deploy[2] == "auto_deploy: unanswered (≥ fully)"
    # The source's section (and its quote, where the questionnaire has one), not an internal id.
    assert deploy[3] == "Level 2"


def test_short_markdown_escapes_user_text(runner: CliRunner, hostile_answers: Path) -> None:
    markdown = run(runner, "score", "--format", "markdown", hostile_answers)
    assert_harmless(markdown)
    assert headings(parse(markdown))[0] == ("h3", f"MLOps maturity: {one_line(HOSTILE)} (2026-11-01)")


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_any_text_in_a_cell_is_shown_as_typed_and_keeps_the_row_whole(text: str) -> None:
    markdown = f"| Note | Other |\n|---|---|\n| {escape_cell(text)} | x |\n"
    (table,) = tables(markdown)
    assert table.rows == [[one_line(text), "x"]]
    assert table.source_cell_counts == [2, 2]
    assert raw_html(markdown) == []
    assert link_targets(markdown) == []


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_any_text_at_the_start_of_a_line_stays_one_paragraph(text: str) -> None:
    markdown = f"{escape_markdown(text)}\n"
    tokens = parse(markdown)
    if one_line(text):
        assert [token.type for token in tokens] == ["paragraph_open", "inline", "paragraph_close"]
        assert text_of(tokens[1]) == one_line(text)
    assert raw_html(markdown) == []


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        TEXT,
        st.builds(
            lambda scheme, rest: scheme + rest, st.sampled_from(["https://", "http://", "javascript:", " data:"]), TEXT
        ),
    )
)
def test_evidence_becomes_a_web_link_or_plain_text(evidence: str) -> None:
    markdown = f"| Evidence |\n|---|\n| {markdown_link(evidence) or ' '} |\n"
    (table,) = tables(markdown)
    assert table.source_cell_counts == [1, 1]
    assert raw_html(markdown) == []
    targets = link_targets(markdown)
    assert len(targets) <= 1
    assert all(target.startswith(("https://", "http://")) for target in targets)
    assert table.rows == [[one_line(evidence.strip())]]
