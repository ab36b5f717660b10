"""How `diff` and `history` read: the change between assessments, for people and programs."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from mlops_maturity.engine.result_data import as_data
from mlops_maturity.json_text import json_document
from mlops_maturity.messages import _
from mlops_maturity.report import ViewFormat
from mlops_maturity.report.wording import level_number
from mlops_maturity.safe_text import printable

if TYPE_CHECKING:
    from mlops_maturity.engine.diff import AssessmentDiff, ModelChange


def diff_data(change: AssessmentDiff) -> dict[str, Any]:
    data: dict[str, Any] = as_data(change)
    data["regressed"] = change.regressed
    for model, entry in zip(change.models, data["models"], strict=True):
        entry["regressed"] = model.regressed
    return data


def render_diff_json(change: AssessmentDiff) -> str:
    return json_document(diff_data(change))


def _level(level: int | None, native: int | None, name: str) -> str:
    if level is None:
        return _("not scored")
    if native is not None and native != level:
        return _("{number} ({model} level {native})").format(number=level, model=name, native=native)
    return str(level)


def movement(model: ModelChange) -> str:
    """`2 -> 3 (up)`, `3 (unchanged)`, `3 -> 2 (DOWN)`."""
    before = _level(model.old_level, model.old_native_level, model.model_name)
    after = _level(model.new_level, model.new_native_level, model.model_name)
    if model.old_level == model.new_level:
        return _("{level} (unchanged)").format(level=after)
    if model.regressed:
        return _("{before} -> {after} (down)").format(before=before, after=after)
    return (
        _("{before} -> {after} (up)").format(before=before, after=after)
        if model.old_level is not None and model.new_level is not None
        else f"{before} -> {after}"
    )


def _answer(value: str | None, incident: bool = False) -> str:
    said = value if value is not None else _("unanswered")
    return _("{answer} (caused an incident)").format(answer=said) if incident else said


def diff_lines(change: AssessmentDiff) -> list[str]:
    """The change as plain lines (the text format; markdown builds on the same facts)."""
    lines = [f"{change.team}: {change.old_date} -> {change.new_date}"]
    if change.old_questionnaire_version != change.new_questionnaire_version:
        lines.append(f"questionnaire {change.old_questionnaire_version} -> {change.new_questionnaire_version}")
    if change.unchanged:
        lines.append("No change: the same levels, criteria and answers.")
    for model in change.models:
        lines.append(f"{model.model_name}: {movement(model)}")
        lines += [f"  + met: level {level_number(model.model_name, item)}: {item.title}" for item in model.newly_met]
        lines += [f"  - lost: level {level_number(model.model_name, item)}: {item.title}" for item in model.newly_lost]
    if change.answers:
        lines.append("Answers changed:")
        for answer in change.answers:
            old, new = _answer(answer.old_answer, answer.old_incident), _answer(answer.new_answer, answer.new_incident)
            lines.append(f"  {answer.question}: {old} -> {new}")
            if answer.new_note and answer.new_note != answer.old_note:
                lines.append(f"    note: {answer.new_note}")
    if change.steps_done:
        lines.append("Steps no longer in the plan:")
        lines += [f"  {step.action}" for step in change.steps_done]
    return [printable(line) for line in lines]


def render_diff_text(change: AssessmentDiff) -> str:
    return "\n".join(diff_lines(change)) + "\n"


def render_diff_markdown(change: AssessmentDiff, *, heading: str = "##") -> str:
    """The change as a markdown section (also the report's "since the last assessment")."""
    from mlops_maturity.report.markdown import escape_cell, escape_markdown

    lines = [f"{heading} {_('Since the last assessment')} ({escape_markdown(change.old_date)})", ""]
    if change.unchanged:
        lines += [_("No change: the same levels, criteria and answers."), ""]
    header = (_("Model"), _("Level"), _("Newly met"), _("Newly lost"))
    lines += [f"| {' | '.join(header)} |", "|---|---|---|---|"]
    for model in change.models:
        met = "; ".join(escape_cell(item.title) for item in model.newly_met) or "–"
        lost = "; ".join(escape_cell(item.title) for item in model.newly_lost) or "–"
        lines.append(f"| {escape_cell(model.model_name)} | {escape_cell(movement(model))} | {met} | {lost} |")
    if change.answers:
        lines += ["", _("Answers changed:"), ""]
        for answer in change.answers:
            note = (
                f": {escape_markdown(answer.new_note)}"
                if answer.new_note and answer.new_note != answer.old_note
                else ""
            )
            lines.append(
                f"- {escape_markdown(answer.text)} (`{answer.question}`): "
                f"{escape_markdown(_answer(answer.old_answer, answer.old_incident))} → "
                f"{escape_markdown(_answer(answer.new_answer, answer.new_incident))}{note}"
            )
    if change.steps_done:
        lines += ["", _("Steps no longer in the plan:"), ""]
        lines += [f"- {escape_markdown(step.action)}" for step in change.steps_done]
    return "\n".join(lines) + "\n"


RENDERERS: dict[ViewFormat, Callable[[AssessmentDiff], str]] = {
    ViewFormat.text: render_diff_text,
    ViewFormat.json: render_diff_json,
    ViewFormat.markdown: render_diff_markdown,
}
"""How `diff` writes each format."""
