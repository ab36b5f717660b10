"""The terminal summary: rich renderables, unprinted (the CLI owns the console).

Readable at 40 and 80 columns, without colour, and when piped: every fact is in the
words, colour only underlines it. Text from questionnaires and answers files goes
through `Text`, never through markup, so square brackets show as typed, and through
`log_safe`, so that no line of it, however wrapped, is a command to a CI runner.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from mlops_maturity.engine.assessment import Assessment, ModelResult, Priority, Status
from mlops_maturity.engine.scoring import round_half_up
from mlops_maturity.messages import _
from mlops_maturity.report.marked_rows import MarkedRows
from mlops_maturity.report.wording import reached_label, ref_label
from mlops_maturity.safe_text import log_safe

FIRST_STEPS = 3
"""How many next steps the summary shows per model; the report shows them all."""

_STATUS_MARK = {
    Status.met: ("✓", "green"),
    Status.not_applicable: ("–", "dim"),
    Status.unmet: ("✗", "red"),
    Status.unanswered: ("?", "yellow"),
}


SHOWN_GAPS = 20
"""Blocking gaps the summary lists per model: more than any level of the shipped models has;
a custom questionnaire's thousands go to the report, where they can be read."""


def progress_bar(met: int, total: int, width: int = 20) -> Text:
    filled = round_half_up(width * met, total) if total else width
    bar = Text()
    bar.append("█" * filled, style="green")
    bar.append("░" * (width - filled), style="dim")
    return bar


def render_summary(assessment: Assessment, *, first_steps: int = FIRST_STEPS) -> RenderableType:
    """Per model: level, progress to the next, blocking gaps and the first next steps."""
    header = Text()
    header.append(log_safe(assessment.team), style="bold")
    questionnaire = _("questionnaire {version}").format(version=assessment.questionnaire_version)
    header.append(f"  ·  {assessment.date.isoformat()}  ·  {questionnaire}")
    if assessment.answers_file:
        header.append(f"\n{log_safe(assessment.answers_file)}", style="dim")
    identity = [
        *([_("entity {entity}").format(entity=assessment.entity)] if assessment.entity else []),
        *([_("owner {owner}").format(owner=assessment.owner)] if assessment.owner else []),
        *(f"{key}: {value}" for key, value in assessment.labels.items()),
    ]
    if identity:
        header.append(f"\n{log_safe('  ·  '.join(identity))}", style="dim")
    parts: list[RenderableType] = [header]
    # A step for a gap that caused an incident where the criteria it serves are met is in
    # no model's own steps: said first, as the plan has it.
    unlisted = [step for step in assessment.plan if not step.unlocks and step.priority is Priority.incident]
    if unlisted:
        parts.append(
            Text(
                "\n" + _("The team says these gaps caused an incident (the criteria they serve are met):"), style="bold"
            )
        )
        # Wrapped lines align with the text, not the margin, as the gaps' rows do.
        rows = [(Text("-"), Text(log_safe(step.action), style="yellow")) for step in unlisted]
        parts.append(Padding(MarkedRows(rows), (0, 0, 0, 2)))
    for model in assessment.models.values():
        parts.append(render_model(model, first_steps=first_steps))
    if assessment.unanswered:
        parts.append(
            Text(
                "\n" + _("{count} question(s) unanswered, scored as not met.").format(count=len(assessment.unanswered)),
                style="yellow",
            )
        )
    return Group(*parts)


def render_summaries(assessments: list[Assessment]) -> RenderableType:
    """Several teams' summaries, one after the other."""
    summaries: list[RenderableType] = []
    for index, assessment in enumerate(assessments):
        summaries += ["", render_summary(assessment)] if index else [render_summary(assessment)]
    return Group(*summaries)


HINGES_SHOWN = 3
"""Answers per kind the summary names; the report and the JSON have them all."""


def hinge_lines(model: ModelResult, shown: int = HINGES_SHOWN) -> list[str]:
    """`one answer away` and `fragile` answers, in words, estimates marked."""
    lines = []
    for hinge in model.hinges.one_answer_away[:shown]:
        mark = _(" (an estimate)") if hinge.estimate else ""
        line = _("one answer away: {question} at {answer} would reach level {level}")
        lines.append(line.format(question=hinge.question, answer=hinge.changed_to, level=hinge.level) + mark)
    for hinge in model.hinges.fragile[:shown]:
        mark = _(" (an estimate: confirm it)") if hinge.estimate else ""
        line = _("fragile: {question} one step lower would drop the level to {level}")
        lines.append(line.format(question=hinge.question, level=hinge.level) + mark)
    hidden = len(model.hinges.one_answer_away) + len(model.hinges.fragile) - len(lines)
    if hidden > 0:
        lines.append(_("… and {count} more in the report").format(count=hidden))
    return [log_safe(line) for line in lines]


