"""What a level hinges on: the level with one answer changed, worked out without re-checking
every criterion (linear in the questionnaire's size), is the level full scoring gives, near
misses tolerated as the model declares."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mlops_maturity.answers.model import AnswersFile
from mlops_maturity.engine.hinges import _Levels, _step, model_hinges
from mlops_maturity.engine.scoring import score_model
from mlops_maturity.questionnaire.model import MaturityModel, QuestionnaireSet
from mlops_maturity.questionnaire.shipped import load_shipped_questionnaires

SHIPPED = load_shipped_questionnaires()


def _level_by_checking_everything(
    model: MaturityModel, values: dict[str, str | None], questionnaires: QuestionnaireSet
) -> int:
    """The level full scoring gives, every criterion scored."""
    answers = AnswersFile.model_validate(
        {"questionnaire_version": questionnaires.version, "team": "T", "date": "2026-11-01", "answers": values}
    )
    return score_model(model, answers, questionnaires, advice=False).level


ANSWERS = st.sampled_from([None, SHIPPED.bank.not_applicable.value, *(option.value for option in SHIPPED.bank.scale)])
QUESTIONS = [question.id for question in SHIPPED.bank.questions]


@settings(max_examples=300, deadline=None)
@given(
    model_index=st.integers(0, len(SHIPPED.models) - 1),
    values=st.fixed_dictionaries({question_id: ANSWERS for question_id in QUESTIONS}),
    changed=st.sampled_from(QUESTIONS),
    changed_to=ANSWERS,
    bias=st.sampled_from([None, SHIPPED.bank.scale[-1].value]),
)
def test_the_level_with_one_answer_changed_is_the_level_scoring_gives(
    model_index: int, values: dict[str, str | None], changed: str, changed_to: str | None, bias: str | None
) -> None:
    model = SHIPPED.models[model_index]
    if bias is not None:  # mostly the best answers, so that higher levels are reached and lost too
        values = {
            question_id: bias if index % 5 else value for index, (question_id, value) in enumerate(values.items())
        }
    levels = _Levels(model, values, SHIPPED, SHIPPED.model(model.id).tolerance)
    expected = _level_by_checking_everything(model, {**values, changed: changed_to}, SHIPPED)
    assert levels.level_with(changed, changed_to) == expected
    assert levels.level_with(changed, values[changed]) == _level_by_checking_everything(model, values, SHIPPED)


@settings(max_examples=200, deadline=None)
@given(
    model_index=st.integers(0, len(SHIPPED.models) - 1),
    values=st.fixed_dictionaries({question_id: ANSWERS for question_id in QUESTIONS}),
    bias=st.sampled_from([None, SHIPPED.bank.scale[-1].value, SHIPPED.bank.scale[-2].value]),
)
def test_the_answers_tried_are_every_answer_that_can_move_the_level(
    model_index: int, values: dict[str, str | None], bias: str | None
) -> None:
    model = SHIPPED.models[model_index]
    if bias is not None:
        values = {
            question_id: bias if index % 4 else value for index, (question_id, value) in enumerate(values.items())
        }
    answers = AnswersFile.model_validate(
        {"questionnaire_version": SHIPPED.version, "team": "T", "date": "2026-11-01", "answers": values}
    )
    reached = score_model(model, answers, SHIPPED, advice=False).level
    hinges = model_hinges(model, answers, SHIPPED, reached, model.tolerance)
    levels = _Levels(model, values, SHIPPED, model.tolerance)
    every: dict[int, set[str]] = {1: set(), -1: set()}
    for by in (1, -1):
        for question_id in {q for level in model.levels for c in level.criteria for q in c.requires}:
            changed = _step(values.get(question_id), by, SHIPPED)
            if changed is None:
                continue
            level = levels.level_with(question_id, changed)
            if (level > reached) if by > 0 else (level < reached):
                every[by].add(question_id)
    assert {hinge.question for hinge in hinges.one_answer_away} == every[1]
    assert {hinge.question for hinge in hinges.fragile} == every[-1]
