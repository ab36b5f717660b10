"""Scope: a team that trains no models says so once; the training questions are then n/a.

Each test calls `in_scope`, then `engine.scoring.score`, as scoring does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mlops_maturity.answers.model import AnswersFile
from mlops_maturity.engine.assessment import Status
from mlops_maturity.engine.scope import SCOPE_SOURCE, SET_ASIDE, combined_scope, in_scope, scope_reason
from mlops_maturity.engine.scoring import score
from mlops_maturity.questionnaire.model import QuestionnaireSet

from ..conftest import make_answers
from ..questionnaire.scoped import REASON, load_scoped_mini

TRAINING_NO = dict.fromkeys(
    (
        "experiment_tracking",
        "same_pipeline_dev_prod",
        "modular_components",
        "automated_data_pipeline",
        "training_pipeline",
        "continuous_training",
        "retraining_triggered_by_monitoring",
        "pipeline_ci",
        "pipeline_cd",
        "pipeline_staged_delivery",
        "training_code_versioned",
        "deployment_traceability",
        "pipeline_component_tests",
        "data_validation",
        "managed_compute",
        "pipeline_metadata",
        "model_reproducible",
        "training_performance_tracking",
    ),
    "no",
)
"""The issue's team answers `no` to the training questions it cannot say do not apply."""

HOSTED_MODEL_TEAM: dict[str, Any] = {
    # Prompts, retrieval and evaluation suites on a hosted foundation model, released
    # automatically behind a traffic flag, every answer traced.
    "feature_store": {"answer": "n/a", "note": "No engineered features."},
    "app_ci_builds": "fully",
    "app_release_automation": "fully",
    "automated_model_deployment": "fully",
    "model_integration_automated": "mostly",
    "model_environments": "mostly",
    "online_validation": "fully",
    "online_experiments": "mostly",
    "zero_downtime_releases": "fully",
    "code_version_control": "fully",
    "scoring_code_versioned": "fully",
    "model_registry": "partially",
    "app_unit_tests": "fully",
    "app_integration_tests": "mostly",
    "all_code_tests": "mostly",
    "scoring_code_tests": "mostly",
    "model_integration_tests": "mostly",
    "batch_data_validation": {"answer": "n/a", "note": "Online answers only."},
    "model_validation": "fully",
    "segment_validation": "mostly",
    "load_tests": "mostly",
    "prediction_logging": "fully",
    "performance_monitoring": "mostly",
    "drift_monitoring": "partially",
    "service_monitoring": "fully",
    "monitoring_alerts": "mostly",
    "ds_de_collaboration": {"answer": "n/a", "note": "No data engineers."},
    "model_handoff_to_engineers": "fully",
    "se_release_ownership": "fully",
    "shared_io_contracts": "mostly",
    "se_de_integration": {"answer": "n/a", "note": "No data engineers."},
    "release_without_ds": "mostly",
    "ds_se_data_markers": "mostly",
    "se_post_deployment_metrics": "mostly",
}


def team(questionnaires: QuestionnaireSet, scope: dict[str, bool] | None = None, /, **answers: Any) -> AnswersFile:
    return AnswersFile.model_validate(
        {
            "questionnaire_version": questionnaires.version,
            "team": "Support assistant",
            "date": "2027-01-10",
            "scope": scope or {},
            "answers": answers,
        }
    )


def training_questions(questionnaires: QuestionnaireSet) -> set[str]:
    return set(questionnaires.scopes_by_id["trains_models"].questions)


def test_the_shipped_scope_lists_the_training_questions_and_keeps_what_a_hosted_model_team_does(
    shipped: QuestionnaireSet,
) -> None:
    listed = training_questions(shipped)
    assert set(TRAINING_NO) | {"feature_store"} == listed
    # What a team evaluating, releasing and watching a hosted model does stays asked.
    for kept in ("model_validation", "online_validation", "automated_model_deployment", "prediction_logging"):
        assert kept not in listed
    assert listed <= set(shipped.questions_by_id)


def test_without_the_scope_the_issues_team_is_first_told_to_build_training(shipped: QuestionnaireSet) -> None:
    # The issue as reported: the first three steps are about training the team does not do.
    result = score(shipped, in_scope(team(shipped, **HOSTED_MODEL_TEAM, **TRAINING_NO), shipped))
    training = training_questions(shipped)
    for step in result.plan[:3]:
        assert set(shipped.steps_by_id[step.id].done_when) <= training, step.id


def test_a_team_that_trains_no_models_gets_no_step_about_training(shipped: QuestionnaireSet) -> None:
    answers = team(shipped, {"trains_models": False}, **HOSTED_MODEL_TEAM)
    result = score(shipped, in_scope(answers, shipped))
    training = training_questions(shipped)
    for step in result.plan:
        assert not set(shipped.steps_by_id[step.id].done_when) <= training, step.id
    assert [step.id for step in result.plan] == ["adopt_model_registry", "monitor_drift"]
    assert result.unanswered == []


