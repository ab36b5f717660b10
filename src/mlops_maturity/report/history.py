"""How `history` reads: a table of versions with their levels, and what each gained or lost."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from mlops_maturity.engine.result_data import as_data
from mlops_maturity.json_text import json_document
from mlops_maturity.report import ViewFormat
from mlops_maturity.safe_text import printable

if TYPE_CHECKING:
    from mlops_maturity.engine.history import History, HistoryEntry


def render_history_json(result: History) -> str:
    """The data a chart needs: per version, date, commit and level per model."""
    data: dict[str, Any] = as_data(result)
    return json_document(data)


def _changes(result: History, entry: HistoryEntry) -> list[str]:
    from mlops_maturity.report.wording import level_number

    lines = []
    for sign, changes in (("+", entry.gained), ("-", entry.lost)):
        for model, items in changes.items():
            name = result.models.get(model, model)
            lines += [f"{sign} {name}: level {level_number(name, item)}: {item.title}" for item in items]
    return lines


def render_history_text(result: History) -> str:
    models = list(result.models)
    header = ["assessed", "commit", *(result.models[model] for model in models), "subject"]
    rows = []
    for entry in result.entries:
        levels = [str(entry.levels[model]) if model in entry.levels else "–" for model in models]
        rows.append(
            [
                entry.assessed,
                entry.commit[:8],
                *levels,
                entry.subject if entry.error is None else f"unreadable: {entry.error}",
            ]
        )
    widths = [max(len(row[column]) for row in [header, *rows]) for column in range(len(header) - 1)]

    def line(row: list[str]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)) + "  " + row[-1]

    lines = [f"{result.answers_file}: {len(result.entries)} version(s)", line(header)]
    for row, entry in zip(rows, result.entries, strict=True):
        lines.append(line(row))
        lines += [f"    {change}" for change in _changes(result, entry)]
    return "\n".join(printable(text).rstrip() for text in lines) + "\n"


def render_history_markdown(result: History) -> str:
    from mlops_maturity.report.markdown import escape_cell, escape_markdown

    models = list(result.models)
    lines = [f"## History of {escape_markdown(result.answers_file)}", ""]
    lines.append(
        "| Assessed | Commit | " + " | ".join(escape_cell(result.models[model]) for model in models) + " | Changes |"
    )
    lines.append("|---|---|" + "---|" * len(models) + "---|")
    for entry in result.entries:
        levels = " | ".join(str(entry.levels[model]) if model in entry.levels else "–" for model in models)
        changes = "<br>".join(escape_cell(change) for change in _changes(result, entry)) or (
            escape_cell(f"unreadable: {entry.error}") if entry.error else "–"
        )
        lines.append(f"| {entry.assessed} | `{entry.commit[:8]}` | {levels} | {changes} |")
    return "\n".join(lines) + "\n"


RENDERERS: dict[ViewFormat, Callable[[History], str]] = {
    ViewFormat.text: render_history_text,
    ViewFormat.json: render_history_json,
    ViewFormat.markdown: render_history_markdown,
}
"""How `history` writes each format."""
