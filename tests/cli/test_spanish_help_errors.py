"""score, report and assess speak Spanish in --help (description and every option), and a
file that cannot be read is reported in Spanish with its file and line; English unchanged."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ..conftest import CliRun

SPANISH_LOCALE = {"LANG": "es_PE.UTF-8"}
ENGLISH_LOCALE = {"LANG": "C.UTF-8"}

HELP_PAGES = [
    # command, (Spanish description, Spanish option help), (English description, English option help)
    (
        "score",
        ("Calcula el nivel de archivos de respuestas completados", "Con --format json: siempre un arreglo"),
        ("Score filled-in answers files on both models. Suited to CI.", "With --format json: always an array"),
    ),
    (
        "report",
        ("Escribe un informe: niveles, por qué, brechas", "Escribe el informe en este archivo (de forma atómica)."),
        ("Write a report: levels, why, gaps and a plan of next steps.", "Write the report to this file (atomically)."),
    ),
    (
        "assess",
        ("Responda el cuestionario en la terminal", "Al final, escribe también aquí el informe en markdown."),
        ("Answer the questionnaire in the terminal", "Also write the markdown report here at the end."),
    ),
]


def _read(help_page: str) -> str:
    """The page as one line of words: a phrase matches wherever rich wrapped it or drew a border."""
    return re.sub(r"\s+", " ", help_page.replace("│", " "))


@pytest.mark.parametrize(("command", "spanish", "english"), HELP_PAGES, ids=[page[0] for page in HELP_PAGES])
def test_help_is_spanish_in_a_spanish_locale_and_english_otherwise(
    cli: CliRun, command: str, spanish: tuple[str, str], english: tuple[str, str]
) -> None:
    in_spanish = cli(command, "--help", env=SPANISH_LOCALE)
    in_english = cli(command, "--help", env=ENGLISH_LOCALE)
    assert in_spanish.returncode == in_english.returncode == 0, in_spanish.stderr + in_english.stderr
    shown_spanish, shown_english = _read(in_spanish.stdout), _read(in_english.stdout)
    for words in spanish:
        assert words in shown_spanish, words
        assert words not in shown_english, words
    for words in english:
        assert words in shown_english, words
        assert words not in shown_spanish, words


def test_score_help_in_spanish_has_no_english_option_help_left(cli: CliRun) -> None:
    shown = _read(cli("score", "--help", env=SPANISH_LOCALE).stdout)
    for english in ("Answers files (YAML or JSON)", "Exit 1 when MODEL", "The every-criterion level", "Also append"):
        assert english not in shown, english
    assert "Termina con 1 si MODEL está por debajo de LEVEL" in shown  # --fail-under
    assert "el código de salida sirve de control en un pipeline" in shown


def test_report_help_in_spanish_keeps_its_examples_as_written(cli: CliRun) -> None:
    shown = cli("report", "--help", "--lang", "es").stdout
    assert "    mlops-maturity report answers.yaml -o maturity-report.html" in shown
    assert "Su propia plantilla jinja2" in _read(shown)  # --template


def test_a_yaml_syntax_error_is_told_in_spanish_with_file_and_line(cli: CliRun, tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text("team: Fraud\nanswers:\n  experiment_tracking: [mostly\n", encoding="utf-8")
    english = cli("score", path)
    spanish = cli("score", path, "--lang", "es")
    assert spanish.returncode == english.returncode == 2
    assert f"error: {path}:4:1: no se encontró la ',' o el ']' esperado (en una lista [...])" in spanish.stderr
    assert "did not find" not in spanish.stderr
    assert f"error: {path}:4:1: did not find expected ',' or ']' (in a [...] list)" in english.stderr


def test_an_answers_file_not_in_utf8_is_told_in_spanish_with_file_and_line(cli: CliRun, tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_bytes("team: Fraud\nassessor: Mar\u00eda\n".encode("latin-1"))
    english = cli("score", path)
    spanish = cli("score", path, "--lang", "es")
    assert spanish.returncode == english.returncode == 2
    assert f"error: {path}:2: no es UTF-8 válido (byte 0xed en la posición 25); guarde el archivo como UTF-8" in (
        spanish.stderr
    )
    assert f"error: {path}:2: not valid UTF-8 (byte 0xed at offset 25); save the file as UTF-8" in english.stderr


def test_a_missing_answers_file_is_told_in_spanish(cli: CliRun, tmp_path: Path) -> None:
    english = cli("report", "nowhere.yaml")
    spanish = cli("report", "nowhere.yaml", "--lang", "es")
    assert spanish.returncode == english.returncode == 2
    assert "nowhere.yaml: el archivo no existe (se esperaba un archivo de respuestas (YAML o JSON))" in spanish.stderr
    assert "nowhere.yaml: no such file (expected an answers file (YAML or JSON))" in english.stderr
