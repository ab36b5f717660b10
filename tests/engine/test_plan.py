"""The plan's order (engine.plan): what caused an incident, safeguards, then the next level,
then the levels after, prerequisites first; and what a level hinges on."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from mlops_maturity.answers.load import load_answers
from mlops_maturity.engine.assessment import Assessment, NextStepResult, Priority
from mlops_maturity.engine.scoring import score
from mlops_maturity.questionnaire.folder import load_questionnaires
from mlops_maturity.questionnaire.model import QuestionnaireSet

from ..conftest import EXAMPLES, MINI, make_answers

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))


def _assert_next_level_first(plan: list[NextStepResult], questionnaires: QuestionnaireSet) -> None:
    """No step for a higher level comes before one the next level needs, but safeguards and prerequisites."""
    steps = questionnaires.steps_by_id
    prerequisites = {prerequisite for step in plan for prerequisite in steps[step.id].after}
    order = [(step.id, step.priority.value) for step in plan]
    for index, step in enumerate(plan):
        if step.priority is Priority.incident:
            # Only what caused an incident, and what it cannot be built without, comes first.
            assert all(
                earlier.priority is Priority.incident or earlier.id in prerequisites for earlier in plan[:index]
            ), order
        if step.priority is Priority.safeguard:
            # Only what holds a level, safeguards, and what they (or later steps) need first,
            # come before a safeguard.
            assert all(
                earlier.priority in (Priority.incident, Priority.holds_level, Priority.safeguard)
                or earlier.id in prerequisites
                for earlier in plan[:index]
            ), order
        if step.priority is Priority.later and step.id not in prerequisites:
            assert all(later.priority is not Priority.next_level for later in plan[index + 1 :]), order


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda path: path.stem)
def test_every_examples_plan_puts_the_next_level_first(shipped: QuestionnaireSet, path: Path) -> None:
    result = score(shipped, load_answers(path, shipped).answers)
    _assert_next_level_first(result.plan, shipped)
    for model in result.models.values():
        _assert_next_level_first(model.next_steps, shipped)


def test_the_model_closest_to_its_next_level_comes_first(mini: QuestionnaireSet) -> None:
    # alpha needs two criteria for level 1; beta needs one: beta's step comes first.
    result = score(mini, make_answers(code_vc="fully", tracking="no", pipeline="no"))
    assert result.models["beta"].gaps and result.models["alpha"].gaps
    closest = min(result.models.values(), key=lambda model: len(model.gaps))
    first = result.plan[0]
    assert any(unlock.model == closest.id and unlock.level.number == closest.level + 1 for unlock in first.unlocks)


@pytest.fixture
def guarded(tmp_path: Path) -> QuestionnaireSet:
    """The mini questionnaire where `features` must come after `automate`, `track` guards
    automated deployment, and `automate` has a text for teams that have part of it."""
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    bank = yaml.safe_load((folder / "questions.yaml").read_text(encoding="utf-8"))
    steps = {step["id"]: step for step in bank["steps"]}
    steps["features"]["after"] = ["automate"]
    steps["track"]["safeguards"] = {"auto_deploy": "mostly"}
    steps["automate"]["partial_action"] = "Schedule the training you already script."
    (folder / "questions.yaml").write_text(yaml.safe_dump(bank, sort_keys=False), encoding="utf-8")
    return load_questionnaires(folder)


def test_a_safeguard_for_what_the_team_already_automates_comes_first(guarded: QuestionnaireSet) -> None:
    # Deployed automatically, experiments untracked: tracking comes before use_git, although
    # use_git is as much a level-1 need; only the one criterion holding beta from its next
    # level (the pipeline) comes before it.
    result = score(guarded, make_answers(code_vc="no", tracking="no", auto_deploy="fully"))
    assert [step.id for step in result.plan[:3]] == ["automate", "track", "use_git"]
    assert result.plan[1].priority is Priority.safeguard
    without = score(guarded, make_answers(code_vc="no", tracking="no", auto_deploy="no"))
    assert without.plan[0].priority is Priority.next_level


def test_a_prerequisite_comes_before_what_depends_on_it(guarded: QuestionnaireSet) -> None:
    result = score(guarded, make_answers(code_vc="fully", tracking="fully", pipeline="no", feature_store="no"))
    order = [step.id for step in result.plan]
    assert order.index("automate") < order.index("features")


def test_a_gap_that_caused_an_incident_leads_the_plan_and_says_so(guarded: QuestionnaireSet) -> None:
    # Without the incident, the plan starts with the level-1 steps; the feature store is far off.
    calm = score(guarded, make_answers(code_vc="no", tracking="no", pipeline="fully", feature_store="no"))
    assert calm.plan[0].id != "features" and calm.plan[0].priority is not Priority.incident
    incident = {"answer": "no", "incident": True}
    hurt = score(guarded, make_answers(code_vc="no", tracking="no", pipeline="fully", feature_store=incident))
    assert hurt.plan[0].id == "features"
    assert hurt.plan[0].priority is Priority.incident and hurt.plan[0].incidents == ["feature_store"]
    assert all(step.priority is not Priority.incident for step in hurt.plan[1:])
    # The rest of the plan keeps its order.
    assert [step.id for step in hurt.plan[1:]] == [step.id for step in calm.plan if step.id != "features"]
    # Each model's own plan says the same.
    for model in hurt.models.values():
        if any(step.id == "features" for step in model.next_steps):
            assert model.next_steps[0].id == "features"


def test_a_step_that_closes_an_incident_leads_only_where_nothing_it_builds_on_is_missing(
    guarded: QuestionnaireSet,
) -> None:
    # `features` comes after `automate`. With no pipeline at all, the pipeline is the first
    # thing to build, and the plan keeps its order; with a pipeline in part, the incident's
    # step goes first and finishing the pipeline comes where the rule puts it.
    incident = {"answer": "no", "incident": True}
    calm = score(guarded, make_answers(code_vc="no", tracking="fully", pipeline="no", feature_store="no"))
    missing = score(guarded, make_answers(code_vc="no", tracking="fully", pipeline="no", feature_store=incident))
    assert [step.id for step in missing.plan] == [step.id for step in calm.plan]
    assert all(step.priority is not Priority.incident for step in missing.plan)
    waiting = next(step for step in missing.plan if step.id == "features")
    assert waiting.incidents == ["feature_store"]  # still said: the report marks the gap
    started = score(guarded, make_answers(code_vc="no", tracking="fully", pipeline="partially", feature_store=incident))
    assert started.plan[0].id == "features" and started.plan[0].priority is Priority.incident
    assert [step.id for step in started.plan].index("automate") > 0


def _mini_with(tmp_path: Path, name: str, **changes: dict[str, object]) -> QuestionnaireSet:
    """The mini questionnaire with some steps' fields changed (step id -> fields)."""
    folder = tmp_path / name
    shutil.copytree(MINI, folder)
    bank = yaml.safe_load((folder / "questions.yaml").read_text(encoding="utf-8"))
    steps = {step["id"]: step for step in bank["steps"]}
    for step_id, fields in changes.items():
        steps[step_id].update(fields)
    (folder / "questions.yaml").write_text(yaml.safe_dump(bank, sort_keys=False), encoding="utf-8")
    return load_questionnaires(folder)


