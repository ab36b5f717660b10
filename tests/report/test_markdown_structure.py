"""The full report read by a real CommonMark parser: lists stay whole, tables whole, no stray HTML."""

from __future__ import annotations

import json
from typing import Any

import pytest
from markdown_it.token import Token
from typer.testing import CliRunner

from mlops_maturity.cli import app
from mlops_maturity.engine.scoring import round_half_up
from mlops_maturity.report.markdown import escape_markdown

from ..conftest import EXAMPLES, CliRun
from .conftest import assert_tables_well_formed, parse, raw_html, tables, text_of

EXAMPLE_NAMES = sorted(path.stem for path in EXAMPLES.glob("*.yaml"))


def _run(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def _result(runner: CliRunner, name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(_run(runner, "score", "-f", "json", str(EXAMPLES / f"{name}.yaml")))
    return data


def _ordered_lists(tokens: list[Token]) -> list[list[list[Token]]]:
    """Each top-level ordered list, as the tokens of each of its items."""
    found: list[list[list[Token]]] = []
    opening: Token | None = None
    for token in tokens:
        if opening is None:
            if token.type == "ordered_list_open":
                opening = token
                found.append([])
            continue
        if token.type == "ordered_list_close" and token.level == opening.level:
            opening = None
        elif token.type == "list_item_open" and token.level == opening.level + 1:
            found[-1].append([token])
        else:
            found[-1][-1].append(token)
    return found


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_every_example_report_has_whole_lists_and_tables(runner: CliRunner, name: str) -> None:
    markdown = _run(runner, "report", str(EXAMPLES / f"{name}.yaml"))
    plan = _result(runner, name)["plan"]
    tokens = parse(markdown)
    lists = _ordered_lists(tokens)
    # "Start with" (the first three steps) and "Next steps" (all of them), or none at all.
    assert [len(items) for items in lists] == ([min(3, len(plan)), len(plan)] if plan else [])
    for item in lists[1] if plan else []:
        bullets = [token for token in item if token.type == "bullet_list_open"]
        assert len(bullets) == 1, "each step keeps its Why and Tools as one sub-list"
        inner = [text_of(token) for token in item if token.type == "inline"]
        assert inner[1].startswith("Why") and inner[2].startswith("Tools: ")
    assert_tables_well_formed(markdown)
    assert set(raw_html(markdown)) <= {"<br>"}, "only the templates' own line breaks"


def test_a_plan_of_ten_steps_or_more_is_among_the_examples(runner: CliRunner) -> None:
    """The list test above covers `10. `, whose sub-bullets need four spaces."""
    assert max(len(_result(runner, name)["plan"]) for name in EXAMPLE_NAMES) >= 10


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_sources_are_named_by_section_and_quote_not_by_internal_id(runner: CliRunner, name: str) -> None:
    markdown = _run(runner, "report", str(EXAMPLES / f"{name}.yaml"))
    criteria = [
        criterion
        for model in _result(runner, name)["models"].values()
        for level in model["levels"]
        for criterion in level["criteria"]
    ]
    assert criteria
    for criterion in criteria:
        assert criterion["source"]["item"] not in markdown
    shown = {row[3] for table in tables(markdown) if table.header[0] == "Criterion" for row in table.rows}
    quoted = [c["source"] for c in criteria if c["source"]["quote"]]
    assert any(f"{source['section']}: “{source['quote']}”" in shown for source in quoted)


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_no_entity_where_a_plain_character_is_safe(runner: CliRunner, name: str) -> None:
    markdown = _run(runner, "report", str(EXAMPLES / f"{name}.yaml"))
    for entity in ("&gt;", "&amp;", "&lt;", "&quot;"):
        assert entity not in markdown
    assert " > " in markdown  # section paths, as written


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("a < b & c > d", "a < b & c > d"),
        ("<b>bold</b>", "&lt;b>bold&lt;/b>"),
        ("<!-- x --> <?php <https://example.com>", "&lt;!-- x --> &lt;?php &lt;https://example.com>"),
        ("&amp; &#60; &copy", "&amp;amp; &amp;\\#60; &amp;copy"),
        ("> not a quote", "\\> not a quote"),
    ],
)
def test_only_what_would_form_html_or_an_entity_is_escaped(text: str, escaped: str) -> None:
    assert escape_markdown(text) == escaped
    markdown = f"{escaped}\n"
    assert raw_html(markdown) == []
    assert text_of(parse(markdown)[1]) == text


def test_percentages_round_halves_up(runner: CliRunner, cli: CliRun) -> None:
    assert [round_half_up(100 * met, 8) for met in (3, 5, 1)] == [38, 63, 13]
    microsoft = _result(runner, "fraud-platform")["models"]["microsoft"]["progress"]
    assert (microsoft["met"], microsoft["total"], microsoft["percent"]) == (5, 8, 63)
    report = cli("report", EXAMPLES / "fraud-platform.yaml")
    assert report.returncode == 0, report.stderr
    assert "5/8 criteria (63%)" in report.stdout
