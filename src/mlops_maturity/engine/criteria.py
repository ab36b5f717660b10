"""One criterion scored against a team's answers: each question's status, and the criterion's.

The first part of the rule `engine.scoring` states: a criterion is met when every question
it requires is answered at least at the required point of the scale, or n/a.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from mlops_maturity.answers.model import AnswersFile
from mlops_maturity.engine.assessment import CriterionResult, QuestionOutcome, Source, Status
from mlops_maturity.engine.level_rule import defining_inapplicable
from mlops_maturity.questionnaire.model import Criterion, QuestionnaireSet, SourceRef


def question_status(questionnaires: QuestionnaireSet, answer: str | None, required: str) -> Status:
    """How one answer stands against the lowest answer a criterion requires."""
    if answer is None:
        return Status.unanswered
    if answer == questionnaires.bank.not_applicable.value:
        return Status.not_applicable
    if questionnaires.scale_rank(answer) >= questionnaires.scale_rank(required):
        return Status.met
    return Status.unmet


def criterion_status(outcomes: list[Status]) -> Status:
    """Combine the questions' statuses into the criterion's (see the module docstring)."""
    if Status.unmet in outcomes:
        return Status.unmet
    if Status.unanswered in outcomes:
        return Status.unanswered
    if all(outcome is Status.not_applicable for outcome in outcomes):
        return Status.not_applicable
    return Status.met


HOLDS = (Status.met, Status.not_applicable)


def defining_inapplicable_per_level(levels: Iterable[Sequence[CriterionResult]]) -> list[bool]:
    """Per level's scored criteria, whether its defining ones are all n/a (`level_rule.defining_inapplicable`)."""
    return [
        defining_inapplicable(
            (criterion.defining for criterion in criteria),
            (criterion.status is Status.not_applicable for criterion in criteria),
        )
        for criteria in levels
    ]


def holds(status: Status) -> bool:
    return status in HOLDS


def score_criterion(criterion: Criterion, answers: AnswersFile, questionnaires: QuestionnaireSet) -> CriterionResult:
    outcomes = []
    for question_id, required in criterion.requires.items():
        given = answers.answer_for(question_id)
        value = answers.value_of(question_id)
        outcomes.append(
            QuestionOutcome(
                question=question_id,
                text=questionnaires.question(question_id).text,
                required=required,
                answer=value,
                note=given.note if given else None,
                status=question_status(questionnaires, value, required),
            )
        )
    return CriterionResult(
        id=criterion.id,
        title=criterion.title,
        status=criterion_status([outcome.status for outcome in outcomes]),
        gap=criterion.gap,
        next_steps=list(criterion.next_steps),
        source=source_of(criterion.source),
        questions=outcomes,
        defining=criterion.defining,
        supporting=criterion.supporting,
    )


def source_of(source: SourceRef) -> Source:
    return Source(section=source.section, item=source.item, quote=source.quote)