def _leading(result: Assessment) -> list[str]:
    return [step.id for step in result.plan if step.priority is Priority.incident]


def test_a_practice_in_place_in_part_that_caused_an_incident_leads_where_it_lacks_one_foundation_that_can_start(
    guarded: QuestionnaireSet, tmp_path: Path
) -> None:
    # The team has a feature store in part (`partially`), and it hurt; `features` comes after
    # `automate`, and the team has no pipeline, which builds on nothing missing: finishing
    # the feature store leads, and the pipeline comes where the rest of the order puts it.
    hurt = {"answer": "partially", "incident": True}
    answers = make_answers(code_vc="no", tracking="fully", pipeline="no", feature_store=hurt)
    result = score(guarded, answers)
    assert (result.plan[0].id, result.plan[0].priority, result.plan[0].incidents) == (
        "features",
        Priority.incident,
        ["feature_store"],
    )
    calm = score(guarded, make_answers(code_vc="no", tracking="fully", pipeline="no", feature_store="partially"))
    assert [step.id for step in result.plan[1:]] == [step.id for step in calm.plan if step.id != "features"]
    # The pipeline itself waits for version control: missing outright, the foundation is more
    # than a step away and the plan keeps its order; in place in part, the pipeline can start.
    deeper = _mini_with(tmp_path, "deeper", features={"after": ["automate"]}, automate={"after": ["use_git"]})
    assert _leading(score(deeper, answers)) == []
    order = [step.id for step in score(deeper, answers).plan]
    assert order.index("use_git") < order.index("automate") < order.index("features")
    started = make_answers(code_vc="partially", tracking="fully", pipeline="no", feature_store=hurt)
    assert _leading(score(deeper, started)) == ["features"]
    # Two foundations missing outright: the plan keeps its order.
    two = _mini_with(tmp_path, "two", features={"after": ["automate", "track"]})
    lacking_two = make_answers(code_vc="no", tracking="no", pipeline="no", feature_store=hurt)
    assert _leading(score(two, lacking_two)) == []
    # The answer that caused the incident must be the one in place in part: another question
    # of the same step in part does not make the team's practice half done.
    other = _mini_with(
        tmp_path,
        "other",
        features={"after": ["automate"], "done_when": {"feature_store": "mostly", "tracking": "mostly"}},
    )
    at_no = make_answers(
        code_vc="no", tracking="partially", pipeline="no", feature_store={"answer": "no", "incident": True}
    )
    assert _leading(score(other, at_no)) == []
    at_partially = make_answers(code_vc="no", tracking="partially", pipeline="no", feature_store=hurt)
    assert _leading(score(other, at_partially)) == ["features"]


