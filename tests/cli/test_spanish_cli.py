"""--help and error messages in Spanish: our words, click's and typer's; English unchanged."""

from __future__ import annotations

from pathlib import Path

from mlops_maturity.questionnaire.model import QuestionnaireSet

from ..conftest import EXAMPLES, CliRun, write_answers

SPANISH_LOCALE = {"LANG": "es_PE.UTF-8"}


def _bad_answers(folder: Path, version: str) -> Path:
    return write_answers(
        folder / "bad.yaml",
        f'questionnaire_version: "{version}"\nteam: Fraud\ndate: 2026-11-01\nanswers:\n'
        "  experiment_tracking: sometimes\n  no_such_question: fully\n",
    )


def test_root_help_in_spanish_with_lang(cli: CliRun) -> None:
    result = cli("--lang", "es", "--help")
    assert result.returncode == 0, result.stderr
    for words in ("Uso: ", "Opciones", "Comandos", "Muestra este mensaje y termina.", "Códigos de salida"):
        assert words in result.stdout, words
    assert "modelos de madurez de MLOps de Google y de Microsoft" in result.stdout  # the root's own help
    assert "Compara dos evaluaciones de un equipo" in result.stdout  # a command's short help
    assert "Usage:" not in result.stdout and "Show this message" not in result.stdout


def test_command_help_in_spanish_from_the_locale(cli: CliRun) -> None:
    result = cli("score", "--help", env=SPANISH_LOCALE)
    assert result.returncode == 0, result.stderr
    for words in ("Uso: ", " score [OPTIONS] FILE", "Argumentos", "Opciones", "[obligatorio]", "Solo este modelo"):
        assert words in result.stdout, words


def test_a_command_with_lang_after_it_gets_spanish_help(cli: CliRun) -> None:
    result = cli("template", "--help", "--lang=es")
    assert result.returncode == 0, result.stderr
    assert "Imprime un archivo de respuestas en blanco" in result.stdout
    assert "    mlops-maturity template --team Fraud -o answers.yaml" in result.stdout  # examples as written


def test_bad_answers_file_gives_a_spanish_error_with_file_line_and_key(
    cli: CliRun, tmp_path: Path, shipped: QuestionnaireSet
) -> None:
    path = _bad_answers(tmp_path, shipped.version)
    english = cli("score", path)
    for env, args in ((SPANISH_LOCALE, ()), ({}, ("--lang", "es"))):
        result = cli(*args, "score", path, env=env)
        assert result.returncode == english.returncode == 2, result.stderr
        assert f"error: {path}: 2 problemas en el archivo de respuestas" in result.stderr
        assert f"{path}:5: answers.experiment_tracking: 'sometimes' no es una respuesta" in result.stderr
        assert f"{path}:6: answers.no_such_question: id de pregunta desconocido" in result.stderr
    assert f"{path}:5: answers.experiment_tracking: 'sometimes' is not an answer" in english.stderr


def test_click_usage_errors_in_spanish(cli: CliRun) -> None:
    result = cli("score", "--no-such-flag", env=SPANISH_LOCALE)
    assert result.returncode == 2
    assert "No existe la opción: --no-such-flag" in result.stderr
    assert "para ver la ayuda" in result.stderr
    missing = cli("score", env=SPANISH_LOCALE)
    assert missing.returncode == 2
    assert "Falta el argumento 'FILE'." in missing.stderr
    mistyped = cli("scroe", env=SPANISH_LOCALE)
    assert mistyped.returncode == 2
    assert "No existe el comando 'scroe'. ¿Quiso decir 'score'?" in mistyped.stderr
    assert "Ejecute 'python -m mlops_maturity -h' para ver la ayuda." in mistyped.stderr


def test_an_unknown_language_is_a_clean_usage_error(cli: CliRun) -> None:
    for args in (("--lang", "xx", "models"), ("models", "--lang", "xx")):
        result = cli(*args)
        assert result.returncode == 2, args
        assert "error: --lang: 'xx' is not a language mlops-maturity speaks" in result.stderr
        assert "Traceback" not in result.stderr


def test_english_help_is_unchanged(cli: CliRun) -> None:
    result = cli("score", "--help")
    assert result.returncode == 0
    for words in ("Usage: ", "Arguments", "Options", "[required]", "Only this model"):
        assert words in result.stdout, words
    assert "Show this message and exit." in cli("--help").stdout


def test_a_command_without_lang_writes_the_same_under_a_spanish_locale(cli: CliRun) -> None:
    # Its help and errors follow the locale; what it writes does not (it has no --lang).
    old, new = EXAMPLES / "startup-notebooks.yaml", EXAMPLES / "fraud-platform.yaml"
    for args in (("diff", old, new), ("diff", old, new, "--format", "json"), ("models", "--json")):
        assert cli(*args, env=SPANISH_LOCALE).stdout == cli(*args).stdout, args


def test_a_refused_choice_is_worded_in_spanish(cli: CliRun) -> None:
    result = cli("diff", "a.yaml", "b.yaml", "--format", "nope", env=SPANISH_LOCALE)
    assert result.returncode == 2
    assert "Valor no válido para '--format' / '-f': 'nope'" in result.stderr
    assert "Value error" not in result.stderr
