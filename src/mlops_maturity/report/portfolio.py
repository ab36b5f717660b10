"""The portfolio's renderers: a terminal summary, markdown, and the stable JSON."""

from __future__ import annotations

import dataclasses
import datetime
import json
from collections.abc import Iterable
from json.encoder import encode_basestring
from typing import TYPE_CHECKING, Any

from mlops_maturity.engine.result_data import as_data
from mlops_maturity.json_text import json_document
from mlops_maturity.safe_text import log_safe_json, printable

if TYPE_CHECKING:
    from rich.console import RenderableType

    from mlops_maturity.engine.portfolio import LiftingStep, Portfolio

TEAMS_SHOWN = 40
"""Teams listed by the terminal summary; the JSON and markdown list them all."""
FIRST = 10
"""Steps and gaps listed."""


def portfolio_data(result: Portfolio) -> dict[str, Any]:
    data: dict[str, Any] = as_data(result)
    for step, entry in zip(result.lifting_steps, data["lifting_steps"], strict=True):
        entry["total_lifts"] = step.total_lifts
    for group, group_entry in zip(result.groups, data["groups"], strict=True):
        for step, entry in zip(group.lifting_steps, group_entry["lifting_steps"], strict=True):
            entry["total_lifts"] = step.total_lifts
        group_entry["distribution"] = {
            model: {str(level): count for level, count in levels.items()}
            for model, levels in group_entry["distribution"].items()
        }
    data["unread"] = [
        {**entry, "problems": [str(problem) for problem in unread.problems]}
        for unread, entry in zip(result.unread, data["unread"], strict=True)
    ]
    data["distribution"] = {
        model: {str(level): count for level, count in levels.items()} for model, levels in data["distribution"].items()
    }
    return data


def render_portfolio_json(result: Portfolio) -> str:
    """`json_document(portfolio_data(result))`, byte for byte, with the teams written directly.

    NOTE: the teams are nearly all of a portfolio of thousands; `json.dumps` with an indent
    encodes in Python, token by token, after `as_data` has copied every team, and makes the
    run's peak memory. The rest of the document goes the usual way, with an empty team list
    whose place `\n  "teams": []` can only be the top-level key (a JSON string holds no raw
    newline). Each part is made log-safe on its own: parts meet at `{`, `}`, `,` or a newline,
    so no `##` spans two.
    """
    rest = json.dumps(portfolio_data(dataclasses.replace(result, teams=[])), indent=2, ensure_ascii=False)
    head, key, tail = rest.partition('\n  "teams": []')
    if not key:  # defensive: the general way
        return json_document(portfolio_data(result))
    parts = [log_safe_json(head), '\n  "teams": ']
    separator = "[\n    "
    for team in result.teams:
        written: list[str] = []
        _encode(team, 2, written)
        parts += (separator, log_safe_json("".join(written)))
        separator = ",\n    "
    parts += ("[]" if separator[0] == "[" else "\n  ]", log_safe_json(tail), "\n")
    return "".join(parts)


def _encode(value: Any, depth: int, out: list[str]) -> None:
    """`value` as `json.dumps(as_data(value), indent=2, ensure_ascii=False)` writes it
    `depth` levels in, appended to `out`."""
    kind = type(value)
    if kind is str:
        out.append(encode_basestring(value))
    elif kind is int:
        out.append(int.__repr__(value))
    elif value is None or kind is bool:
        out.append("null" if value is None else "true" if value else "false")
    elif kind is list or kind is tuple:
        if not value:
            out.append("[]")
            return
        inner = "\n" + "  " * (depth + 1)
        out.append("[" + inner)
        for index, item in enumerate(value):
            if index:
                out.append("," + inner)
            _encode(item, depth + 1, out)
        out.append("\n" + "  " * depth + "]")
    elif kind is dict and all(type(key) is str for key in value):
        _encode_entries(value.items(), depth, out)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = _names.get(kind)
        if names is None:
            names = _names[kind] = tuple(field.name for field in dataclasses.fields(value))
        _encode_entries(((name, getattr(value, name)) for name in names), depth, out)
    elif isinstance(value, datetime.date):
        out.append(encode_basestring(value.isoformat()))
    else:  # anything else (numbers with a fraction, enums, keys that are not text) the usual way
        out.append(json.dumps(as_data(value), indent=2, ensure_ascii=False).replace("\n", "\n" + "  " * depth))


