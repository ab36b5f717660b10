"""The shipped questionnaires' content, and `lint` on good and broken folders."""

from __future__ import annotations

import datetime
import re
import shutil
from pathlib import Path

import pytest

from mlops_maturity.answers.model import AnswersFile
from mlops_maturity.engine.scoring import score as assess
from mlops_maturity.questionnaire.folder import check_folder
from mlops_maturity.questionnaire.model import QuestionnaireSet

from ..conftest import INVALID, MINI, ROOT, CliRun


def test_the_shipped_questionnaires_pass_lint(cli: CliRun) -> None:
    result = cli("lint", ROOT / "questionnaires")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert "ok: version 2027.01" in result.stderr


def test_both_models_with_their_levels_and_microsofts_own_numbers(shipped: QuestionnaireSet) -> None:
    google, microsoft = shipped.model("google"), shipped.model("microsoft")
    assert [(level.number, level.name) for level in google.levels] == [
        (0, "Manual process"),
        (1, "ML pipeline automation"),
        (2, "CI/CD pipeline automation"),
    ]
    assert [(level.number, level.native_number, level.name) for level in microsoft.levels] == [
        (1, 0, "No MLOps"),
        (2, 1, "DevOps but no MLOps"),
        (3, 2, "Automated Training"),
        (4, 3, "Automated Model Deployment"),
        (5, 4, "Full MLOps Automated Operations"),
    ]
    assert microsoft.numbering_note and "0 to 4" in microsoft.numbering_note


def test_a_team_can_answer_the_questionnaire_in_about_fifteen_minutes(shipped: QuestionnaireSet) -> None:
    assert 30 <= len(shipped.bank.questions) <= 55
    # What a respondent reads, at 250 words a minute (the README's claim): about 15 minutes.
    bank = shipped.bank
    texts = [bank.instructions or "", *(option.meaning for option in bank.scale)]
    texts += [f"{question.text} {question.help} {question.not_applicable or ''}" for question in bank.questions]
    assert sum(len(text.split()) for text in texts) <= 15 * 250


def test_every_question_is_one_honest_fact_with_help(shipped: QuestionnaireSet) -> None:
    for question in shipped.bank.questions:
        assert question.text.rstrip().endswith("?"), question.id
        assert len(question.help) >= 80, f"{question.id}: help too short to remove ambiguity"
        assert "count" in question.help.lower(), f"{question.id}: help should say what counts"


def test_every_criterion_names_the_source_part_it_encodes(shipped: QuestionnaireSet) -> None:
    prefixes = {"google": "g.", "microsoft": "ms."}
    for model in shipped.models:
        for level in model.levels:
            assert level.source.item.startswith(prefixes[model.id])
            for criterion in level.criteria:
                assert criterion.source.item.startswith(prefixes[model.id]), criterion.id
                assert criterion.source.section, criterion.id
                # A level's own heading, or the row of Microsoft's overview table ("Maturity model > 3 | ...").
                assert re.search(r"[Ll]evel|^Maturity model > \d \|", criterion.source.section), criterion.id


def test_microsoft_criteria_cite_microsofts_own_level_number(shipped: QuestionnaireSet) -> None:
    for level in shipped.model("microsoft").levels[1:]:
        for criterion in level.criteria:
            cited = re.match(r"ms\.l(\d)\.", criterion.source.item)
            assert cited, criterion.id
            # A criterion encodes its own level's text, or restates a lower level's.
            assert int(cited.group(1)) <= level.native_number  # type: ignore[operator]


def test_next_steps_name_kinds_of_tools_with_examples(shipped: QuestionnaireSet) -> None:
    for step in shipped.bank.steps:
        assert "such as" in step.tools or "," in step.tools, step.id


def test_shared_facts_are_asked_once_and_used_by_both_models(shipped: QuestionnaireSet) -> None:
    google = set(shipped.questions_for(("google",)))
    microsoft = set(shipped.questions_for(("microsoft",)))
    shared = {question.id for question in google & microsoft}
    assert {"training_pipeline", "model_registry"} <= shared
    assert len({question.id for question in shipped.bank.questions}) == len(shipped.bank.questions)


def test_answering_fully_everywhere_reaches_the_top_of_both_models(shipped: QuestionnaireSet) -> None:
    answers = AnswersFile(
        questionnaire_version=shipped.version,
        team="T",
        date=datetime.date(2026, 11, 1),
        answers={question.id: {"answer": "fully"} for question in shipped.bank.questions},
    )
    result = assess(shipped, answers)
    assert (result.models["google"].level, result.models["microsoft"].level) == (2, 5)
    assert all(dimension.percent == 100 for dimension in result.profile)


def test_answering_no_everywhere_leaves_both_models_at_the_base_with_a_plan(shipped: QuestionnaireSet) -> None:
    answers = AnswersFile(
        questionnaire_version=shipped.version,
        team="T",
        date=datetime.date(2026, 11, 1),
        answers={question.id: {"answer": "no"} for question in shipped.bank.questions},
    )
    result = assess(shipped, answers)
    assert (result.models["google"].level, result.models["microsoft"].level) == (0, 1)
    # Every step is somewhere in the plan, and the plan lists each once.
    assert sorted(step.id for step in result.plan) == sorted(step.id for step in shipped.bank.steps)