def test_of_several_incidents_those_that_can_start_now_lead(guarded: QuestionnaireSet) -> None:
    # Both gaps caused incidents; `features` waits for `automate` (no pipeline), `track` for nothing.
    incident = {"answer": "no", "incident": True}
    result = score(guarded, make_answers(code_vc="fully", pipeline="no", tracking=incident, feature_store=incident))
    assert result.plan[0].id == "track" and result.plan[0].priority is Priority.incident
    order = [step.id for step in result.plan]
    assert order.index("automate") < order.index("features")


def test_an_incident_on_a_gap_already_closed_moves_nothing(guarded: QuestionnaireSet) -> None:
    calm = score(guarded, make_answers(code_vc="no", tracking="no", pipeline="fully"))
    closed = score(guarded, make_answers(code_vc="no", tracking="no", pipeline={"answer": "fully", "incident": True}))
    assert [step.id for step in closed.plan] == [step.id for step in calm.plan]
    assert all(not step.incidents for step in closed.plan)


def test_a_team_with_part_of_a_step_gets_the_step_from_where_it_is(guarded: QuestionnaireSet) -> None:
    started = score(guarded, make_answers(**{"code_vc": "fully", "tracking": "fully", "pipeline": "partially"}))
    automate = next(step for step in started.plan if step.id == "automate")
    assert automate.partial and automate.action == "Schedule the training you already script."
    fresh = score(guarded, make_answers(**{"code_vc": "fully", "tracking": "fully", "pipeline": "no"}))
    automate = next(step for step in fresh.plan if step.id == "automate")
    assert not automate.partial and automate.action == "Automate training."


def test_one_answer_away_and_fragile_answers_are_found(mini: QuestionnaireSet) -> None:
    # alpha level 1 holds with tracking exactly at its minimum; level 2 needs only the pipeline.
    answers = make_answers(
        code_vc="fully", tracking="partially", pipeline="partially", feature_store="mostly", auto_deploy="fully"
    )
    alpha = score(mini, answers).models["alpha"]
    assert alpha.level == 1
    assert [(hinge.question, hinge.changed_to, hinge.level) for hinge in alpha.hinges.one_answer_away] == [
        ("pipeline", "mostly", 2)
    ]
    assert ("tracking", "no", 0) in [(hinge.question, hinge.changed_to, hinge.level) for hinge in alpha.hinges.fragile]
    # code_vc is above its minimum: one step lower still meets it.
    assert "code_vc" not in [hinge.question for hinge in alpha.hinges.fragile]


def test_estimates_come_first_among_the_hinges(mini: QuestionnaireSet) -> None:
    answers = make_answers(
        code_vc="mostly", tracking={"answer": "partially", "estimate": True}, pipeline="no", auto_deploy="no"
    )
    alpha = score(mini, answers).models["alpha"]
    assert alpha.hinges.fragile[0].question == "tracking"
    assert alpha.hinges.fragile[0].estimate


def test_a_step_that_does_not_complete_the_last_criterion_does_not_lead_as_a_new_level(
    shipped: QuestionnaireSet,
) -> None:
    # Microsoft level 4 lacks only automatic release; handing releases to engineers is one of
    # that criterion's steps but leaves it unmet, so automating deployment comes first.
    answers = {question.id: "fully" for question in shipped.bank.questions}
    answers.update(automated_model_deployment="no", se_release_ownership="partially")
    microsoft = score(shipped, make_answers(shipped.version, **answers)).models["microsoft"]
    assert microsoft.level == 3
    assert microsoft.next_steps[0].id == "automate_model_deployment"


