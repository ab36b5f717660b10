"""The level rule: one criterion short does not erase every level above it.

A team with everything in place but one criterion answered short of what it needs (an
honest estimate, or one practice the team lacks) keeps its level; the report names that
criterion first, and the plan has its step (first, when nothing else is open). A criterion
one step short weighs half of one further short, and checks the source lists under one item
weigh as one (half, where the item itself is met). The criterion a level
is named for, an unanswered requirement or more short than the model's tolerance still stops
the level, and `--strict` gives the every-criterion level.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from mlops_maturity.answers.model import AnswersFile
from mlops_maturity.engine.assessment import Priority
from mlops_maturity.engine.level_rule import Shortfall, criterion_shortfall, reached_level, requirement_shortfall
from mlops_maturity.engine.scope import in_scope
from mlops_maturity.engine.scoring import score
from mlops_maturity.questionnaire.model import QuestionnaireSet

from ..conftest import CliRun, make_answers


def everything(shipped: QuestionnaireSet, **changes: object) -> AnswersFile:
    answers: dict[str, object] = {question.id: "fully" for question in shipped.bank.questions}
    answers.update(changes)
    return make_answers(shipped.version, **answers)


def test_one_answer_tolerated_keeps_the_level_and_leads_the_gaps(
    shipped: QuestionnaireSet,
) -> None:
    # Microsoft level 3 asks that engineers manage model releases ("mostly"); "partially" is
    # one step short, what an honest estimate often is.
    result = score(shipped, everything(shipped, se_release_ownership="partially"))
    microsoft = result.models["microsoft"]
    assert microsoft.level == 5
    assert microsoft.strict.number == 2
    first = microsoft.gaps[0]
    assert first.tolerated and first.criterion == "ms3_release_by_se_team" and first.level.number == 3
    assert microsoft.next_steps[0].id in first.next_steps
    assert microsoft.next_steps[0].priority is Priority.holds_level
    assert result.plan[0].id == microsoft.next_steps[0].id


def test_one_practice_missing_outright_is_tolerated_too(shipped: QuestionnaireSet) -> None:
    # A shadow deployment where Google's level 1 names a canary: "no", but the rest of level 1
    # and all of level 2 hold, and "Manual process" would describe another team.
    google = score(shipped, everything(shipped, online_validation="no")).models["google"]
    assert google.level == 2
    assert google.strict.number == 0
    assert [gap.criterion for gap in google.gaps if gap.tolerated] == ["g1_model_validation_online"]


@pytest.mark.parametrize(
    ("model_id", "changes", "below", "why"),
    [
        ("microsoft", {"training_pipeline": "partially"}, 3, "the change level 3 is named for"),
        (
            "microsoft",
            {"retraining_triggered_by_monitoring": "partially"},
            5,
            "level 5's defining change, a step short",
        ),
        ("google", {"continuous_training": "partially"}, 1, "Google's level 1 is continuous training"),
        ("google", {"pipeline_cd": "partially"}, 2, "Google's level 2 is CI/CD of the pipelines"),
        ("microsoft", {"se_release_ownership": None}, 3, "unanswered"),
        (
            "microsoft",
            {"se_release_ownership": "no", "model_registry": "no", "managed_compute": "no", "model_environments": "no"},
            4,
            "four practices missing outright: 4 past the tolerance of 3",
        ),
        (
            "microsoft",
            {
                "se_release_ownership": "partially",
                "model_registry": "partially",
                "managed_compute": "partially",
                "experiment_tracking": "partially",
                "model_environments": "partially",
                "online_experiments": "partially",
                "scoring_code_tests": "partially",
            },
            4,
            "a seventh near miss",
        ),
        (
            "microsoft",
            {"se_release_ownership": "no", "model_registry": "partially", "scoring_code_versioned": "no"},
            3,
            "'no' where 'partially' is asked: an absence, never a near miss",
        ),
        (
            "google",
            {
                "online_validation": "no",
                "model_registry": "no",
                "load_tests": "no",
                "feature_store": "no",
                "modular_components": "no",
                "pipeline_metadata": "no",
            },
            2,
            "six practices missing outright: 6 past Google's tolerance of 5",
        ),
    ],
)
def test_what_still_stops_a_level(
    shipped: QuestionnaireSet, model_id: str, changes: dict[str, object], below: int, why: str
) -> None:
    result = score(shipped, everything(shipped, **changes)).models[model_id]
    assert result.level < below, why
    assert not any(gap.tolerated and gap.level.number > result.level for gap in result.gaps), why


def test_a_miss_below_uses_the_tolerance_of_every_level_above(shipped: QuestionnaireSet) -> None:
    # Three criteria missing outright at Microsoft level 3 (Automated Training) and one at level
    # 4: level 3 is reached with the first three tolerated, and level 4 stops at the fourth.
    answers = everything(
        shipped, se_release_ownership="no", model_registry="no", managed_compute="no", model_environments="no"
    )
    microsoft = score(shipped, answers).models["microsoft"]
    assert microsoft.level == 3
    assert [gap.criterion for gap in microsoft.gaps if gap.tolerated] == [
        "ms3_managed_compute",
        "ms3_model_management",
        "ms3_release_by_se_team",
    ]


def test_each_level_names_its_defining_criteria(shipped: QuestionnaireSet) -> None:
    defining = {
        model.id: {level.number: [c.id for c in level.criteria if c.defining] for level in model.levels[1:]}
        for model in shipped.models
    }
    assert defining == {
        "google": {1: ["g1_orchestrated_pipeline", "g1_continuous_training"], 2: ["g2_pipeline_ci", "g2_pipeline_cd"]},
        "microsoft": {
            2: ["ms2_automated_builds"],
            3: ["ms3_automated_training"],
            4: ["ms4_automatic_release"],
            5: ["ms5_retraining_from_production_metrics"],
        },
    }


def test_strict_scoring_tolerates_nothing(shipped: QuestionnaireSet) -> None:
    answers = everything(shipped, se_release_ownership="partially")
    strict = score(shipped, answers, strict=True).models["microsoft"]
    assert strict.level == strict.strict.number == 2
    assert not any(gap.tolerated for gap in strict.gaps)


def test_the_shipped_models_declare_their_tolerance(shipped: QuestionnaireSet) -> None:
    assert {model.id: model.tolerance for model in shipped.models} == {"google": 5, "microsoft": 3}


def test_a_questionnaire_that_declares_no_tolerance_keeps_the_every_criterion_rule(mini: QuestionnaireSet) -> None:
    assert all(model.tolerance == 0 for model in mini.models)
    alpha = score(mini, make_answers(code_vc="fully", tracking="no")).models["alpha"]
    assert alpha.level == alpha.strict.number


def test_the_rule_on_its_own() -> None:
    met, near, missed, blocking = Shortfall.MET, Shortfall.NEAR_MISS, Shortfall.MISSED, Shortfall.BLOCKING
    assert requirement_shortfall(2, 2) is met
    assert requirement_shortfall(1, 2) is near
    assert requirement_shortfall(0, 2) is missed  # "no" where "mostly" is required
    assert requirement_shortfall(-1, 1) is blocking  # unanswered
    assert requirement_shortfall(1 << 30, 3) is met  # n/a
    assert criterion_shortfall([met, near, missed]) is missed
    assert criterion_shortfall([met, near], defining=True) is blocking
    assert criterion_shortfall([met, met], defining=True) is met
    assert criterion_shortfall([met, blocking]) is blocking
    # A supporting criterion missed weighs as a near miss; unanswered, it still blocks.
    assert criterion_shortfall([met, missed], supporting=True) is near
    assert criterion_shortfall([near], supporting=True) is near
    assert criterion_shortfall([missed, blocking], supporting=True) is blocking
    # Tolerances in halves: a near miss weighs 1, a miss 2.
    assert reached_level([[], [met, missed], [met], [missed]], 2) == (2, [(1, 1)], 2)
    assert reached_level([[], [met, near], [near], [near]], 2) == (2, [(1, 1), (2, 0)], 2)
    assert reached_level([[], [met, missed], [met], [missed]], 0) == (0, [], 0)
    assert reached_level([[], [met], [blocking], [met]], 10) == (1, [], 0)
    # Criteria counted together weigh as the heaviest of them.
    assert reached_level([[], [missed, missed, near]], 2, [[], [0, 0, 0]]) == (1, [(1, 0), (1, 1), (1, 2)], 2)
    assert reached_level([[], [missed, missed, near]], 2, [[], [0, 0, 2]]) == (0, [], 0)


def test_score_strict_gates_on_the_every_criterion_level(
    cli: CliRun, shipped: QuestionnaireSet, tmp_path: Path
) -> None:
    path = tmp_path / "answers.yaml"
    answers = {question.id: "fully" for question in shipped.bank.questions}
    answers["se_release_ownership"] = "partially"
    path.write_text(
        yaml.safe_dump(
            {"questionnaire_version": shipped.version, "team": "T", "date": "2026-11-01", "answers": answers}
        ),
        encoding="utf-8",
    )
    shown = cli("score", path, "--format", "json", "--fail-under", "microsoft=5")
    assert shown.returncode == 0, shown.stderr
    result = json.loads(shown.stdout)["models"]["microsoft"]
    assert result["level"] == 5
    assert result["strict"]["number"] == 2
    assert result["strict"]["label"] == "Level 2 (Microsoft level 1): DevOps but no MLOps"
    assert result["gaps"][0]["tolerated"] is True
    strict = cli("score", path, "--format", "json", "--strict", "--fail-under", "microsoft=5")
    assert strict.returncode == 1
    assert json.loads(strict.stdout)["models"]["microsoft"]["level"] == 2


def test_two_near_misses_weigh_as_one_miss(shipped: QuestionnaireSet) -> None:
    # Two honest estimates a step short (engineers manage most releases; a registry for some
    # models) keep Microsoft level 5; both are named, lowest level first.
    microsoft = score(
        shipped, everything(shipped, se_release_ownership="partially", model_environments="partially")
    ).models["microsoft"]
    assert microsoft.level == 5
    assert microsoft.strict.number == 2
    assert [gap.criterion for gap in microsoft.gaps if gap.tolerated] == [
        "ms3_release_by_se_team",
        "ms4_managed_environments",
    ]


def test_checks_the_source_lists_under_one_item_weigh_as_one(shipped: QuestionnaireSet) -> None:
    # Google lists segment consistency and deployment tests under offline model validation,
    # and the monitoring stage's output under the stage. Where the item itself is met, its
    # checks missing outright leave it in place in part: a near miss (0.5) for the item.
    checks = {"segment_validation": "no", "model_integration_tests": "no"}
    besides = {"model_registry": "no", "load_tests": "no", "feature_store": "no", "modular_components": "no"}
    google = score(shipped, everything(shipped, **checks, monitoring_alerts="no")).models["google"]
    assert google.level == 2  # 0.5 + 0.5
    assert {gap.criterion for gap in google.gaps if gap.tolerated} >= {
        "g1_segment_consistency",
        "g1_deployment_compatibility",
        "g2_monitoring_triggers",
    }
    # Four separate practices missing outright besides (4) reach Google's tolerance of 5, and
    # a fifth passes it.
    google = score(shipped, everything(shipped, **checks, monitoring_alerts="no", **besides)).models["google"]
    assert google.level == 2
    past = everything(shipped, **checks, monitoring_alerts="no", **besides, pipeline_metadata="no")
    assert score(shipped, past).models["google"].level == 1
    # Where the item itself is missing, it weighs as one miss with its checks: 1, and with the
    # four besides, 5: level 2 still holds (counted one by one, they would weigh 7); one more
    # practice missing outright stops it.
    google = score(shipped, everything(shipped, **checks, model_validation="no", **besides)).models["google"]
    assert google.level == 2
    more = everything(shipped, **checks, model_validation="no", **besides, pipeline_metadata="no")
    assert score(shipped, more).models["google"].level == 1


def test_counted_with_that_names_no_criterion_of_its_level_is_refused(cli: CliRun, tmp_path: Path) -> None:
    folder = tmp_path / "questionnaires"
    shutil.copytree(Path(__file__).resolve().parents[2] / "questionnaires", folder)
    google = folder / "google.yaml"
    text = google.read_text(encoding="utf-8")
    google.write_text(
        text.replace("counted_with: g2_model_monitoring", "counted_with: g1_data_validation"), encoding="utf-8"
    )
    result = cli("lint", folder)
    assert result.returncode != 0
    assert "google.yaml:" in result.stderr + result.stdout
    assert (
        "counted_with: g1_data_validation` names no other criterion of the same level" in result.stderr + result.stdout
    )


def test_where_the_defining_change_does_not_apply_nothing_is_tolerated_at_that_level(
    shipped: QuestionnaireSet,
) -> None:
    # A team that trains no models: "Automated Training" (Microsoft 3) is named for what it does
    # not do, so the level rests on its other criteria, every one met. One of them a step
    # short stops it there, where the same near miss is tolerated for a team that trains.
    scoped = everything(shipped, model_registry="partially")
    trains_nothing = scoped.model_copy(update={"scope": {"trains_models": False}})
    microsoft = score(shipped, in_scope(trains_nothing, shipped)).models["microsoft"]
    assert microsoft.level == 2
    assert not any(gap.tolerated for gap in microsoft.gaps)
    assert score(shipped, scoped).models["microsoft"].level == 5


def test_a_practice_about_the_team_around_the_model_weighs_half_when_short(shipped: QuestionnaireSet) -> None:
    # Microsoft's People and Application Integration columns decide close cases: with the
    # ML side in place, three of them absent and two a step short weigh 2.5 and keep level 5;
    # four absent criteria of the model's own life cycle weigh 4, past the tolerance of 3.
    microsoft = shipped.model("microsoft")
    supporting = [c.id for level in microsoft.levels for c in level.criteria if c.supporting]
    assert "ms4_app_integration_tests" in supporting and "ms3_automated_training" not in supporting
    assert not any(c.supporting and c.defining for level in microsoft.levels for c in level.criteria)
    light = everything(
        shipped,
        app_integration_tests="no",
        shared_io_contracts="no",
        se_post_deployment_metrics="no",
        app_unit_tests="partially",
        app_release_automation="partially",
    )
    result = score(shipped, light).models["microsoft"]
    assert result.level == 5
    assert {gap.criterion for gap in result.gaps if gap.tolerated} >= {
        "ms4_app_integration_tests",
        "ms4_shared_inputs_outputs",
        "ms5_post_deployment_metrics",
    }
    heavy = everything(
        shipped, model_registry="no", experiment_tracking="no", deployment_traceability="no", managed_compute="no"
    )
    assert score(shipped, heavy).models["microsoft"].level < 5


def test_a_criterion_both_defining_and_supporting_is_refused(cli: CliRun, tmp_path: Path) -> None:
    folder = tmp_path / "questionnaires"
    shutil.copytree(Path(__file__).resolve().parents[2] / "questionnaires", folder)
    microsoft = folder / "microsoft.yaml"
    text = microsoft.read_text(encoding="utf-8")
    microsoft.write_text(
        text.replace("        supporting: true\n", "        supporting: true\n        defining: true\n", 1),
        encoding="utf-8",
    )
    result = cli("lint", folder)
    assert result.returncode == 2
    said = result.stderr + result.stdout
    assert "microsoft.yaml:" in said and ".supporting" in said
    assert "criterion ms2_app_unit_tests is both `defining` and `supporting`" in said