def test_the_criteria_on_training_do_not_apply_and_the_levels_rest_on_the_others(shipped: QuestionnaireSet) -> None:
    result = score(shipped, in_scope(team(shipped, {"trains_models": False}, **HOSTED_MODEL_TEAM), shipped))
    training = training_questions(shipped)
    for model in result.models.values():
        for level in model.levels:
            for criterion in level.criteria:
                if {question.question for question in criterion.questions} <= training:
                    assert criterion.status is Status.not_applicable, criterion.id
    google = {c.id: c for level in result.models["google"].levels for c in level.criteria}
    assert google["g1_orchestrated_pipeline"].status is Status.not_applicable
    assert google["g1_model_validation_offline"].status is Status.met
    assert google["g1_model_validation_online"].status is Status.met
    # Where a level's defining change is training (Google 1 and 2's pipelines, Microsoft 3's
    # automated training), it does not apply: the level rests on its other criteria, every
    # one met, and a registry for some models only is what stops Google 2 and Microsoft 3.
    assert result.models["google"].level == 1
    microsoft = result.models["microsoft"]
    assert microsoft.level == 2
    assert microsoft.gaps[0].criterion == "ms3_model_management" and not microsoft.gaps[0].tolerated


def test_saying_only_that_the_team_trains_nothing_reaches_no_level(shipped: QuestionnaireSet) -> None:
    # n/a counts as met, but every level still has criteria that apply: unanswered, not met.
    result = score(shipped, in_scope(team(shipped, {"trains_models": False}), shipped))
    assert result.models["google"].level == 0
    assert result.models["microsoft"].level == 1
    assert not set(result.unanswered) & training_questions(shipped)


def test_each_question_out_of_scope_is_na_with_the_scopes_reason(shipped: QuestionnaireSet) -> None:
    scoped = in_scope(team(shipped, {"trains_models": False}), shipped)
    reason = shipped.scopes_by_id["trains_models"].out_of_scope_reason
    for question_id in training_questions(shipped):
        given = scoped.answers[question_id]
        assert (given.answer, given.note, given.source) == ("n/a", reason, SCOPE_SOURCE)
    result = score(shipped, scoped)
    answered = {question.id: question for question in result.answers}
    assert answered["training_pipeline"].answer_label == "Not applicable"
    assert answered["training_pipeline"].note == reason


def test_an_answer_given_out_of_scope_is_set_aside_and_kept_in_the_note(mini_scoped: QuestionnaireSet) -> None:
    answers = team(
        mini_scoped,
        {"trains_models": False},
        tracking={"answer": "mostly", "note": "MLflow.", "evidence": ["https://mlflow.example.com"]},
        pipeline="no",
    )
    scoped = in_scope(answers, mini_scoped)
    assert scoped.answers["tracking"].answer == "n/a"
    assert scoped.answers["tracking"].note == f"{REASON}{SET_ASIDE} the file's answer 'mostly', with the note: MLflow."
    assert scoped.answers["pipeline"].note == f"{REASON}{SET_ASIDE} the file's answer 'no'."
    assert scope_reason(scoped.answers["tracking"].note or "") == REASON
    # The file's answers themselves are untouched: saying true again brings them back.
    assert answers.answers["tracking"].answer == "mostly"
    assert answers.answers["tracking"].evidence == ("https://mlflow.example.com",)
    back = score(mini_scoped, in_scope(answers.model_copy(update={"scope": {"trains_models": True}}), mini_scoped))
    assert {question.id: question.answer for question in back.answers}["tracking"] == "mostly"


def test_the_same_answers_are_returned_when_nothing_is_out_of_scope(mini_scoped: QuestionnaireSet) -> None:
    for scope in ({}, {"trains_models": True}):
        answers = team(mini_scoped, scope, tracking="no")
        assert in_scope(answers, mini_scoped) is answers


def test_a_questionnaire_without_scopes_ignores_the_key(mini: QuestionnaireSet) -> None:
    answers = make_answers(tracking="no").model_copy(update={"scope": {"trains_models": False}})
    assert in_scope(answers, mini) is answers


def test_on_the_mini_questionnaire_the_scope_lifts_both_models_past_their_training_criteria(
    mini_scoped: QuestionnaireSet,
) -> None:
    given = {"code_vc": "fully", "feature_store": "mostly", "auto_deploy": "fully"}
    trains = score(mini_scoped, in_scope(team(mini_scoped, {}, **given), mini_scoped))
    assert trains.models["alpha"].level == 0 and trains.models["beta"].level == 1
    nothing = score(mini_scoped, in_scope(team(mini_scoped, {"trains_models": False}, **given), mini_scoped))
    assert nothing.models["alpha"].level == 2 and nothing.models["beta"].level == 2
    assert nothing.plan == []


@pytest.mark.parametrize(
    ("scopes", "combined"),
    [
        ([{"trains_models": False}, {"trains_models": False}], {"trains_models": False}),
        ([{"trains_models": False}, {"trains_models": True}], {"trains_models": True}),
        ([{"trains_models": False}, {}], {"trains_models": True}),  # not said: the questions apply
        ([{}, {}], {}),
    ],
)
def test_combined_respondents_put_a_scope_out_only_when_all_do(
    mini_scoped: QuestionnaireSet, scopes: list[dict[str, bool]], combined: dict[str, bool]
) -> None:
    assert combined_scope([team(mini_scoped, scope) for scope in scopes]) == combined


@pytest.fixture
def mini_scoped(tmp_path: Path) -> QuestionnaireSet:
    return load_scoped_mini(tmp_path / "scoped")