def _encode_entries(entries: Iterable[tuple[str, Any]], depth: int, out: list[str]) -> None:
    inner = "\n" + "  " * (depth + 1)
    opening = "{" + inner
    for key, item in entries:
        out.append(opening + encode_basestring(key) + ": ")
        opening = "," + inner
        _encode(item, depth + 1, out)
    out.append("{}" if opening[0] == "{" else "\n" + "  " * depth + "}")


_names: dict[type, tuple[str, ...]] = {}
"""A data class's field names, in order (what `as_data` writes)."""


def _lifts(result: Portfolio, lifts: dict[str, int]) -> str:
    return ", ".join(f"{result.model_names.get(model, model)} {count}" for model, count in lifts.items())


def render_portfolio_markdown(result: Portfolio) -> str:
    """The organisation view as a markdown page."""
    from mlops_maturity.report.markdown import escape_cell, escape_markdown

    models = list(result.distribution)
    lines = [f"# MLOps maturity portfolio: {len(result.teams)} teams", ""]
    lines.append(f"Questionnaire version {escape_markdown(result.questionnaire_version)}.")
    if result.unread:
        lines.append(f"{len(result.unread)} file(s) could not be read; they are listed at the end.")
    lines += ["", "## Teams per level", ""]
    for model in models:
        name = escape_markdown(result.model_names.get(model, model))
        counts = ", ".join(f"level {level}: {count}" for level, count in result.distribution[model].items())
        lines.append(f"- **{name}**: {counts}")
    lines += ["", "## Where investment lifts most", ""]
    lines.append(
        "Steps that alone would bring teams to their next level, then how many teams' blocking gaps they are part of."
    )
    lines += ["", "| # | Step | Teams lifted | Part of the gaps of |", "|---|---|---|---|"]
    for number, step in enumerate(result.lifting_steps[:FIRST], start=1):
        lifted = f"{step.total_lifts} ({_lifts(result, step.lifts)})" if step.lifts else "0"
        lines.append(f"| {number} | {escape_cell(step.action)} | {escape_cell(lifted)} | {step.helps} teams |")
    lines += _groups_markdown(result)
    lines += ["", "## Blocking gaps most teams share", "", "| Model | Level | Criterion | Teams |", "|---|---|---|---|"]
    for gap in result.shared_gaps[:FIRST]:
        name = escape_cell(result.model_names.get(gap.model, gap.model))
        lines.append(f"| {name} | {gap.level} | {escape_cell(gap.title)} | {gap.teams} |")
    header = " | ".join(escape_cell(result.model_names.get(model, model)) for model in models)
    lines += ["", "## Teams", "", f"| Team | Date | {header} | File |", "|---|---|" + "---|" * len(models) + "---|"]
    for team in result.teams:
        levels = " | ".join(str(team.models[model].level) if model in team.models else "–" for model in models)
        lines.append(
            f"| {escape_cell(team.team)} | {team.date.isoformat()} | {levels} | {escape_cell(team.answers_file)} |"
        )
    if result.superseded:
        lines += ["", "## Files of a team counted once", ""]
        for superseded in result.superseded:
            lines.append(
                f"- {escape_markdown(superseded.answers_file)} ({superseded.date.isoformat()}): "
                f"{escape_markdown(superseded.team)}, by {escape_markdown(superseded.by)}"
            )
    if result.unread:
        lines += ["", "## Files that could not be read", ""]
        for unread in result.unread:
            lines.append(f"- {escape_markdown(unread.answers_file)}: {escape_markdown(unread.message)}")
            lines.extend(f"  - {escape_markdown(str(problem))}" for problem in unread.problems[:5])
    return "\n".join(lines) + "\n"


