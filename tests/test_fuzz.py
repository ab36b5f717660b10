"""Property-based tests: any answers file, however broken, gives a result or a clean error."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mlops_maturity.answers.load import load_answers
from mlops_maturity.cli import app
from mlops_maturity.engine.scoring import score as assess
from mlops_maturity.errors import MaturityError
from mlops_maturity.questionnaire.folder import load_questionnaires
from mlops_maturity.questionnaire.model import QuestionnaireSet

from .conftest import DATA, MINI

MINI_SET = load_questionnaires(MINI)
VALID = (DATA / "valid" / "short-and-long.yaml").read_text(encoding="utf-8")
FUZZ_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

yaml_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.sampled_from(["no", "partially", "mostly", "fully", "n/a", "yes", "2026-11-01", "test-1"]),
)
yaml_values = st.recursive(
    yaml_scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["answer", "note", "evidence", "source", "x"]) | st.text(max_size=8), children, max_size=4
        )
    ),
    max_leaves=20,
)
answers_like = st.fixed_dictionaries(
    {},
    optional={
        "questionnaire_version": yaml_scalars,
        "team": yaml_scalars,
        "date": yaml_scalars,
        "assessor": yaml_scalars,
        "answers": st.one_of(
            yaml_values,
            st.dictionaries(
                st.sampled_from(["code_vc", "tracking", "pipeline", "feature_store", "auto_deploy", "nope"]),
                yaml_values,
                max_size=5,
            ),
        ),
        "extra": yaml_values,
    },
)


def outcome(path: Path, questionnaires: QuestionnaireSet = MINI_SET) -> str:
    """Load and score; a clean error is a fine outcome, anything else fails the test."""
    try:
        loaded = load_answers(path, questionnaires)
    except MaturityError as error:
        assert error.message.startswith(str(path)), error.message
        return "error"
    assess(questionnaires, loaded.answers)
    return "scored"


@FUZZ_SETTINGS
@given(document=answers_like)
def test_any_structure_gives_a_result_or_a_clean_error(tmp_path_factory, document) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("fuzz") / "answers.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    outcome(path)


@FUZZ_SETTINGS
@given(data=st.data())
def test_mutated_answers_files_give_a_result_or_a_clean_error(tmp_path_factory, data) -> None:  # type: ignore[no-untyped-def]
    text = VALID
    for _ in range(data.draw(st.integers(1, 6))):
        position = data.draw(st.integers(0, len(text)))
        action = data.draw(st.sampled_from(["insert", "delete", "duplicate-line", "swap-lines"]))
        if action == "insert":
            text = (
                text[:position]
                + data.draw(st.sampled_from([*list(":-\t[]{}&*!|>'\"#\n "), "\ufeff", "\x00", "é"]))
                + text[position:]
            )
        elif action == "delete":
            text = text[:position] + text[position + data.draw(st.integers(1, 10)) :]
        else:
            lines = text.splitlines(keepends=True)
            index = data.draw(st.integers(0, len(lines) - 1))
            if action == "duplicate-line":
                lines.insert(index, lines[index])
            else:
                other = data.draw(st.integers(0, len(lines) - 1))
                lines[index], lines[other] = lines[other], lines[index]
            text = "".join(lines)
    path = tmp_path_factory.mktemp("mutated") / "answers.yaml"
    path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
    outcome(path)


@FUZZ_SETTINGS
@given(raw=st.binary(max_size=300))
def test_random_bytes_give_a_clean_error(tmp_path_factory, raw: bytes) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("bytes") / "answers.yaml"
    path.write_bytes(raw)
    assert outcome(path) == "error"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=answers_like, output_format=st.sampled_from(["text", "json", "markdown"]))
def test_the_cli_exits_0_or_2_and_never_with_a_traceback(tmp_path_factory, document, output_format: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("cli") / "answers.json"
    path.write_text(json.dumps(document, default=str), encoding="utf-8")
    result = CliRunner().invoke(app, ["score", "--questionnaires", str(MINI), str(path), "--format", output_format])
    assert result.exit_code in (0, 2), result.output
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        assert result.stdout == ""
        assert result.stderr.startswith("error: ")


def _paths(data: object, prefix: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    """Every key path in plain YAML data."""
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*prefix, index))
    return found


def _replaced(data: object, path: tuple[object, ...], value: object) -> object:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(data, dict):
        return {key: (_replaced(item, rest, value) if key == head else item) for key, item in data.items()}
    assert isinstance(data, list)
    return [(_replaced(item, rest, value) if index == head else item) for index, item in enumerate(data)]


MINI_FILES = {path.name: yaml.safe_load(path.read_text(encoding="utf-8")) for path in MINI.glob("*.yaml")}


@FUZZ_SETTINGS
@given(data=st.data())
def test_a_broken_questionnaire_folder_gives_problems_never_a_crash(tmp_path_factory, data) -> None:  # type: ignore[no-untyped-def]
    from mlops_maturity.questionnaire.folder import check_folder

    folder = tmp_path_factory.mktemp("questionnaire")
    name = data.draw(st.sampled_from(sorted(MINI_FILES)))
    for file_name, content in MINI_FILES.items():
        if file_name == name:
            path = data.draw(st.sampled_from(_paths(content)))
            content = _replaced(content, path, data.draw(yaml_values))
        (folder / file_name).write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
    questionnaires, problems = check_folder(folder)
    assert (questionnaires is None) == bool(problems)
    for problem in problems:
        assert str(problem).startswith(str(folder))
