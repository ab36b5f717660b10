"""Renderers: a result in, a presentation out. They never recompute a result.

`render(run, format)` is the one seam for `score`'s formats. Each format lives in its own
module, imported only when used, so that `score --format json` never pays for rich or jinja2.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, assert_never

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


def render(outcomes: Sequence[Outcome], output_format: OutputFormat, *, as_list: bool = False) -> str | RenderableType:
    """The outcomes of scoring, in one format: text for rich to print, or a rich renderable.

    `as_list`: several files were named, so the JSON is an array even for one outcome.
    Files that could not be scored appear in the JSON only; the other formats leave them to
    the error messages.
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
        case OutputFormat.text:
            from mlops_maturity.report.terminal import render_summaries

            return render_summaries(assessments)
        case _:
            assert_never(output_format)
