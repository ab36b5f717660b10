"""The portfolio's fast path (`engine.rank_tables`) says exactly what the full scoring says.

Levels, next levels, blocking criteria, helping and lifting steps and below-threshold, per
model: over every example file, and over random answers (every answer on the scale, n/a,
unanswered written or left out, estimates) on the shipped and the mini questionnaires.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlops_maturity.answers.load import load_answers
from mlops_maturity.answers.model import Answer, AnswersFile
from mlops_maturity.engine import rank_tables
from mlops_maturity.engine.batch import summarise_file
from mlops_maturity.engine.gate import Threshold
from mlops_maturity.engine.portfolio import TeamStanding, TeamSummary, summarise
from mlops_maturity.engine.rank_tables import prepare, tables_for
from mlops_maturity.engine.result_data import as_data
from mlops_maturity.engine.scope import in_scope
from mlops_maturity.engine.scoring import score, score_model
from mlops_maturity.questionnaire.model import QuestionnaireSet

from ..conftest import EXAMPLES

ALL_EXAMPLES = sorted(EXAMPLES.rglob("*.yaml"))


def _full(answers: AnswersFile, questionnaires: QuestionnaireSet, thresholds: list[Threshold]) -> TeamSummary:
    """The portfolio's view of the team from `score_model`'s full results (the reference)."""
    model_ids = tuple(model.id for model in questionnaires.models)
    models = {
        model_id: score_model(questionnaires.model(model_id), answers, questionnaires, advice=False)
        for model_id in model_ids
    }
    return summarise("team.yaml", answers, models, questionnaires, thresholds)


def _fast(
    answers: AnswersFile, questionnaires: QuestionnaireSet, thresholds: list[Threshold]
) -> dict[str, TeamStanding]:
    tables = tables_for(questionnaires)
    assert tables is not None
    model_ids = tuple(model.id for model in questionnaires.models)
    standings = tables.standings(answers, model_ids, thresholds)
    assert standings is not None
    return standings


def _thresholds(questionnaires: QuestionnaireSet, level: int) -> list[Threshold]:
    return [Threshold(model.id, model.levels[0].number + level) for model in questionnaires.models]


def _assert_as_scored(given: AnswersFile, questionnaires: QuestionnaireSet, thresholds: list[Threshold]) -> None:
    answers = in_scope(given, questionnaires)  # as `summarise_file` and `score` do first
    fast = _fast(answers, questionnaires, thresholds)
    assert as_data(fast) == as_data(_full(answers, questionnaires, thresholds).models)
    # And in the full result's own words: its level, next level and blocking gaps.
    for model_id, result in score(questionnaires, given).models.items():
        standing = fast[model_id]
        assert (standing.level, standing.native_level) == (result.level, result.native_level)
        assert standing.strict_level == result.strict.number
        assert standing.next_level == (result.next_level.number if result.next_level else None)
        assert standing.blocking == [gap.criterion for gap in result.gaps]
        assert standing.helping == list(dict.fromkeys(step for gap in result.gaps for step in gap.next_steps))


@pytest.mark.parametrize("path", ALL_EXAMPLES, ids=lambda path: path.stem)
@pytest.mark.parametrize("level", [1, 2, 3])
def test_every_example_stands_where_the_full_scoring_puts_it(shipped: QuestionnaireSet, path: Path, level: int) -> None:
    _assert_as_scored(load_answers(path, shipped).answers, shipped, _thresholds(shipped, level))


@pytest.mark.parametrize("path", ALL_EXAMPLES, ids=lambda path: path.stem)
def test_summarising_a_file_with_and_without_the_tables_gives_the_same_summary(
    shipped: QuestionnaireSet, path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    thresholds = _thresholds(shipped, 2)
    fast = summarise_file(path, shipped, ("google", "microsoft"), thresholds)
    monkeypatch.setattr(rank_tables, "tables_for", lambda questionnaires: None)
    full = summarise_file(path, shipped, ("google", "microsoft"), thresholds)
    assert isinstance(fast, TeamSummary) and as_data(fast) == as_data(full)


@st.composite
def answers_files(draw: st.DrawFn, questionnaires: QuestionnaireSet) -> AnswersFile:
    """Every answer at a drawn typical one, but a few: another on the scale (often one step
    down), n/a (where allowed), unanswered or left out; some marked as estimates; a scope
    answered either way, or not. Teams land on every level, some with near misses tolerated."""
    scale = [option.value for option in questionnaires.bank.scale]
    not_applicable = questionnaires.bank.not_applicable.value
    questions = [question.id for question in questionnaires.bank.questions]
    allows = {question.id for question in questionnaires.bank.questions if question.not_applicable}
    typical = draw(st.integers(0, len(scale) - 1))
    values: dict[str, str | None] = dict.fromkeys(questions, scale[typical])
    # One step down is what the level rule may tolerate: drawn as often as any other answer.
    down = scale[max(typical - 1, 0)]
    changes = st.tuples(
        st.sampled_from(questions), st.sampled_from([*scale, down, down, not_applicable, None, "left out"])
    )
    for question_id, value in draw(st.lists(changes, max_size=6)):
        if value != not_applicable or question_id in allows:
            values[question_id] = value
    for question_id in draw(st.sets(st.sampled_from(sorted(allows)), max_size=3)):  # n/a is rare otherwise
        values[question_id] = not_applicable
    estimates = draw(st.sets(st.sampled_from(questions), max_size=10))
    answers = {
        question_id: Answer(
            answer=value,
            note="Does not apply." if value == not_applicable else None,
            estimate=question_id in estimates,
        )
        for question_id, value in values.items()
        if value != "left out"
    }
    scope = draw(
        st.dictionaries(st.sampled_from([scope.id for scope in questionnaires.bank.scopes] or [""]), st.booleans())
    )
    return AnswersFile(
        questionnaire_version=questionnaires.version,
        team="Team",
        date=datetime.date(2026, 11, 1),
        answers=answers,
        scope={scope_id: value for scope_id, value in scope.items() if scope_id},
    )


SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(data=st.data(), level=st.integers(0, 4))
def test_random_answers_stand_where_the_full_scoring_puts_them(
    shipped: QuestionnaireSet, data: st.DataObject, level: int
) -> None:
    _assert_as_scored(data.draw(answers_files(shipped)), shipped, _thresholds(shipped, level))


@SETTINGS
@given(data=st.data(), level=st.integers(0, 2), tolerance=st.integers(0, 3))
def test_random_answers_on_the_mini_questionnaire_stand_where_the_full_scoring_puts_them(
    mini: QuestionnaireSet, data: st.DataObject, level: int, tolerance: int
) -> None:
    tolerant = mini.model_copy(
        update={"models": tuple(model.model_copy(update={"tolerance": tolerance}) for model in mini.models)}
    )
    _assert_as_scored(data.draw(answers_files(tolerant)), tolerant, _thresholds(tolerant, level))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_step_lifts_a_team_when_done_alone_it_reaches_the_next_level(
    shipped: QuestionnaireSet, data: st.DataObject
) -> None:
    answers = in_scope(data.draw(answers_files(shipped)), shipped)
    for model_id, standing in _fast(answers, shipped, []).items():
        for step_id in standing.helping:
            done = dict(answers.answers)
            for question, target in shipped.steps_by_id[step_id].done_when.items():
                current = answers.value_of(question)
                if current is None or (current != "n/a" and shipped.scale_rank(current) < shipped.scale_rank(target)):
                    done[question] = Answer(answer=target)
            after = score_model(shipped.model(model_id), answers.model_copy(update={"answers": done}), shipped)
            # Lifts: with the step done, the level rule reaches the next level (one near miss or not).
            reaches = standing.next_level is not None and after.level >= standing.next_level
            assert reaches == (step_id in standing.lifting), (model_id, step_id)


def test_an_answer_off_the_scale_is_left_to_the_full_scoring(mini: QuestionnaireSet) -> None:
    tables = prepare(mini)
    assert tables is not None
    off = AnswersFile.model_construct(
        questionnaire_version="test-1",
        team="Team",
        date=datetime.date(2026, 11, 1),
        answers={"code_vc": Answer(answer="maybe")},
    )
    assert tables.ranks(off.answers) is None
    assert tables.standings(off, ("alpha",), []) is None


def test_a_threshold_on_a_model_not_scored_is_skipped(mini: QuestionnaireSet) -> None:
    answers = AnswersFile(questionnaire_version="test-1", team="Team", date=datetime.date(2026, 11, 1), answers={})
    thresholds = [Threshold("beta", 2), Threshold("alpha", 1), Threshold("alpha", 2)]
    tables = tables_for(mini)
    assert tables is not None
    fast = tables.standings(answers, ("alpha",), thresholds)
    assert fast is not None and fast["alpha"].below_threshold and fast.keys() == {"alpha"}
    alpha = score_model(mini.model("alpha"), answers, mini, advice=False)
    assert as_data(summarise("team.yaml", answers, {"alpha": alpha}, mini, thresholds).models) == as_data(fast)


def test_the_tables_are_prepared_once_per_questionnaire_set(shipped: QuestionnaireSet, mini: QuestionnaireSet) -> None:
    first = tables_for(shipped)
    assert tables_for(shipped) is first
    assert tables_for(mini) is not first
