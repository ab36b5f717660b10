"""Spanish, and any language added the same way: every string a person reads has its text.

The interface's strings are extracted from the source by Babel, as `pybabel extract` does,
and each must have its translation in the language's catalogue; the compiled catalogue the
tool reads must be the current one. The questionnaire's texts are checked by `lint`.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
import yaml
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from mlops_maturity.messages import DOMAIN, LOCALE_FOLDER

from .conftest import ROOT, CliRun

LANGUAGES = ["es"]


def _extracted() -> set[str | tuple[str, ...]]:
    """Every marked string, as babel.cfg extracts it: the Python code and the report templates.

    A plural (`ngettext`) is its (singular, plural) pair, as the catalogue keys it."""
    found = extract_from_dir(
        ROOT / "src" / "mlops_maturity",
        method_map=[("**.py", "python"), ("report/templates/**.j2", "jinja2")],
        options_map={"report/templates/**.j2": {"extensions": "jinja2.ext.i18n"}},
    )
    return {message if isinstance(message, str) else tuple(message) for _, _, message, _, _ in found}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_interface_string_has_its_translation_and_none_is_left_over(language: str) -> None:
    with (LOCALE_FOLDER / language / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as file:
        catalogue = read_po(file)
    translated = {message.id: message.string for message in catalogue if message.id}
    extracted = _extracted()
    assert extracted, "no marked strings found: the extraction is broken"
    assert sorted(extracted - set(translated)) == [], "strings without a translation (pybabel update)"
    assert sorted(set(translated) - extracted) == [], "translations of strings the code no longer has"
    assert [key for key, value in translated.items() if not value] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_is_the_current_one(language: str) -> None:
    folder = LOCALE_FOLDER / language / "LC_MESSAGES"
    with (folder / f"{DOMAIN}.po").open("rb") as file:
        source = {message.id: message.string for message in read_po(file) if message.id}
    with (folder / f"{DOMAIN}.mo").open("rb") as file:
        compiled = {message.id: message.string for message in read_mo(file) if message.id}
    assert compiled == source, "reinstall (pip install -e .) to compile the catalogue again"


def test_the_shipped_questionnaire_has_every_text_in_spanish(cli: CliRun) -> None:
    result = cli("lint", ROOT / "questionnaires")
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_question_without_its_spanish_text_or_an_unknown_id_fails_lint(cli: CliRun, tmp_path: Path) -> None:
    folder = tmp_path / "questionnaires"
    shutil.copytree(ROOT / "questionnaires", folder)
    bank = folder / "es" / "questions.yaml"
    data = yaml.safe_load(bank.read_text(encoding="utf-8"))
    del data["questions"]["model_registry"]
    data["steps"]["adopt_model_registri"] = dict(data["steps"]["adopt_model_registry"])
    bank.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = cli("lint", folder)
    assert result.returncode == 2
    lines = result.stdout.splitlines()
    assert any(
        line.startswith(f"{bank}:") and "questions.model_registry: missing: no text for this id" in line
        for line in lines
    ), result.stdout
    assert any("steps.adopt_model_registri: unknown id" in line for line in lines), result.stdout


def test_the_template_in_spanish_keeps_keys_and_answers_and_scores_the_same(cli: CliRun, tmp_path: Path) -> None:
    spanish, english = tmp_path / "es.yaml", tmp_path / "en.yaml"
    assert cli("template", "--team", "T", "--lang", "es", "-o", spanish).returncode == 0
    assert cli("template", "--team", "T", "-o", english).returncode == 0
    text = spanish.read_text(encoding="utf-8")
    assert "¿Los resultados de los experimentos" in text and "# Responda cada pregunta" in text
    assert "Are experiment results" not in text
    # The same data: keys and answer words are not translated.
    assert yaml.safe_load(text) == yaml.safe_load(english.read_text(encoding="utf-8"))
    answers = {"experiment_tracking": "mostly", "training_pipeline": "partially"}
    for path in (spanish, english):
        filled = path.read_text(encoding="utf-8")
        for question, answer in answers.items():
            filled = filled.replace(f"  {question}:\n", f"  {question}: {answer}\n", 1)
        path.write_text(filled, encoding="utf-8")
    scored = [cli("score", path, "--format", "json").stdout for path in (spanish, english)]
    levels = [
        {key: model["level"] for key, model in yaml.safe_load(io.StringIO(out))["models"].items()} for out in scored
    ]
    assert levels[0] == levels[1]


def test_the_locale_and_the_environment_choose_the_language_and_the_option_wins(cli: CliRun) -> None:
    assert "# Responda cada pregunta" in cli("template", env={"LANG": "es_PE.UTF-8"}).stdout
    assert "# Responda cada pregunta" in cli("template", env={"MLOPS_MATURITY_LANG": "es"}).stdout
    assert "# Answer each question" in cli("template", "--lang", "en", env={"LANG": "es_PE.UTF-8"}).stdout
    assert "# Answer each question" in cli("template", env={"LANG": "fr_FR.UTF-8"}).stdout


def test_a_language_the_tool_does_not_speak_is_a_usage_error(cli: CliRun) -> None:
    result = cli("template", "--lang", "fr")
    assert result.returncode == 2
    assert "--lang: 'fr' is not a language mlops-maturity speaks; expected one of en (English), es (español)" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr


def test_models_in_spanish_for_people_and_the_same_json_for_programs(cli: CliRun) -> None:
    shown = cli("models", "--lang", "es")
    assert shown.returncode == 0, shown.stderr
    assert "Nivel" in shown.stdout and "Criterios" in shown.stdout
    assert "Proceso manual" in shown.stdout and "Manual process" not in shown.stdout
    # The source's own title stays, with its translation beside it: it is how the document is found.
    assert "MLOps: Continuous delivery and automation pipelines in machine learning (" in shown.stdout
    assert cli("models", "--json", "--lang", "es").stdout == cli("models", "--json").stdout
