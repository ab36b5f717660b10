"""`scope:` in answers files: read and checked with file, line and key, kept on every rewrite,
described by the JSON Schema."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from mlops_maturity.answers.load import load_answers, load_answers_text
from mlops_maturity.answers.model import AnswersFile
from mlops_maturity.answers.schema import answers_json_schema
from mlops_maturity.answers.write import render_answers, render_template
from mlops_maturity.errors import AnswersError
from mlops_maturity.questionnaire.model import QuestionnaireSet
from mlops_maturity.scan.draft import merge_answers

from ..conftest import DATA, ROOT, CliRun
from ..questionnaire.scoped import load_scoped_mini

HEAD = 'questionnaire_version: "test-1"\nteam: T\ndate: 2026-11-01\n'


@pytest.fixture
def scoped(tmp_path: Path) -> QuestionnaireSet:
    return load_scoped_mini(tmp_path / "scoped")


def read(text: str, questionnaires: QuestionnaireSet) -> AnswersFile:
    return load_answers_text(text, "answers.yaml", questionnaires).answers


def problems(text: str, questionnaires: QuestionnaireSet) -> list[str]:
    with pytest.raises(AnswersError) as error:
        load_answers_text(text, "answers.yaml", questionnaires)
    return [str(problem) for problem in error.value.problems]


def test_an_older_file_without_scope_reads_as_everything_in_scope(scoped: QuestionnaireSet) -> None:
    assert read(HEAD + "answers:\n  tracking: mostly\n", scoped).scope == {}


@pytest.mark.parametrize("written", ["false", "no", "off"])
def test_yaml_booleans_say_the_scope(scoped: QuestionnaireSet, written: str) -> None:
    answers = read(HEAD + f"scope:\n  trains_models: {written}\n", scoped)
    assert answers.scope == {"trains_models": False}


def test_an_unknown_scope_id_is_refused_with_line_key_and_a_suggestion(scoped: QuestionnaireSet) -> None:
    found = problems(HEAD + "scope:\n  trains_model: false\n  other: true\n", scoped)
    assert found == [
        "answers.yaml:5: scope.trains_model: unknown scope id; did you mean 'trains_models'?",
        "answers.yaml:6: scope.other: unknown scope id; this questionnaire's scopes: trains_models",
    ]


def test_a_questionnaire_without_scopes_says_so(mini: QuestionnaireSet) -> None:
    found = problems(HEAD + "scope:\n  trains_models: false\n", mini)
    assert found == ["answers.yaml:5: scope.trains_models: unknown scope id; this questionnaire defines no scopes"]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("scope: [trains_models]\n", "answers.yaml:4: scope: expected a mapping of scope ids to true or false"),
        (
            'scope:\n  trains_models: "no"\n',
            "answers.yaml:5: scope.trains_models: expected true or false (false: the scope's questions do not "
            "apply), found 'no'",
        ),
    ],
)
def test_a_scope_that_is_not_ids_to_booleans_is_refused(scoped: QuestionnaireSet, written: str, expected: str) -> None:
    found = problems(HEAD + written, scoped)
    assert len(found) == 1 and found[0].startswith(expected), found


def test_na_is_accepted_for_a_question_out_of_scope_even_without_a_reason(scoped: QuestionnaireSet) -> None:
    answers = read(HEAD + "scope: {trains_models: false}\nanswers:\n  pipeline: n/a\n", scoped)
    assert answers.value_of("pipeline") == "n/a"


def test_na_in_scope_is_refused_with_how_to_say_the_scope(scoped: QuestionnaireSet) -> None:
    for scope in ("", "scope: {trains_models: true}\n"):
        found = problems(HEAD + scope + "answers:\n  pipeline: {answer: n/a, note: We train nothing.}\n", scoped)
        assert len(found) == 1
        assert "'n/a' is not allowed for this question" in found[0]
        assert (
            "if the answer to 'Does the team train its models?' is no, say so once, "
            "`scope: {trains_models: false}`: it is then n/a" in found[0]
        )


def test_na_on_a_question_no_scope_lists_gets_no_scope_hint(scoped: QuestionnaireSet) -> None:
    (found,) = problems(HEAD + "answers:\n  code_vc: {answer: n/a, note: x}\n", scoped)
    assert "scope" not in found


def test_a_saved_file_keeps_the_scope_and_reads_back_the_same(scoped: QuestionnaireSet) -> None:
    answers = read(HEAD + "scope: {trains_models: false}\nanswers:\n  code_vc: mostly\n  tracking: fully\n", scoped)
    text = render_answers(answers, scoped, scoped.bank.questions, with_help=False)
    assert "scope:\n  # Does the team train its models?\n  trains_models: false\nanswers:\n" in text
    # A question out of scope says so; its answer stays in the file, set aside.
    assert "  # n/a while scope trains_models is false; an answer here is set aside.\n  tracking: fully" in text
    again = read(text, scoped)
    assert again.scope == answers.scope
    assert {question_id: again.value_of(question_id) for question_id in scoped.questions_by_id} == {
        "code_vc": "mostly",
        "tracking": "fully",
        "pipeline": None,
        "feature_store": None,
        "auto_deploy": None,
    }


def test_a_file_with_every_scope_in_writes_true(scoped: QuestionnaireSet) -> None:
    answers = read(HEAD + "scope: {trains_models: true}\n", scoped)
    text = render_answers(answers, scoped, scoped.bank.questions, with_help=False)
    assert "  trains_models: true\n" in text
    assert "set aside" not in text
    assert read(text, scoped).scope == {"trains_models": True}


def test_the_template_shows_the_scope_as_a_comment(scoped: QuestionnaireSet) -> None:
    text = render_template(scoped, scoped.bank.questions, team="T", date=datetime.date(2026, 11, 1))
    assert "\n# Does the team train its models?\n# Fine-tuning counts as training.\n" in text
    assert "# No: n/a (The team trains no models.) for: tracking, pipeline." in text
    assert "# scope:\n#   trains_models: false\nanswers:" in text
    assert "  # n/a, needing no answer, with `scope: {trains_models: false}` above.\n  pipeline:" in text
    data = yaml.safe_load(text)
    assert "scope" not in data  # commented out: in scope unless the team says otherwise
    # Uncommented as the comment says, it is a valid file.
    filled = text.replace("# scope:\n#   trains_models: false", "scope:\n  trains_models: false")
    assert read(filled, scoped).scope == {"trains_models": False}


def test_a_questionnaire_without_scopes_writes_no_scope(mini: QuestionnaireSet) -> None:
    text = render_template(mini, mini.bank.questions, team="T", date=datetime.date(2026, 11, 1))
    assert "scope" not in text


def test_migrating_an_older_file_keeps_the_scope(shipped: QuestionnaireSet, cli: CliRun, tmp_path: Path) -> None:
    older = (DATA / "answers-2026.12" / "devops-team.yaml").read_text(encoding="utf-8")
    assert "\nscope:" not in older
    path = tmp_path / "older.yaml"
    path.write_text(older.replace("\nanswers:\n", "\nscope:\n  trains_models: false\nanswers:\n", 1), encoding="utf-8")
    loaded = load_answers(path, shipped)
    assert loaded.migration is not None
    assert loaded.answers.scope == {"trains_models": False}
    result = cli("migrate", path)
    assert result.returncode == 0, result.stderr
    rewritten = load_answers(path, shipped)
    assert rewritten.migration is None
    assert rewritten.answers.scope == {"trains_models": False}
    # Every answer the team gave, to training questions too, is still in the file.
    assert rewritten.answers.answers["training_pipeline"].answer == loaded.answers.answers["training_pipeline"].answer


def test_merging_a_scan_keeps_the_persons_scope(scoped: QuestionnaireSet) -> None:
    person = read(HEAD + "scope: {trains_models: false}\nanswers:\n  code_vc: mostly\n", scoped)
    draft = read(HEAD + "answers:\n  auto_deploy: {answer: fully, source: scan, confidence: high}\n", scoped)
    merged = merge_answers(person, draft)
    assert merged.scope == {"trains_models": False}
    text = render_answers(merged, scoped, scoped.bank.questions, with_help=False)
    assert read(text, scoped).scope == {"trains_models": False}


def test_the_schema_describes_the_scope_and_allows_na_only_out_of_scope(scoped: QuestionnaireSet) -> None:
    schema = answers_json_schema(scoped)
    jsonschema.Draft202012Validator.check_schema(schema)
    scope = schema["properties"]["scope"]
    assert scope["additionalProperties"] is False
    assert scope["properties"]["trains_models"]["type"] == "boolean"
    assert "Does the team train its models?" in scope["properties"]["trains_models"]["description"]
    validator = jsonschema.Draft202012Validator(schema)

    def errors(data: dict[str, Any]) -> list[str]:
        document = {"questionnaire_version": "test-1", "team": "T", "date": "2026-11-01", **data}
        return [error.message for error in validator.iter_errors(document)]

    assert errors({"scope": {"trains_models": False}, "answers": {"pipeline": "n/a"}}) == []
    assert errors({"scope": {"trains_models": False}, "answers": {"pipeline": {"answer": "n/a"}}}) == []
    assert errors({"scope": {"trains_models": True}, "answers": {"pipeline": "n/a"}}) != []
    assert errors({"answers": {"pipeline": {"answer": "n/a", "note": "x"}}}) != []
    assert errors({"answers": {"feature_store": {"answer": "n/a", "note": "x"}}}) == []  # its own n/a
    assert errors({"answers": {"code_vc": "n/a"}}) != []
    assert errors({"scope": {"trains_modelz": False}}) != []
    assert errors({"scope": {"trains_models": "no"}}) != []


def test_the_shipped_schema_file_lists_the_shipped_scope() -> None:
    schema = json.loads((ROOT / "schema" / "answers.schema.json").read_text(encoding="utf-8"))
    assert "trains_models" in schema["properties"]["scope"]["properties"]
