"""How results are said in words: level labels and gate messages, made in one place.

Results carry numbers and names; every renderer names levels through these functions, so
that the terminal, the JSON's `label` fields and the reports always agree (and a second
language is a catalogue here, not a rewrite).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mlops_maturity.messages import _
from mlops_maturity.safe_text import log_safe

if TYPE_CHECKING:
    from mlops_maturity.answers.migrate import MigrationResult
    from mlops_maturity.engine.assessment import Assessment, LevelRef, ModelResult
    from mlops_maturity.engine.batch import Scored
    from mlops_maturity.engine.diff import CriterionChange
    from mlops_maturity.engine.gate import GateFailure
    from mlops_maturity.errors import MaturityError


def number_label(model_name: str, number: int, native_number: int | None) -> str:
    """The level's number, with the source's own beside it where they differ: `3 (Microsoft level 2)`."""
    if native_number is not None and native_number != number:
        return _("{number} ({model} level {native})").format(number=number, model=model_name, native=native_number)
    return str(number)


def english_level_label(model_name: str, number: int, native_number: int | None, name: str) -> str:
    """`level_label` in English whatever the language: the JSON's `label`, read by programs.

    NOTE: written out, not `level_label` inside `messages.in_english()`: a result holds dozens of
    labels, and switching the catalogue for each made one ten times slower (2.4 us, not 0.2)."""
    native = f" ({model_name} level {native_number})" if native_number is not None and native_number != number else ""
    return f"Level {number}{native}: {name}"


def level_number(model_name: str, change: CriterionChange) -> str:
    """A changed criterion's level: `4 (Microsoft level 3)`."""
    return number_label(model_name, change.level, change.native_level)


def level_label(model_name: str, number: int, native_number: int | None, name: str) -> str:
    """How a level is named for people: `Level 3 (Microsoft level 2): Automated Training`."""
    return _("Level {number}: {name}").format(number=number_label(model_name, number, native_number), name=name)


def ref_label(model_name: str, level: LevelRef) -> str:
    """`level_label` for a level of a result."""
    return level_label(model_name, level.number, level.native_number, level.name)


def reached_label(model: ModelResult) -> str:
    """The label of the level a model result reached."""
    return level_label(model.model_name, model.level, model.native_level, model.name)


def gate_failure(failure: GateFailure) -> str:
    """`microsoft is at Level 2: ..., below the required level 3`."""
    return _("{model} is at {level}, below the required level {required}").format(
        model=failure.threshold.model, level=reached_label(failure.result), required=failure.threshold.level
    )


def migration_notice(result: MigrationResult, path: str, *, with_rewrite_hint: bool = False) -> list[str]:
    """What reading an older answers file did, in lines for the person (stderr); with the
    command that rewrites it, where the file is only read."""
    versions = " -> ".join(result.versions)
    lines = [f"{path}: answers given to questionnaire version {result.from_version}, read as {versions}"]
    for carried in result.carried:
        sources = ", ".join(carried.sources)
        reason = f" ({carried.reason})" if carried.reason else ""
        if carried.sources == (carried.question,):
            lines.append(f"  {carried.question}: answer kept, but the question changed{reason}; check it")
        else:
            lines.append(f"  {carried.question}: carried over from {sources}{reason}; check it")
    if result.retired:
        lines.append(f"  retired (kept in the file under retired_answers): {', '.join(result.retired)}")
    if result.added:
        lines.append(f"  new questions, unanswered: {', '.join(result.added)}")
    if with_rewrite_hint:
        lines.append(f"  (rewrite it for the current version with: mlops-maturity migrate {path})")
    return [log_safe(line) for line in lines]


UNANSWERED_SHOWN = 8
"""How many unanswered question ids a warning names before `and N more`."""


def error_lines(error: MaturityError) -> list[str]:
    """`error: message`, one indented line per problem, then the hint; each of them one line."""
    lines = [_("error: {message}").format(message=error.message), *(f"  - {problem}" for problem in error.problems)]
    return [log_safe(line) for line in ([*lines, f"  - {error.hint}"] if error.hint else lines)]


def unanswered_notice(missing: list[str]) -> str:
    """`3 question(s) unanswered, scored as not met: a, b, c`, naming the first few."""
    shown = ", ".join(missing[:UNANSWERED_SHOWN])
    if len(missing) > UNANSWERED_SHOWN:
        shown += _(" and {count} more").format(count=len(missing) - UNANSWERED_SHOWN)
    return _("{count} question(s) unanswered, scored as not met: {shown}").format(count=len(missing), shown=shown)


def scored_notices(outcome: Scored) -> list[str]:
    """What the person should know about a scored file: its migration, unanswered questions
    (its gate's failures are `gate_notices`)."""
    lines: list[str] = []
    if outcome.migration is not None:
        lines += migration_notice(outcome.migration, outcome.path, with_rewrite_hint=True)
    missing = outcome.assessment.unanswered
    if missing:
        lines.append(_("warning: {message}").format(message=f"{outcome.path}: {unanswered_notice(missing)}"))
    return [log_safe(line) for line in lines]


def gate_notices(outcome: Scored) -> list[str]:
    """The gate's failures for a scored file: said even when the person asked for quiet (`-q`)."""
    return [
        log_safe(_("below threshold: {path}: {failure}").format(path=outcome.path, failure=gate_failure(failure)))
        for failure in outcome.failures
    ]


def decided(path: str, assessment: Assessment) -> list[str]:
    """What was read and decided, for `-v`: the file, and per model its level, the strict
    level and any criterion the level was reached without."""
    lines = [
        f"read {path}: team {assessment.team}, questionnaire {assessment.questionnaire_version}, "
        f"{len(assessment.answers) - len(assessment.unanswered)} of {len(assessment.answers)} questions answered"
    ]
    for model in assessment.models.values():
        tolerated = [gap.criterion for gap in model.gaps if gap.tolerated]
        line = (
            f"decided {model.model_name}: {reached_label(model)}; strict: {ref_label(model.model_name, model.strict)}"
        )
        if tolerated:
            line += f"; reached without: {', '.join(tolerated)}"
        lines.append(line)
    return [log_safe(line) for line in lines]
