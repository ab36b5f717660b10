"""`report --lang es` and `score --lang es`: what people read is in Spanish, the levels and
what programs read are the same as in English.

Every run is a separate process (`cli`): the language chosen is the process's, and must not
leak into the English tests that share a worker.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from ..conftest import EXAMPLES, MINI, CliRun
from . import test_html_browser as browser_checks
from . import test_markdown_escaping as escaping
from .conftest import assert_tables_well_formed, headings, link_targets, parse, raw_html, tables

if TYPE_CHECKING:
    from playwright.sync_api import Browser

FRAUD = EXAMPLES / "fraud-platform.yaml"
STARTUP = EXAMPLES / "startup-notebooks.yaml"
browser = browser_checks.browser  # the same headless Chromium, started once for this module
hostile_answers = escaping.hostile_answers  # user text that tries to break tables, inject HTML and links

SPANISH_HEADINGS = [
    "Resumen",
    "Por qué este nivel",
    "Brechas y pasos siguientes",
    "Brechas bloqueantes",
    "Pasos siguientes",
    "Perfil de capacidades",
    "Apéndice: respuestas",
]
ENGLISH_HEADINGS = ["Summary", "Why this level", "Gaps and next steps", "Blocking gaps", "Next steps"]
ENGLISH_HEADINGS += ["Capability profile", "Appendix: answers"]


def _run(cli: CliRun, *args: str | Path, env: dict[str, str] | None = None) -> str:
    done = cli(*args, env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _summary_levels(markdown: str) -> dict[str, str]:
    """Model name -> the Level cell of the summary table (the first table)."""
    summary = tables(markdown)[0]
    return {row[0]: row[1] for row in summary.rows}


@pytest.mark.parametrize("answers", [FRAUD, STARTUP], ids=lambda path: path.stem)
def test_the_markdown_report_in_spanish_reads_as_commonmark_with_spanish_headings(cli: CliRun, answers: Path) -> None:
    spanish = _run(cli, "report", answers, "--lang", "es")
    assert_tables_well_formed(spanish)
    shown = [text for _, text in headings(parse(spanish))]
    assert shown[0].startswith("Informe de madurez de MLOps: ")
    for heading in SPANISH_HEADINGS:
        assert heading in shown, heading
    for heading in ENGLISH_HEADINGS:
        assert heading not in shown, heading
    found = tables(spanish)
    assert found[0].header == [
        "Modelo de madurez",
        "Nivel",
        "Nombre",
        "Siguiente nivel",
        "Avance hacia el siguiente nivel",
    ]
    criteria = [table for table in found if table.header[:2] == ["Criterio", "Estado"]]
    assert criteria, "no criteria table"
    statuses = {row[1] for table in criteria for row in table.rows}
    assert statuses <= {"✅ cumplido", "❌ no cumplido", "➖ no aplica", "❔ sin respuesta"}, statuses
    # The labels are Spanish (the sources' own section names, quoted, stay as the source wrote them).
    assert any(text.startswith("Nivel 1: ") for text in shown)
    assert not any("Level " in text for text in shown), shown
    if "#pasos-siguientes" in link_targets(spanish):
        assert "Pasos siguientes" in shown


@pytest.mark.parametrize("answers", [FRAUD, STARTUP], ids=lambda path: path.stem)
def test_the_same_answers_give_the_same_levels_in_spanish_and_in_english(cli: CliRun, answers: Path) -> None:
    json_spanish = _run(cli, "score", answers, "-f", "json", "--lang", "es")
    json_english = _run(cli, "score", answers, "-f", "json")
    assert json_spanish == json_english
    levels = {model["model_name"]: model["level"] for model in json.loads(json_english)["models"].values()}
    spanish, english = (_run(cli, "report", answers, *language) for language in (["--lang", "es"], []))
    spanish_levels, english_levels = _summary_levels(spanish), _summary_levels(english)
    assert {name: cell.split(" ")[0] for name, cell in spanish_levels.items()} == {
        name: str(level) for name, level in levels.items()
    }
    assert {name: cell.split(" ")[0] for name, cell in english_levels.items()} == {
        name: cell.split(" ")[0] for name, cell in spanish_levels.items()
    }


@pytest.mark.parametrize("output_format", ["json", "jsonl", "csv", "github", "gitlab", "badge", "facts"])
def test_machine_formats_are_the_same_in_every_language(cli: CliRun, output_format: str) -> None:
    english = cli("score", FRAUD, "-f", output_format, "--fail-under", "google=2")
    for spanish in (
        cli("score", FRAUD, "-f", output_format, "--fail-under", "google=2", "--lang", "es"),
        cli("score", FRAUD, "-f", output_format, "--fail-under", "google=2", env={"MLOPS_MATURITY_LANG": "es"}),
    ):
        assert (spanish.returncode, spanish.stdout) == (english.returncode, english.stdout)
        assert "Nivel" not in spanish.stdout


def test_a_language_the_tool_does_not_speak_is_refused_for_machine_formats_too(cli: CliRun) -> None:
    for args in (["score", FRAUD, "-f", "json"], ["score", FRAUD], ["report", FRAUD]):
        done = cli(*args, "--lang", "fr")
        assert done.returncode == 2, done.stdout
        assert "--lang: 'fr' is not a language mlops-maturity speaks" in done.stderr


def test_score_text_is_in_spanish(cli: CliRun) -> None:
    spanish = _run(cli, "score", FRAUD, "--lang", "es")
    assert "Nivel 1: Automatización del pipeline de ML" in spanish
    assert "Brechas bloqueantes (lo que mantiene al equipo en este nivel):" in spanish
    assert "Primeros pasos a seguir:" in spanish and "Herramientas: " in spanish
    for english in ("Blocking gaps", "First next steps", "Tools:", "Level 1", "criteria towards"):
        assert english not in spanish, english
    short = _run(cli, "score", FRAUD, "-f", "markdown", "--lang", "es")
    assert short.startswith("### Madurez de MLOps: ")
    assert tables(short)[0].header == ["Modelo de madurez", "Nivel", "Nombre", "Siguiente nivel", "Avance"]
    assert "**Pasos siguientes**" in short


def test_the_locale_chooses_spanish_for_the_report(cli: CliRun) -> None:
    shown = [text for _, text in headings(parse(_run(cli, "report", FRAUD, env={"LANG": "es_MX.UTF-8"})))]
    assert "Resumen" in shown
    shown = [
        text for _, text in headings(parse(_run(cli, "report", FRAUD, "--lang", "en", env={"LANG": "es_MX.UTF-8"})))
    ]
    assert "Summary" in shown


def test_a_users_template_speaks_the_language_and_keeps_the_sandbox(cli: CliRun, tmp_path: Path) -> None:
    template = tmp_path / "mine.md.j2"
    template.write_text(
        '# {{ _("Summary") }}\n{% trans %}Next steps{% endtrans %}\n\n'
        '{{ _("MLOps maturity report: %(team)s", team=assessment.team | md) }}\n'
        "{% for model in assessment.models.values() %}{{ model.label }}\n{% endfor %}",
        encoding="utf-8",
    )
    spanish = _run(cli, "report", FRAUD, "--template", template, "--lang", "es")
    assert spanish.splitlines()[:3] == [
        "# Resumen",
        "Pasos siguientes",
        "Informe de madurez de MLOps: Card fraud detection (Payments risk)",
    ]
    assert "Nivel 1: Automatización del pipeline de ML" in spanish
    assert _run(cli, "report", FRAUD, "--template", template).startswith("# Summary\nNext steps\n")
    # A message is a `%` format: its widths are bounded like the `format` filter's.
    template.write_text('{{ _("%(x)999999999s", x=1) }}\n', encoding="utf-8")
    refused = cli("report", FRAUD, "--template", template, "--lang", "es")
    assert refused.returncode == 2
    assert "a width or precision of 999999999" in refused.stderr


def test_the_html_report_in_spanish_opens_cleanly_and_says_it_is_spanish(
    browser: Browser, cli: CliRun, tmp_path: Path
) -> None:
    report = tmp_path / "informe.html"
    done = cli("report", FRAUD, "--lang", "es", "-o", report)
    assert done.returncode == 0, done.stderr
    for width in (browser_checks.DESKTOP, browser_checks.PHONE):
        visit = browser_checks.Visit(browser, report, width)
        try:
            page = visit.page
            assert visit.problems == [] and visit.fetched == []
            assert page.evaluate("document.documentElement.lang") == "es"
            assert page.locator("h1").inner_text().startswith("Informe de madurez de MLOps: ")
            shown: list[Any] = page.locator("h2").all_inner_texts()
            assert shown[:2] == ["Resumen", "Perfil de capacidades"] and "En detalle" in shown
            drawn = visit.charts()
            assert {"profile-chart", "ladder-chart-1", "ladder-chart-2"} <= {chart["id"] for chart in drawn}
            for chart in drawn:
                assert chart["visible"] and chart["named"], chart
                assert chart["right"] <= width + 0.5, chart
            titles = page.locator("svg title").all_text_contents()
            ladder = "Escalera de madurez de Google: el equipo está en el Nivel 1"
            assert any(title.startswith(ladder) for title in titles)
            assert "Perfil de capacidades: proporción de las mejores respuestas por dimensión" in titles
            assert visit.horizontal_overflow() <= 0, f"horizontal scroll at {width} px"
            page.locator("details#why > summary").click()
            assert page.locator("details#why th", has_text="Criterio").first.is_visible()
            assert "Reached" not in page.locator("table.chart-data").first.inner_text()
            quoted = page.locator("details#why td", has_text=QUOTE).first.inner_text()
            assert f"“{QUOTE}” (traducción: “{QUOTE_ES}”)" in quoted
        finally:
            visit.close()


QUOTE = "The model is automatically trained in production using fresh data based on live pipeline triggers"
QUOTE_ES = "El modelo se entrena automáticamente en producción con datos recientes, a partir de disparadores del pipeline en vivo"


def test_a_source_quote_stays_verbatim_with_its_translation_beside_it_marked_as_one(cli: CliRun) -> None:
    spanish = _run(cli, "report", STARTUP, "--lang", "es")
    [cell] = [cell for table in tables(spanish) for row in table.rows for cell in row if QUOTE in cell]
    assert cell.endswith(f"“{QUOTE}” (traducción: “{QUOTE_ES}”)")
    assert "traducción" not in _run(cli, "report", STARTUP) and QUOTE in _run(cli, "report", STARTUP)


def test_the_change_since_the_last_assessment_is_in_spanish_and_in_its_place(cli: CliRun) -> None:
    previous = EXAMPLES / "over-time" / "fraud-platform-2026-05.yaml"
    spanish = _run(cli, "report", FRAUD, "--previous", previous, "--lang", "es")
    shown = [text for _, text in headings(parse(spanish))]
    since = shown.index("Desde la evaluación anterior (2026-05-20)")
    assert shown[since + 1] == "Por qué este nivel"
    change = next(table for table in tables(spanish) if table.header[-2:] == ["Ahora cumplidos", "Ya no cumplidos"])
    assert [row[1] for row in change.rows] == [
        "0 -> 1 (sube)",
        "3 (nivel 2 de Microsoft) -> 4 (nivel 3 de Microsoft) (sube)",
    ]
    assert "Respuestas que cambiaron:" in spanish and "Answers changed" not in spanish


def test_user_text_is_escaped_as_in_english_within_spanish_sentences(cli: CliRun, hostile_answers: Path) -> None:
    markdown = _run(cli, "report", hostile_answers, "-Q", MINI, "--lang", "es")
    assert_tables_well_formed(markdown)
    # The only raw HTML is the templates' own line breaks in cells; the only links, http(s) and the plan's.
    assert set(raw_html(markdown)) <= {"<br>"}
    targets = link_targets(markdown)
    assert all(target.startswith(("https://", "http://")) or target == "#pasos-siguientes" for target in targets)
    tokens = parse(markdown)
    assert headings(tokens)[0] == ("h1", f"Informe de madurez de MLOps: {escaping.one_line(escaping.HOSTILE)}")
    assert [tag for tag, _ in headings(tokens)].count("h1") == 1
    page = _run(cli, "report", hostile_answers, "-Q", MINI, "--lang", "es", "-f", "html")
    assert '<html lang="es">' in page
    assert "<script" not in page and "<img" not in page
    assert "Fraud &lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_gate_speaks_spanish_to_people_and_english_beside_machine_formats(cli: CliRun) -> None:
    spanish = cli("score", STARTUP, "--lang", "es", "--fail-under", "google=2")
    assert spanish.returncode == 1
    assert "por debajo del umbral: " in spanish.stderr and "está en el Nivel 0: " in spanish.stderr
    quiet = cli("score", STARTUP, "--lang", "es", "--fail-under", "google=2", "-q")
    assert "por debajo del umbral (google=2)" in quiet.stdout
    machine = cli("score", STARTUP, "--lang", "es", "--fail-under", "google=2", "-f", "json")
    assert machine.returncode == 1
    assert "below threshold: " in machine.stderr and "is at Level 0: " in machine.stderr