def test_of_the_safeguards_the_data_checks_come_before_the_model_gate(shipped: QuestionnaireSet) -> None:
    """A team retraining on a schedule with no checks: the data checks, then the model gate.

    A model gate that evaluates on the same broken extract can pass a model trained on it;
    Google's data validation "is required before model training".
    """
    answers = {question.id: "fully" for question in shipped.bank.questions}
    # Drift monitoring and zero-downtime releases missing too (and data markers, which as a
    # supporting criterion weigh half), so that Microsoft's level 5 is more than its tolerance
    # short; online validation and three more of Google's level-1 components too, so that
    # Google's level 1 is: no step holds a level.
    answers.update(
        data_validation="no",
        model_validation="no",
        segment_validation="no",
        ds_se_data_markers="no",
        drift_monitoring="no",
        zero_downtime_releases="no",
        online_validation="no",
        modular_components="no",
        pipeline_metadata="no",
        same_pipeline_dev_prod="no",
    )
    plan = score(shipped, make_answers(shipped.version, **answers)).plan
    assert [(step.id, step.priority) for step in plan[:2]] == [
        ("add_data_validation", Priority.safeguard),
        ("add_model_validation_gate", Priority.safeguard),
    ]
    # Where Google's levels are reached with the checks short, the checks hold them, and come
    # first in the same order: risk before polish among the practices a level lacks.
    answers.update(modular_components="fully", pipeline_metadata="fully", same_pipeline_dev_prod="fully")
    holding = score(shipped, make_answers(shipped.version, **answers))
    assert holding.models["google"].level == 2
    assert [(step.id, step.priority) for step in holding.plan[:2]] == [
        ("add_data_validation", Priority.holds_level),
        ("add_model_validation_gate", Priority.holds_level),
    ]


@pytest.mark.parametrize(("training_pipeline", "safeguard"), [("fully", True), ("no", False)])
def test_pipeline_ci_guards_automated_releases_only_where_there_is_a_pipeline(
    shipped: QuestionnaireSet, training_pipeline: str, safeguard: bool
) -> None:
    # Models released automatically, pipeline code changed without CI: where a training
    # pipeline exists, its CI is in the path to production and comes first, before the
    # next level's steps; where training is by hand, there is no pipeline to test yet.
    answers: dict[str, object] = {question.id: "fully" for question in shipped.bank.questions}
    answers.update(pipeline_ci="no", model_registry="no", training_pipeline=training_pipeline, drift_monitoring="no")
    plan = score(shipped, make_answers(shipped.version, **answers)).plan
    step = next(step for step in plan if step.id == "set_up_pipeline_ci")
    assert (step.priority is Priority.safeguard) is safeguard


def test_a_gap_that_caused_an_incident_is_closed_where_the_criteria_it_serves_are_met(
    shipped: QuestionnaireSet,
) -> None:
    # `partially` meets Google's batch-input criterion, so no level needs its step; the team
    # says that gap hurt, so the step leads the plan all the same, unlocking nothing.
    version = shipped.version
    calm = score(shipped, make_answers(version, batch_data_validation="partially"))
    assert "validate_batch_inputs" not in [step.id for step in calm.plan]
    hurt = score(shipped, make_answers(version, batch_data_validation={"answer": "partially", "incident": True}))
    first = hurt.plan[0]
    assert (first.id, first.priority, first.unlocks, first.incidents) == (
        "validate_batch_inputs",
        Priority.incident,
        [],
        ["batch_data_validation"],
    )
    assert [step.id for step in hurt.plan[1:]] == [step.id for step in calm.plan]
    # In no model's own steps: it serves none of their next levels.
    assert all("validate_batch_inputs" not in [step.id for step in model.next_steps] for model in hurt.models.values())
    done = score(shipped, make_answers(version, batch_data_validation={"answer": "mostly", "incident": True}))
    assert "validate_batch_inputs" not in [step.id for step in done.plan]


def test_an_incident_leads_only_the_step_that_closes_its_gap(tmp_path: Path) -> None:
    # `tracking` is asked by two steps: `track` is done at `mostly`, `features` (which also
    # asks for the feature store) at `partially`. A `partially` that caused an incident is
    # closed by `track`; `features` is still open, for the feature store, but not for it.
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    bank = yaml.safe_load((folder / "questions.yaml").read_text(encoding="utf-8"))
    steps = {step["id"]: step for step in bank["steps"]}
    steps["track"]["done_when"] = {"tracking": "mostly"}
    steps["features"]["done_when"] = {"feature_store": "mostly", "tracking": "partially"}
    (folder / "questions.yaml").write_text(yaml.safe_dump(bank, sort_keys=False), encoding="utf-8")
    questionnaires = load_questionnaires(folder)
    answers = make_answers(
        code_vc="fully", pipeline="fully", feature_store="no", tracking={"answer": "partially", "incident": True}
    )
    plan = score(questionnaires, answers).plan
    assert (plan[0].id, plan[0].priority, plan[0].incidents) == ("track", Priority.incident, ["tracking"])
    features = next(step for step in plan if step.id == "features")
    assert features.incidents == [] and features.priority is not Priority.incident
