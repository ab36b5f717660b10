"""The short summary at the end of `assess`: it fits a small terminal; `report` has the rest."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from mlops_maturity.engine.assessment import Assessment
from mlops_maturity.engine.scope import SCOPE_SOURCE, scope_reason
from mlops_maturity.messages import _
from mlops_maturity.report.wording import reached_label, ref_label
from mlops_maturity.safe_text import printable

FIRST_STEPS = 3
"""Steps shown, across every model; the report lists them all with their tools."""


def short_summary(assessment: Assessment, *, first_steps: int = FIRST_STEPS) -> RenderableType:
    """Per model its level and the criteria towards the next; then the first steps of the plan.

    Each level line is the model's `label`, exactly as `score` prints and the JSON gives it.
    """
    parts: list[RenderableType] = [
        Text(f"{printable(assessment.team)}  ·  {assessment.date.isoformat()}", style="bold"),
    ]
    for model in assessment.models.values():
        parts.append(Text(""))
        parts.append(Text(printable(model.model_name), style="bold magenta"))
        parts.append(Text(printable(reached_label(model)), style="bold cyan"))
        if model.next_level is not None and model.progress is not None:
            towards = printable(ref_label(model.model_name, model.next_level))
            towards_next = _("{met}/{total} criteria towards {level}").format(
                met=model.progress.met, total=model.progress.total, level=towards
            )
            parts.append(Text(f"  {towards_next}"))
        else:
            parts.append(Text("  " + _("The top level of this model: every criterion is met."), style="green"))
    parts.extend(_out_of_scope(assessment))
    if assessment.plan:
        heading = _("First next steps ({shown} of {total}):").format(
            shown=min(first_steps, len(assessment.plan)), total=len(assessment.plan)
        )
        parts.append(Text(f"\n{heading}", style="bold"))
        steps = Table.grid(padding=(0, 1))
        steps.add_column(no_wrap=True, justify="right")
        steps.add_column()
        for number, step in enumerate(assessment.plan[:first_steps], start=1):
            said = Text(printable(step.action))
            if step.incidents:
                said.append(" " + _("(this gap caused an incident)"), style="bold yellow")
            steps.add_row(Text(f"{number}."), said)
        parts.append(steps)
    if assessment.unanswered:
        unanswered = _("{count} question(s) unanswered, scored as not met.").format(count=len(assessment.unanswered))
        parts.append(Text(f"\n{unanswered}", style="yellow"))
    return Group(*parts)


def _out_of_scope(assessment: Assessment) -> list[RenderableType]:
    """The questions the scope answered n/a, by reason: not asked, so said here."""
    reasons: dict[str, int] = {}
    for question in assessment.answers:
        if question.source == SCOPE_SOURCE and question.note:
            reason = scope_reason(question.note)
            reasons[reason] = reasons.get(reason, 0) + 1
    return [
        Text(
            printable("\n" + _("Not asked, n/a: {count} question(s). {reason}").format(count=count, reason=reason)),
            style="yellow",
        )
        for reason, count in reasons.items()
    ]