def test_lint_lists_every_problem_of_a_broken_folder_at_once(cli: CliRun) -> None:
    result = cli("lint", INVALID / "questionnaires" / "broken")
    assert result.returncode == 2
    folder = str(INVALID / "questionnaires" / "broken")
    expected = [
        "model.yaml:24: levels.2.criteria.1.source: required key is missing",
        "questions.yaml:15: duplicate question id 'code_vc'",
        "questions.yaml:20: questions.2.dimension: unknown dimension 'testing'",
        "model.yaml:5: levels: numbers must be contiguous and ascending, got [0, 1, 3]",
        "model.yaml:9: levels.1: level 1 (Empty) has no criteria",
        "model.yaml:20: levels.2.criteria.0.requires.code_vcs: unknown question id; did you mean 'code_vc'?",
        "model.yaml:26: levels.2.criteria.1.requires.code_vc: 'sometimes' is not on the scale",
        "model.yaml:28: levels.2.criteria.1.next_steps.0: unknown step id 'use_gti'; did you mean 'use_git'?",
        "questions.yaml:19: questions.2: question 'orphan' is used by no criterion",
        "questions.yaml:25: steps.1: step 'unused_step' is used by no criterion",
        "model.yaml:34: levels.2.criteria.2.next_steps: no step stays to do until 'code_vc' is at least 'fully'",
    ]
    lines = result.stdout.splitlines()
    assert len(lines) == len(expected)
    for piece in expected:
        assert any(line.startswith(folder) and piece in line for line in lines), piece
    assert "11 problem(s)" in result.stderr


def test_lint_reports_yaml_errors_and_unknown_keys_with_lines(cli: CliRun) -> None:
    result = cli("lint", INVALID / "questionnaires" / "bad-yaml")
    assert result.returncode == 2
    assert "bad-yaml/questions.yaml:5:1: did not find expected ',' or '}'" in result.stdout
    assert "bad-yaml/model.yaml:3: colour: unknown key (expected one of: id, name, source" in result.stdout


@pytest.mark.parametrize("folder", ["missing-folder", "."])
def test_lint_on_a_folder_that_is_not_a_questionnaire(cli: CliRun, tmp_path: Path, folder: str) -> None:
    result = cli("lint", folder)
    assert result.returncode == 2
    assert "not a folder" in result.stdout or "no questions.yaml" in result.stdout


def test_scoring_with_a_broken_questionnaire_folder_lists_its_problems(cli: CliRun) -> None:
    answers = ROOT / "examples" / "full-mlops.yaml"
    result = cli("score", answers, "--questionnaires", INVALID / "questionnaires" / "broken")
    assert result.returncode == 2
    assert "the questionnaire folder has 11 problem(s)" in result.stderr
    assert "  - " in result.stderr and "Traceback" not in result.stderr


def test_the_environment_variable_points_at_an_organisations_questionnaires(cli: CliRun) -> None:
    result = cli("models", env={"MLOPS_MATURITY_QUESTIONNAIRES": str(MINI)})
    assert result.returncode == 0, result.stderr
    assert "Alpha: Alpha model" in result.stdout
    assert "Google" not in result.stdout


def test_check_folder_returns_the_loaded_set_when_clean() -> None:
    questionnaires, problems = check_folder(MINI)
    assert problems == []
    assert questionnaires is not None and questionnaires.version == "test-1"


def test_the_fast_path_for_shipped_questionnaires_builds_what_validation_builds() -> None:
    # Installed wheels load the shipped (linted) files without validation, for start-up.
    import yaml

    from mlops_maturity.questionnaire.model import MaturityModel, QuestionBank
    from mlops_maturity.questionnaire.shipped import construct_unchecked

    for path in sorted((ROOT / "questionnaires").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        kind = QuestionBank if path.name == "questions.yaml" else MaturityModel
        assert construct_unchecked(kind, data) == kind.model_validate(data), path.name


def test_lint_checks_the_answers_a_step_is_done_at(cli: CliRun, tmp_path: Path) -> None:
    for path in MINI.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        if path.name == "questions.yaml":
            text = text.replace("done_when: {code_vc: mostly}", "done_when: {code_vcs: always}")
        (tmp_path / path.name).write_text(text, encoding="utf-8")
    result = cli("lint", tmp_path)
    assert result.returncode == 2
    assert "steps.0.done_when.code_vcs: unknown question id; did you mean 'code_vc'?" in result.stdout
    assert "steps.0.done_when.code_vcs: 'always' is not on the scale" in result.stdout


def test_lint_refuses_a_tolerance_without_the_criteria_that_define_each_level(cli: CliRun, tmp_path: Path) -> None:
    shutil.copytree(ROOT / "questionnaires", tmp_path / "q")
    google = tmp_path / "q" / "google.yaml"
    google.write_text(google.read_text(encoding="utf-8").replace("        defining: true\n", "", 2), encoding="utf-8")
    result = cli("lint", tmp_path / "q")
    assert result.returncode == 2
    assert (
        "marks no criterion `defining: true`; with tolerance 5 it could be reached without the change" in result.stdout
    )
    assert "ML pipeline automation" in result.stdout and "CI/CD pipeline automation" not in result.stdout