def render_portfolio_text(result: Portfolio) -> RenderableType:
    """The organisation view for a terminal: distribution, the steps that lift most, the teams."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    models = list(result.distribution)
    parts: list[RenderableType] = [
        Text(f"{len(result.teams)} teams · questionnaire {printable(result.questionnaire_version)}", style="bold")
    ]
    if result.unread:
        parts.append(Text(f"{len(result.unread)} file(s) could not be read (listed on stderr).", style="yellow"))
    distribution = Table(title="Teams per level", title_justify="left", box=None, header_style="bold")
    distribution.add_column("Model")
    levels = sorted({level for counts in result.distribution.values() for level in counts})
    for level in levels:
        distribution.add_column(f"Level {level}", justify="right")
    for model in models:
        counts = result.distribution[model]
        distribution.add_row(
            Text(printable(result.model_names.get(model, model))),
            *(str(counts[level]) if level in counts else "–" for level in levels),
        )
    parts += [Text(""), distribution]
    steps = Table(title="Where investment lifts most", title_justify="left", box=None, header_style="bold")
    steps.add_column("#", justify="right")
    steps.add_column("Step")
    steps.add_column("Lifts", justify="right")
    steps.add_column("Helps", justify="right")
    for number, step in enumerate(result.lifting_steps[:FIRST], start=1):
        steps.add_row(str(number), Text(printable(step.action)), str(step.total_lifts), str(step.helps))
    parts += [
        Text(""),
        steps,
        Text(
            "Lifts: teams it alone would bring to their next level. Helps: teams whose blocking gaps include it.",
            style="dim",
        ),
    ]
    if result.groups:
        parts += [Text(""), _groups_table(result)]
    teams = Table(title="Teams", title_justify="left", box=None, header_style="bold")
    teams.add_column("Team")
    for model in models:
        teams.add_column(Text(printable(result.model_names.get(model, model))), justify="right")
    for team in result.teams[:TEAMS_SHOWN]:
        teams.add_row(
            Text(printable(team.team)),
            *(str(team.models[model].level) if model in team.models else "–" for model in models),
        )
    parts += [Text(""), teams]
    if len(result.teams) > TEAMS_SHOWN:
        parts.append(
            Text(
                f"… and {len(result.teams) - TEAMS_SHOWN} more (--format json or markdown lists every team).",
                style="dim",
            )
        )
    return Group(*parts)


def _group_title(result: Portfolio) -> str:
    by = result.group_by or ""
    return f"By label {by.removeprefix('label:')}" if by.startswith("label:") else f"By {by}"


def _counts(step: LiftingStep) -> str:
    return f"lifts {step.total_lifts}, helps {step.helps}"


def _median(value: int) -> str:
    return str(value)


def _groups_markdown(result: Portfolio) -> list[str]:
    """Per group: its teams, the median level per model and the step that lifts most of them."""
    from mlops_maturity.report.markdown import escape_cell, escape_markdown

    if not result.groups:
        return []
    models = list(result.distribution)
    header = " | ".join(f"{escape_cell(result.model_names.get(model, model))} median" for model in models)
    lines = ["", f"## {escape_markdown(_group_title(result))}", ""]
    lines += [f"| Group | Teams | {header} | Invest first in |", "|---|---|" + "---|" * len(models) + "---|"]
    for group in result.groups:
        medians = " | ".join(_median(group.median_level[model]) for model in models)
        step = group.lifting_steps[0] if group.lifting_steps else None
        lifts = f"{escape_cell(step.action)} ({_counts(step)})" if step else "–"
        lines.append(f"| {escape_cell(group.name)} | {group.teams} | {medians} | {lifts} |")
    return lines


def _groups_table(result: Portfolio) -> RenderableType:
    from rich.table import Table
    from rich.text import Text

    models = list(result.distribution)
    table = Table(title=Text(_group_title(result)), title_justify="left", box=None, header_style="bold")
    table.add_column("Group", overflow="fold")
    table.add_column("Teams", justify="right")
    for model in models:
        table.add_column(Text(f"{printable(result.model_names.get(model, model))} median"), justify="right")
    table.add_column("Invest first in")
    for group in result.groups:
        step = group.lifting_steps[0] if group.lifting_steps else None
        table.add_row(
            Text(printable(group.name), overflow="fold"),
            str(group.teams),
            *(_median(group.median_level[model]) for model in models),
            Text(f"{printable(step.action)} ({_counts(step)})" if step else "–"),
        )
    return table