def render_model(model: ModelResult, *, first_steps: int = FIRST_STEPS) -> RenderableType:
    parts: list[RenderableType] = [
        Text(""),
        Rule(Text(f" {log_safe(model.model_name)} ", style="bold"), align="left", style="dim"),
    ]
    level = Text()
    level.append(log_safe(reached_label(model)), style="bold cyan")
    parts.append(level)
    if model.numbering_note:
        parts.append(Text(log_safe(model.numbering_note), style="dim"))
    if model.short_weight:
        used = _("What is short at this level and below weighs {weight:g} of the {tolerance:g} this model tolerates.")
        parts.append(Text(used.format(weight=model.short_weight, tolerance=model.tolerance), style="dim"))
    if model.next_level is None or model.progress is None:
        if not model.gaps:
            parts.append(Text(_("The top level of this model: every criterion is met."), style="green"))
            return Group(*parts)
        short = sum(gap.tolerated for gap in model.gaps)
        top = (
            _("The top level of this model, reached with this criterion short.")
            if short == 1
            else _("The top level of this model, reached with the criteria below short.")
        )
        parts.append(Text(top, style="yellow"))
    else:
        progress = Table.grid(padding=(0, 1))
        progress.add_column(no_wrap=True)
        progress.add_column()
        progress.add_row(
            progress_bar(model.progress.met, model.progress.total),
            Text(
                _("{met}/{total} criteria towards {level}").format(
                    met=model.progress.met,
                    total=model.progress.total,
                    level=log_safe(ref_label(model.model_name, model.next_level)),
                )
            ),
        )
        parts.append(progress)
    hinges = hinge_lines(model)
    if hinges:
        parts.append(Text("\n" + _("What the level hinges on (check these answers first):"), style="bold"))
        parts.extend(Text(f"  {line}") for line in hinges)

    heading = (
        _(
            "Gaps (the level was reached with those marked “reached with this criterion short” not met; the others hold the team at it):"
        )
        if any(gap.tolerated for gap in model.gaps)
        else _("Blocking gaps (what holds the team at this level):")
    )
    parts.append(Text("\n" + heading, style="bold"))
    rows = []
    for gap in model.gaps[:SHOWN_GAPS]:
        mark, style = _STATUS_MARK[gap.status]
        body = Text(
            _("{level}, reached with this criterion short: ").format(level=ref_label(model.model_name, gap.level))
            if gap.tolerated
            else ""
        )
        body.append(log_safe(gap.title), style="bold")
        if gap.status is Status.unanswered:
            body.append(_(" (unanswered)"), style="yellow")
        body.append(f"\n{log_safe(gap.gap)}")
        rows.append((Text(mark, style=style), body))
    parts.append(Padding(MarkedRows(rows), (0, 0, 0, 1)))
    if len(model.gaps) > SHOWN_GAPS:
        hidden = len(model.gaps) - SHOWN_GAPS
        more = _("  … and {count} more blocking gaps in the report (mlops-maturity report).").format(count=hidden)
        parts.append(Text(more, style="dim"))

    if model.next_steps:
        parts.append(Text("\n" + _("First next steps:"), style="bold"))
        steps = Table.grid(padding=(0, 1))
        steps.add_column(no_wrap=True, justify="right")
        steps.add_column()
        for number, step in enumerate(model.next_steps[:first_steps], start=1):
            body = Text(log_safe(step.action))
            if step.incidents:
                body.append(" " + _("(this gap caused an incident)"), style="bold yellow")
            body.append("\n" + _("Tools: {tools}").format(tools=log_safe(step.tools)), style="dim")
            steps.add_row(Text(f"{number}."), body)
        parts.append(Padding(steps, (0, 0, 0, 1)))
        remaining = len(model.next_steps) - first_steps
        if remaining > 0:
            more = _("  … and {count} more in the report (mlops-maturity report).").format(count=remaining)
            parts.append(Text(more, style="dim"))
    return Group(*parts)
