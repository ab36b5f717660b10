"""The engine's rule, on a small hand-made questionnaire (tests/data/mini)."""

from __future__ import annotations

from typing import Any

from mlops_maturity.engine.assessment import Status
from mlops_maturity.engine.criteria import criterion_status
from mlops_maturity.engine.scoring import score as assess
from mlops_maturity.questionnaire.model import QuestionnaireSet
from mlops_maturity.report.wording import reached_label

from ..conftest import make_answers

FOUNDATION = {"code_vc": "fully", "tracking": "partially"}
TOP = {**FOUNDATION, "pipeline": "mostly", "feature_store": "mostly", "auto_deploy": "fully"}


def test_a_team_meeting_every_criterion_reaches_the_top_of_each_model(mini: QuestionnaireSet) -> None:
    result = assess(mini, make_answers(**TOP))
    assert result.models["alpha"].level == 2
    assert result.models["alpha"].next_level is None
    assert result.models["alpha"].progress is None
    assert result.models["alpha"].gaps == []
    assert result.models["beta"].level == 2
    assert result.plan == []


def test_advanced_answers_do_not_count_without_the_foundation(mini: QuestionnaireSet) -> None:
    # Level 2 fully holds, but level 1 does not: the team stays at level 0.
    result = assess(mini, make_answers(**{**TOP, "tracking": "no"})).models["alpha"]
    levels = {level.number: level for level in result.levels}
    assert levels[2].holds and not levels[2].reached
    assert not levels[1].holds
    assert result.level == 0
    assert [gap.criterion for gap in result.gaps] == ["a1_tracking"]
    assert result.gaps[0].gap == "Experiments are not tracked."


def test_an_answer_below_the_requirement_is_unmet_and_at_it_is_met(mini: QuestionnaireSet) -> None:
    below = assess(mini, make_answers(**{**FOUNDATION, "code_vc": "partially"})).models["alpha"]
    assert below.level == 0
    at = assess(mini, make_answers(**{**FOUNDATION, "code_vc": "mostly"})).models["alpha"]
    assert at.level == 1


def test_not_applicable_meets_a_criterion_and_is_reported_as_such(mini: QuestionnaireSet) -> None:
    answers: dict[str, Any] = {**TOP, "feature_store": {"answer": "n/a", "note": "No features."}}
    result = assess(mini, make_answers(**answers))
    level_2 = result.models["alpha"].levels[2]
    pipeline = next(c for c in level_2.criteria if c.id == "a2_pipeline")
    assert pipeline.status is Status.met  # one question met, one n/a
    assert [q.status for q in pipeline.questions] == [Status.met, Status.not_applicable]
    assert pipeline.questions[1].note == "No features."
    assert result.models["alpha"].level == 2


def test_criterion_status_combines_question_statuses() -> None:
    assert criterion_status([Status.not_applicable]) is Status.not_applicable
    assert criterion_status([Status.met, Status.unanswered]) is Status.unanswered
    assert criterion_status([Status.unanswered, Status.unmet]) is Status.unmet
    assert criterion_status([Status.met, Status.not_applicable]) is Status.met


def test_unanswered_questions_are_reported_and_scored_as_not_met(mini: QuestionnaireSet) -> None:
    result = assess(mini, make_answers(code_vc="fully"))
    assert result.unanswered == ["tracking", "pipeline", "feature_store", "auto_deploy"]
    alpha = result.models["alpha"]
    assert alpha.level == 0
    assert [(gap.criterion, gap.status) for gap in alpha.gaps] == [("a1_tracking", Status.unanswered)]


def test_progress_counts_the_next_levels_criteria(mini: QuestionnaireSet) -> None:
    alpha = assess(mini, make_answers(**{**FOUNDATION, "pipeline": "fully", "feature_store": "fully"})).models["alpha"]
    assert alpha.level == 1
    assert alpha.next_level is not None and alpha.next_level.number == 2
    assert (alpha.progress.met, alpha.progress.total, alpha.progress.percent) == (1, 2, 50)  # type: ignore[union-attr]


def test_next_steps_are_ordered_by_level_then_questionnaire_and_listed_once(mini: QuestionnaireSet) -> None:
    alpha = assess(mini, make_answers(code_vc="no", tracking="no", pipeline="no", feature_store="no", auto_deploy="no"))
    steps = alpha.models["alpha"].next_steps
    # Level 1 needs use_git and track; level 2 adds automate, features, deploy (use_git is listed once).
    assert [step.id for step in steps] == ["use_git", "track", "automate", "features", "deploy"]
    use_git = steps[0]
    assert [(u.level.number, u.criterion) for u in use_git.unlocks] == [(1, "a1_code"), (2, "a2_deploy")]
    assert use_git.tools == "Git hosting such as GitHub"


def test_the_combined_plan_lists_a_step_shared_by_two_models_once(mini: QuestionnaireSet) -> None:
    result = assess(mini, make_answers(**{**FOUNDATION, "pipeline": "no"}))
    automate = [step for step in result.plan if step.id == "automate"]
    assert len(automate) == 1
    assert {unlock.model for unlock in automate[0].unlocks} == {"alpha", "beta"}


def test_source_numbering_is_kept_beside_the_products(mini: QuestionnaireSet) -> None:
    beta = assess(mini, make_answers(**TOP)).models["beta"]
    assert (beta.level, beta.native_level) == (2, 1)
    assert reached_label(beta) == "Level 2 (Beta level 1): Pipelines"  # worded by the renderers
    assert beta.numbering_note


def test_the_profile_is_the_share_of_the_best_answers_per_dimension(mini: QuestionnaireSet) -> None:
    result = assess(mini, make_answers(code_vc="fully", tracking="no", pipeline="mostly", feature_store="n/a"))
    profile = {dimension.id: dimension for dimension in result.profile}
    assert profile["versioning"].percent == 50  # (3 + 0) / (2 * 3)
    # pipeline mostly (2), feature_store n/a left out, auto_deploy unanswered as lowest: 2 / 6
    assert profile["automation"].percent == 33
    assert (profile["automation"].answered, profile["automation"].not_applicable) == (2, 1)


def test_selecting_one_model_scores_only_that_model(mini: QuestionnaireSet) -> None:
    result = assess(mini, make_answers(pipeline="mostly"), ("beta",))
    assert list(result.models) == ["beta"]
    assert result.unanswered == []
    assert [dimension.id for dimension in result.profile] == ["automation"]


def test_a_step_already_done_is_left_out_of_the_plan(mini: QuestionnaireSet) -> None:
    # a2_deploy lists [deploy, use_git]; code is versioned already, so only `deploy` remains.
    alpha = assess(mini, make_answers(**{**TOP, "auto_deploy": "mostly"})).models["alpha"]
    assert [step.id for step in alpha.next_steps] == ["deploy"]
    assert alpha.gaps[0].next_steps == ["deploy"]


def test_a_step_counts_as_done_only_at_its_done_when_answer(mini: QuestionnaireSet) -> None:
    # use_git is done at code_vc >= mostly: at `partially` it stays in the plan for both criteria.
    alpha = assess(mini, make_answers(**{**TOP, "code_vc": "partially", "auto_deploy": "mostly"})).models["alpha"]
    use_git = next(step for step in alpha.next_steps if step.id == "use_git")
    assert [unlock.criterion for unlock in use_git.unlocks] == ["a1_code", "a2_deploy"]
