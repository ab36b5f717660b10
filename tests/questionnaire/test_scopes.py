"""Scopes in a questionnaire: their shape, lint's rule for them, and their text as untrusted input."""

from __future__ import annotations

from pathlib import Path

from mlops_maturity.questionnaire.folder import check_folder, load_questionnaires
from mlops_maturity.questionnaire.rules import scope_questions
from mlops_maturity.questionnaire.shipped import bundled_questionnaires_dir

from ..conftest import MINI
from .scoped import REASON, SCOPES, scoped_mini


def _messages(folder: Path) -> list[str]:
    _, problems = check_folder(folder)
    return [str(problem) for problem in problems]


def test_a_scope_is_read_with_its_questions(tmp_path: Path) -> None:
    questionnaires = load_questionnaires(scoped_mini(tmp_path / "q"))
    (scope,) = questionnaires.bank.scopes
    assert scope.id == "trains_models"
    assert scope.questions == ("tracking", "pipeline")
    assert questionnaires.scopes_by_id == {"trains_models": scope}
    assert questionnaires.out_of_scope({"trains_models": False}) == {"tracking": scope, "pipeline": scope}
    assert questionnaires.out_of_scope({"trains_models": True}) == {}
    assert questionnaires.out_of_scope({"unknown": False}) == {}
    assert scope.out_of_scope_reason == REASON


def test_scopes_are_optional() -> None:
    assert load_questionnaires(MINI).bank.scopes == ()


def test_unknown_and_repeated_questions_and_duplicate_scope_ids_are_problems(tmp_path: Path) -> None:
    scopes = SCOPES.replace("[tracking, pipeline]", "[tracking, pipelines, tracking]") + (
        "  - id: trains_models\n"
        '    text: "Again?"\n'
        '    help: "Again."\n'
        '    out_of_scope_reason: "Again."\n'
        "    questions: [code_vc]\n"
    )
    messages = _messages(scoped_mini(tmp_path / "q", scopes))
    bank = tmp_path / "q" / "questions.yaml"
    lines = bank.read_text(encoding="utf-8").splitlines()
    first_id = next(number for number, line in enumerate(lines, 1) if "- id: trains_models" in line)
    assert any(
        f"duplicate scope id 'trains_models' (first defined at {bank}:{first_id})" in message for message in messages
    ), messages
    assert any(
        "scopes.0.questions.1: unknown question id 'pipelines'; did you mean 'pipeline'?" in message
        for message in messages
    ), messages
    assert any("scopes.0.questions.2: 'tracking' is listed twice" in message for message in messages), messages
    assert len(messages) == 3, messages


def test_a_scope_without_questions_or_reason_is_refused(tmp_path: Path) -> None:
    scopes = SCOPES.replace("    questions: [tracking, pipeline]\n", "    questions: []\n").replace(
        '    out_of_scope_reason: "The team trains no models."\n', ""
    )
    messages = "\n".join(_messages(scoped_mini(tmp_path / "q", scopes)))
    assert "scopes.0.questions" in messages
    assert "scopes.0.out_of_scope_reason" in messages


def test_the_rule_has_its_id_and_doc() -> None:
    assert scope_questions.ID == "scope-questions"
    assert scope_questions.__doc__


def test_scope_text_from_a_folder_is_made_printable(tmp_path: Path) -> None:
    hostile = SCOPES.replace(
        '"Does the team train its models?"', '"Does the team \\e[31mtrain\\e[0m its models?\\u202e"'
    ).replace('"The team trains no models."', '"The team\\x07 trains no models."')
    (scope,) = load_questionnaires(scoped_mini(tmp_path / "q", hostile)).bank.scopes
    assert "\x1b" not in scope.text and "\u202e" not in scope.text
    assert "train" in scope.text
    assert "\x07" not in scope.out_of_scope_reason


def test_the_shipped_scope_is_linted_clean() -> None:
    assert _messages(Path(str(bundled_questionnaires_dir()))) == []
