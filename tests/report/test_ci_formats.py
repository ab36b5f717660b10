"""The CI formats of `score`: GitHub workflow commands, GitLab Code Quality, the shields.io badge."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from mlops_maturity.engine.batch import Failed, Outcome, Scored, score_file, score_files
from mlops_maturity.engine.gate import Threshold
from mlops_maturity.errors import AnswersError, InputFileError, Problem, UsageError
from mlops_maturity.questionnaire.model import QuestionnaireSet
from mlops_maturity.report import OutputFormat, render
from mlops_maturity.report.badge import badge_colour, render_badge
from mlops_maturity.report.github import escape_data, escape_property, render_github, workflow_command
from mlops_maturity.report.gitlab import render_code_quality

from ..conftest import EXAMPLES, INVALID

MODELS = ("google", "microsoft")


def _scored(shipped: QuestionnaireSet, name: str, thresholds: list[Threshold] | None = None) -> Scored:
    return score_file(EXAMPLES / name, shipped, MODELS, thresholds or [])


def _failed(shipped: QuestionnaireSet, path: Path) -> Failed:
    (outcome,) = score_files([path], shipped, MODELS, [])
    assert isinstance(outcome, Failed)
    return outcome


# ── GitHub ────────────────────────────────────────────────────────────────


def test_escaping_follows_githubs_rules() -> None:
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    # The message keeps : and , (only properties end at them).
    assert (
        workflow_command("error", "key: a, b", file="x,y:z.yaml", line=3)
        == "::error file=x%2Cy%3Az.yaml,line=3::key: a, b"
    )


def test_a_property_without_a_value_is_left_out() -> None:
    assert (
        workflow_command("notice", "m", file="f.yaml", line=None, col=None, title="T")
        == "::notice file=f.yaml,title=T::m"
    )


def test_control_characters_never_reach_the_log() -> None:
    command = workflow_command("error", "\x1b[2Jteam\u202e\n::add-mask::x", file="a\x07.yaml")
    assert command == "::error file=a.yaml::[2Jteam ::add-mask::x"  # ESC gone, the rest harmless
    assert "\n" not in command


@pytest.mark.parametrize("line_break", ["\n", "\r", "\r\n", "\u2028", "\u2029", "\x85"])
def test_an_annotation_is_one_line_whatever_breaks_its_text(line_break: str) -> None:
    command = workflow_command("notice", f"Team{line_break}::error::x", file=f"a{line_break}b.yaml", title="T")
    assert command == "::notice file=a b.yaml,title=T::Team ::error::x"


def test_one_annotation_per_problem_at_its_line_and_column(shipped: QuestionnaireSet) -> None:
    path = INVALID / "answers" / "unknown-key.yaml"
    failed = _failed(shipped, path)
    lines = render_github([failed]).splitlines()
    assert len(lines) == len(failed.problems) == 2
    assert lines[0] == (
        f"::error file={path},line=4,title=Invalid answers file::colour: unknown key "
        "(expected one of: questionnaire_version, team, date, assessor, entity, owner, labels, scope, answers, retired_answers)"
    )
    assert lines[1].startswith(f"::error file={path},line=1,title=Invalid answers file::questionnaire_version: ")


def test_a_syntax_error_is_annotated_with_its_column(shipped: QuestionnaireSet) -> None:
    path = INVALID / "answers" / "bad-indentation.yaml"
    assert render_github([_failed(shipped, path)]) == (
        f"::error file={path},line=6,col=13,title=Invalid answers file::mapping values are not allowed in this context\n"
    )


def test_an_error_about_the_whole_file_has_no_line(tmp_path: Path) -> None:
    failed = Failed("gone.yaml", InputFileError("gone.yaml: no such file"))
    assert render_github([failed]) == "::error file=gone.yaml,title=Invalid answers file::gone.yaml: no such file\n"


def test_problems_left_unlisted_are_counted_in_one_more_annotation() -> None:
    error = AnswersError(
        "a.yaml: 30 problems in the answers file",
        problems=(Problem("a.yaml", 2, key="team", message="required key is missing"),),
        hint="... and 29 more not shown; fix these first",
    )
    assert render_github([Failed("a.yaml", error)]).splitlines() == [
        "::error file=a.yaml,line=2,title=Invalid answers file::team: required key is missing",
        "::error file=a.yaml,title=Invalid answers file::a.yaml: 30 problems in the answers file; "
        "... and 29 more not shown; fix these first",
    ]


def test_a_scored_file_gets_its_levels_and_each_failed_gate(shipped: QuestionnaireSet) -> None:
    scored = _scored(shipped, "fraud-platform.yaml", [Threshold("microsoft", 5), Threshold("google", 1)])
    path = scored.path
    assert render_github([scored]).splitlines() == [
        f"::notice file={path},title=MLOps maturity::Card fraud detection (Payments risk): "
        "Google: Level 1: ML pipeline automation; Microsoft: Level 4 (Microsoft level 3): Automated Model Deployment",
        f"::error file={path},title=Below the required MLOps maturity level::microsoft is at "
        "Level 4 (Microsoft level 3): Automated Model Deployment, below the required level 5",
    ]


def test_unanswered_questions_are_a_warning(shipped: QuestionnaireSet, tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(
        f"questionnaire_version: '{shipped.version}'\nteam: T\ndate: 2026-11-01\nanswers:\n  experiment_tracking: fully\n",
        encoding="utf-8",
    )
    (outcome,) = score_files([path], shipped, MODELS, [])
    lines = render_github([outcome]).splitlines()
    assert lines[0].startswith(f"::notice file={path},title=MLOps maturity::T: Google: Level 0")
    assert lines[1].startswith(f"::warning file={path},title=Unanswered questions::")
    assert "question(s) unanswered, scored as not met: " in lines[1] and lines[1].endswith(" more")
    assert len(lines) == 2


# ── GitLab ────────────────────────────────────────────────────────────────


def test_all_good_is_an_empty_report(shipped: QuestionnaireSet) -> None:
    outcomes: list[Outcome] = [_scored(shipped, "fraud-platform.yaml", [Threshold("microsoft", 4)])]
    assert json.loads(render_code_quality(outcomes)) == []


def test_code_quality_issues_have_the_fields_gitlab_reads(shipped: QuestionnaireSet) -> None:
    path = INVALID / "answers" / "unknown-key.yaml"
    scored = _scored(shipped, "fraud-platform.yaml", [Threshold("google", 2)])
    issues = json.loads(render_code_quality([_failed(shipped, path), scored]))
    assert [(issue["check_name"], issue["location"]) for issue in issues] == [
        ("mlops-maturity/invalid-answers", {"path": str(path), "lines": {"begin": 4}}),
        ("mlops-maturity/invalid-answers", {"path": str(path), "lines": {"begin": 1}}),
        ("mlops-maturity/below-threshold", {"path": scored.path, "lines": {"begin": 1}}),
    ]
    assert issues[0]["description"].startswith("colour: unknown key (expected one of: ")
    assert issues[2]["description"] == "google is at Level 1: ML pipeline automation, below the required level 2"
    assert {issue["severity"] for issue in issues} == {"major"}
    assert len({issue["fingerprint"] for issue in issues}) == 3
    assert all(len(issue["fingerprint"]) == 64 for issue in issues)


def test_fingerprints_are_stable_when_lines_move_and_distinct_for_repeats() -> None:
    def report(*problems: Problem) -> list[str]:
        failed = Failed("a.yaml", AnswersError("a.yaml: problems", problems=problems))
        return [issue["fingerprint"] for issue in json.loads(render_code_quality([failed]))]

    moved = report(Problem("a.yaml", 9, key="team", message="required key is missing"))
    assert report(Problem("a.yaml", 2, key="team", message="required key is missing")) == moved
    same_twice = report(*[Problem("a.yaml", line, key="answers.x", message="bad") for line in (3, 7)])
    assert len(set(same_twice)) == 2
    assert report(Problem("a.yaml", 2, key="team", message="other")) != moved


# ── Badge ─────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("name", "message", "colour"),
    [
        ("startup-notebooks.yaml", "Google 0 · Microsoft 1 (Microsoft level 0)", "red"),
        ("devops-team.yaml", "Google 0 · Microsoft 2 (Microsoft level 1)", "red"),
        ("fraud-platform.yaml", "Google 1 · Microsoft 4 (Microsoft level 3)", "yellow"),
        ("full-mlops.yaml", "Google 2 · Microsoft 5 (Microsoft level 4)", "brightgreen"),
    ],
)
def test_the_badge_names_each_level_with_the_colour_of_the_lowest(
    shipped: QuestionnaireSet, name: str, message: str, colour: str
) -> None:
    assessment = _scored(shipped, name).assessment
    assert json.loads(render_badge(assessment)) == {
        "schemaVersion": 1,
        "label": "MLOps maturity",
        "message": message,
        "color": colour,
    }


def test_the_badge_colour_follows_the_model_least_far_along(shipped: QuestionnaireSet) -> None:
    # Microsoft 2 of 1-5 is below half-way (orange); Google 0 of 0-2 is its lowest level (red).
    assessment = _scored(shipped, "devops-team.yaml").assessment
    assert {model.id: model.level for model in assessment.models.values()} == {"google": 0, "microsoft": 2}
    assert badge_colour(assessment) == "red"
    only_microsoft = score_file(EXAMPLES / "devops-team.yaml", shipped, ("microsoft",), []).assessment
    assert badge_colour(only_microsoft) == "orange"
    # Microsoft 3 of 1-5 and Google 1 of 0-2 are half-way (yellow).
    assert badge_colour(_scored(shipped, "automated-training.yaml").assessment) == "yellow"
    only_google = score_file(EXAMPLES / "fraud-platform.yaml", shipped, ("google",), []).assessment
    assert json.loads(render_badge(only_google))["message"] == "Google 1"


def test_a_badge_of_several_files_is_refused_at_the_seam(shipped: QuestionnaireSet) -> None:
    outcomes = [_scored(shipped, "fraud-platform.yaml"), _scored(shipped, "full-mlops.yaml")]
    with pytest.raises(UsageError, match="one answers file"):
        render(outcomes, OutputFormat.badge)


def test_a_badge_message_stays_short(shipped: QuestionnaireSet) -> None:
    assessment = _scored(shipped, "fraud-platform.yaml").assessment
    long_names = {
        model_id: dataclasses.replace(model, model_name="A very long model name\nfrom a questionnaire folder " * 5)
        for model_id, model in assessment.models.items()
    }
    message = json.loads(render_badge(dataclasses.replace(assessment, models=long_names)))["message"]
    assert len(message) <= 80
    assert message.endswith("…")
    assert "\n" not in message
