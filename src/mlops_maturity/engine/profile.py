"""What the team answered, as a result shows it: the share of the best answers per dimension
(the profile) and every question with its answer (the appendix). Pure: no I/O.

Every share shown is rounded by `round_half_up`.
"""

from __future__ import annotations

from mlops_maturity.answers.model import AnswersFile, Response
from mlops_maturity.engine.assessment import AnsweredQuestion, DimensionScore, Respondent
from mlops_maturity.questionnaire.model import Question, QuestionnaireSet


def round_half_up(numerator: float, denominator: float) -> int:
    """`numerator / denominator` to the nearest whole number, halves up: 5/8 is 63%, not 62%.

    NOTE: `round()` rounds halves to even, which reads as a mistake in a percentage.
    """
    return int((2 * numerator + denominator) // (2 * denominator))


def dimension_profile(
    questionnaires: QuestionnaireSet, answers: AnswersFile, model_ids: tuple[str, ...]
) -> list[DimensionScore]:
    """Per dimension, the share of the best answers reached (n/a left out, unanswered as lowest)."""
    best = len(questionnaires.bank.scale) - 1
    not_applicable = questionnaires.bank.not_applicable.value
    questions = questionnaires.questions_for(model_ids)
    profile = []
    for dimension in questionnaires.bank.dimensions:
        in_dimension = [question for question in questions if question.dimension == dimension.id]
        if not in_dimension:
            continue
        values = [value for question in in_dimension if (value := answers.value_of(question.id)) is not None]
        scored = [questionnaires.scale_rank(value) for value in values if value != not_applicable]
        unanswered = len(in_dimension) - len(values)
        counted = len(scored) + unanswered
        profile.append(
            DimensionScore(
                id=dimension.id,
                name=dimension.name,
                percent=round_half_up(100 * sum(scored), best * counted) if counted else None,
                questions=len(in_dimension),
                answered=len(values),
                not_applicable=len(values) - len(scored),
            )
        )
    return profile


def answered_questions(
    questionnaires: QuestionnaireSet, answers: AnswersFile, questions: tuple[Question, ...]
) -> list[AnsweredQuestion]:
    """Every question asked, with the team's answer, for appendices."""
    labels = {option.value: option.label for option in questionnaires.bank.scale}
    labels[questionnaires.bank.not_applicable.value] = questionnaires.bank.not_applicable.label
    answered = []
    for question in questions:
        given = answers.answers.get(question.id)
        value = given.answer if given else None
        answered.append(
            AnsweredQuestion(
                id=question.id,
                dimension=question.dimension,
                text=question.text,
                answer=value,
                answer_label=labels.get(value) if value else None,
                note=given.note if given else None,
                evidence=list(given.evidence) if given else [],
                source=given.source if given else None,
                estimate=bool(given and given.estimate),
                incident=bool(given and given.incident),
                responses=[
                    Respondent(assessor=response.assessor, answer=response.answer, note=response.note)
                    for response in (given.responses if given else ())
                ],
                disagreement=bool(given and given.responses and _disagree(given.responses, questionnaires)),
            )
        )
    return answered


def _disagree(responses: tuple[Response, ...], questionnaires: QuestionnaireSet) -> bool:
    # NOTE: the combining rules load only for a combined file, not for every `score`.
    from mlops_maturity.engine.combine import disagrees

    return disagrees([response.answer for response in responses if response.answer], questionnaires)
