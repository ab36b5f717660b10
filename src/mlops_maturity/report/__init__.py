"""Renderers: a result in, a presentation out. They never recompute a result.

`render(run, format)` is the one seam for `score`'s formats. Each format lives in its own
module, imported only when used, so that `score --format json` never pays for rich or jinja2.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, assert_never

from mlops_maturity.errors import UsageError

if TYPE_CHECKING:
    from rich.console import RenderableType

    from mlops_maturity.engine.batch import Outcome


class OutputFormat(StrEnum):
    """Formats of `score`."""

    text = "text"
    json = "json"
    jsonl = "jsonl"
    """JSON Lines: one compact result per line, written as each file is scored."""
    markdown = "markdown"
    github = "github"
    """GitHub Actions workflow commands: annotations on the pull request's diff."""
    gitlab = "gitlab"
    """GitLab's Code Quality report (JSON) of invalid files and failed gates."""
    badge = "badge"
    """A shields.io endpoint badge (JSON) of one file's levels."""
    csv = "csv"
    """One row per team and model, for a spreadsheet."""
    facts = "facts"
    """Flat key-value JSON per team, for a developer portal's scorecard."""


class ViewFormat(StrEnum):
    """Formats of `diff`, `history` and `portfolio`: each report module maps them to its renderers."""

    text = "text"
    json = "json"
    markdown = "markdown"


class ScanFormat(StrEnum):
    """Formats of `scan` (here, not in `report.scan`: `--help` builds every command's options)."""

    yaml = "yaml"
    """The draft answers file, to review and then `score`."""
    json = "json"
    text = "text"
    markdown = "markdown"


def render(outcomes: Sequence[Outcome], output_format: OutputFormat, *, as_list: bool = False) -> str | RenderableType:
    """The outcomes of scoring, in one format: text for rich to print, or a rich renderable.

    `as_list`: several files were named, so the JSON is an array even for one outcome.
    Files that could not be scored appear in the JSON and in the CI formats (github, gitlab)
    only; the other formats leave them to the error messages.
    """
    from mlops_maturity.engine.batch import Scored

    assessments = [outcome.assessment for outcome in outcomes if isinstance(outcome, Scored)]
    match output_format:
        case OutputFormat.json:
            from mlops_maturity.report.json import render_json

            return render_json(outcomes, as_list=as_list)
        case OutputFormat.jsonl:
            from mlops_maturity.report.json import render_json_lines

            return render_json_lines(outcomes)
        case OutputFormat.markdown:
            from mlops_maturity.report.markdown import render_short_markdown

            return "\n".join(render_short_markdown(assessment) for assessment in assessments)
        case OutputFormat.github:
            from mlops_maturity.report.github import render_github

            return render_github(outcomes)
        case OutputFormat.gitlab:
            from mlops_maturity.report.gitlab import render_code_quality

            return render_code_quality(outcomes)
        case OutputFormat.badge:
            from mlops_maturity.report.badge import render_badge

            if len(assessments) != 1:
                raise UsageError("--format badge: one answers file at a time (a badge shows one team)")
            return render_badge(assessments[0])
        case OutputFormat.csv:
            from mlops_maturity.report.spreadsheet import render_assessments_csv

            return render_assessments_csv(assessments)
        case OutputFormat.facts:
            from mlops_maturity.report.facts import render_facts

            return render_facts(assessments, as_list=as_list)
        case OutputFormat.text:
            from mlops_maturity.report.terminal import render_summaries

            return render_summaries(assessments)
        case _:
            assert_never(output_format)
