"""`assess` in Spanish (issue 21), in a real pseudo-terminal, chosen by the locale alone.

The installed entry point runs the shipped questionnaire with `LANG=es_PE.UTF-8` and no
`--lang`: the screens, prompts and keys line are Spanish, the questions are those of
`questionnaires/es/questions.yaml`, and the answers file holds the same English answer
words, and the same data, as an English session given the same answers. An English run
(`LANG=C.UTF-8`) still shows the English interface.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from mlops_maturity.interactive.replies import parse_reply, parse_scope_reply
from mlops_maturity.interactive.session import session_questions
from mlops_maturity.questionnaire.shipped import load_shipped_questionnaires
from mlops_maturity.questionnaire.translation import translated

from ..conftest import ROOT
from .test_assess_pty import TIMEOUT, plain

if sys.platform == "win32":  # pragma: no cover - no pseudo-terminals
    pytest.skip("pseudo-terminals need a Unix-like system", allow_module_level=True)
pexpect = pytest.importorskip("pexpect")

SPANISH = yaml.safe_load((ROOT / "questionnaires" / "es" / "questions.yaml").read_text(encoding="utf-8"))
SPANISH_PROMPT = re.compile(r"Respuesta(?: \[Enter conserva [^\]]*\])?: ")
ENGLISH_PROMPT = re.compile(r"Answer(?: \[Enter keeps [^\]]*\])?: ")

# The interface's own English sentences: none may show in a Spanish session.
ENGLISH_SENTENCES = (
    "Team name (q to quit)",
    "Answers are saved to",
    "before the questions",
    "Every question is asked",
    "question 1 of",
    "Answer: ",
    "save and quit",
    "Recorded for question",
    "Skipped question",
    "Why does this not apply?",
    "Press Enter to return",
    "This answer is used by",
    "Saved 2 answer(s)",
    "Resume with:",
    "Answers saved in",
    "Every gap, step and tool",
    "criteria towards",
    "First next steps",
    "Not asked, n/a",
)


def entry_point() -> str:
    """The installed `mlops-maturity` console script, as a person runs it."""
    beside = Path(sys.executable).with_name("mlops-maturity")
    found = str(beside) if beside.exists() else shutil.which("mlops-maturity")
    assert found, "mlops-maturity is not installed"
    return found


def spawn(cwd: Path, lang: str, *arguments: str) -> tuple[Any, io.StringIO]:
    """`mlops-maturity assess` in a 100 x 30 terminal, with `LANG` the only language setting."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("LC_ALL", "LC_MESSAGES", "LANGUAGE", "MLOPS_MATURITY_LANG", "MLOPS_MATURITY_QUESTIONNAIRES")
    }
    env.update({"LANG": lang, "TERM": "xterm", "COLUMNS": "100", "LINES": "30", "NO_COLOR": "1"})
    log = io.StringIO()
    child = pexpect.spawn(
        entry_point(),
        ["assess", "-o", "answers.yaml", *arguments],
        cwd=str(cwd),
        env=env,
        dimensions=(30, 100),
        timeout=TIMEOUT,
        encoding="utf-8",
        codec_errors="replace",
    )
    child.logfile_read = log
    return child, log


def words(text: str) -> re.Pattern[str]:
    """`text` as drawn: wrapped at any space, each line in its own style codes."""
    return re.compile(r"(?:\s|\x1b\[[0-9;]*m)+".join(re.escape(word) for word in text.split()))


def finish(child: Any) -> int:
    child.expect(pexpect.EOF)
    child.close()
    status: int = child.exitstatus
    return status


def data(path: Path) -> dict[str, Any]:
    loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def test_the_locale_alone_makes_the_questionnaire_spanish_and_the_file_keeps_the_english_words(
    tmp_path: Path,
) -> None:
    first, second, third = (
        question.id for question in session_questions(load_shipped_questionnaires(), ("microsoft",))[:3]
    )
    child, log = spawn(tmp_path, "es_PE.UTF-8", "--model", "microsoft")
    try:
        child.expect_exact("Nombre del equipo (q para salir): ")
        child.sendline("Fraude")
        # The scope question first, with its Spanish text and Spanish choices.
        child.expect_exact("Alcance")
        child.expect(words(SPANISH["scopes"]["trains_models"]["text"]))
        child.expect(SPANISH_PROMPT)
        assert re.search(r"^1 Sí ", plain(log.getvalue()), flags=re.MULTILINE)
        child.sendline("1")
        # Each screen: the position, the question, the keys, then what the last reply did.
        child.expect_exact("pregunta 1 de 37")
        child.expect(words(SPANISH["questions"][first]["text"]))
        child.expect_exact("?  ayuda   b  atrás   s  saltar   +  nota   q  guardar y salir")
        child.expect_exact("Registrado: sí. Se plantean todas las preguntas.")
        child.expect(SPANISH_PROMPT)
        child.sendline("mayormente")  # the Spanish label is an answer
        child.expect_exact("pregunta 2 de 37")
        child.expect(words(SPANISH["questions"][second]["text"]))
        child.expect_exact("Respuesta registrada en la pregunta 1: Mayormente")
        child.expect(SPANISH_PROMPT)
        child.sendline("?")
        child.expect_exact("Esta respuesta se usa en:")
        child.expect_exact("Presione Enter para volver a la pregunta o escriba la respuesta.")
        child.sendline("t")  # t for "totalmente": the keys' letters begin no Spanish answer
        child.expect_exact("pregunta 3 de 37")
        child.expect(words(SPANISH["questions"][third]["text"]))
        child.expect_exact("Respuesta registrada en la pregunta 2: Totalmente")
        child.expect(SPANISH_PROMPT)
        child.sendline("s")
        child.expect_exact("pregunta 4 de 37")
        child.expect_exact("Pregunta 3 omitida: queda sin responder.")
        child.expect(SPANISH_PROMPT)
        child.sendline("q")
        assert finish(child) == 0
    finally:
        child.close(force=True)
    shown = plain(log.getvalue())
    assert "Se guardaron 2 respuesta(s) en answers.yaml.\nPara retomar: mlops-maturity assess -o answers.yaml" in shown
    assert [sentence for sentence in ENGLISH_SENTENCES if sentence in shown] == []
    saved = data(tmp_path / "answers.yaml")
    assert saved["team"] == "Fraude"
    assert saved["answers"][first]["answer"] == "mostly"
    assert saved["answers"][second]["answer"] == "fully"
    assert saved["answers"][third]["answer"] is None


def run_to_the_end(cwd: Path, lang: str, typed: dict[str, str], reason: str) -> str:
    """A whole session on Google's questions, the training ones out of scope; what it showed.

    `typed`: the scope reply, each question's reply by id, and the n/a spelling.
    """
    spanish = lang.startswith("es")
    prompt = SPANISH_PROMPT if spanish else ENGLISH_PROMPT
    questionnaires = load_shipped_questionnaires()
    out = questionnaires.out_of_scope({"trains_models": False})
    asked = [question for question in session_questions(questionnaires, ("google",)) if question.id not in out]
    child, log = spawn(cwd, lang, "--model", "google", "--team", "Fraude")
    try:
        child.expect(prompt)
        child.sendline(typed["scope"])
        for question in asked:
            if spanish:
                child.expect(words(SPANISH["questions"][question.id]["text"]))
            child.expect(prompt)
            child.sendline(typed.get(question.id, typed["default"]))
            if question.id == "online_validation":
                child.expect_exact("¿Por qué no aplica?" if spanish else "Why does this not apply?")
                child.sendline(reason)
        assert finish(child) == 0
    finally:
        child.close(force=True)
    return plain(log.getvalue())


def test_a_spanish_session_writes_the_same_answers_file_as_an_english_one(tmp_path: Path) -> None:
    spanish, english = tmp_path / "es", tmp_path / "en"
    spanish.mkdir()
    english.mkdir()
    shown = run_to_the_end(
        spanish,
        "es_PE.UTF-8",
        {"scope": "no", "default": "parcialmente", "online_validation": "no aplica", "model_registry": "mayor"},
        "Sin inferencia en línea.",
    )
    shown_in_english = run_to_the_end(
        english,
        "C.UTF-8",
        {"scope": "2", "default": "2", "online_validation": "5", "model_registry": "3"},
        "Sin inferencia en línea.",
    )
    # The summary at the end, in Spanish: the levels, the plan's first steps, what was not asked.
    summary = shown[shown.rindex("Registrado") :]
    assert "No planteadas, n/a: 12 pregunta(s)." in summary
    assert "Primeros pasos a seguir (3 de " in summary
    assert "criterios cumplidos para llegar a" in summary
    assert (
        "Respuestas guardadas en answers.yaml. Para puntuarlas de nuevo: mlops-maturity score answers.yaml" in summary
    )
    assert "Todas las brechas, los pasos y las herramientas: mlops-maturity report answers.yaml -o report.md" in summary
    assert [sentence for sentence in ENGLISH_SENTENCES if sentence in shown] == []
    # The English run is as it always was.
    assert "Answers saved in answers.yaml. Score them again with: mlops-maturity score answers.yaml" in shown_in_english
    assert "?  help   b  back   s  skip   +  note   q  save and quit" in shown_in_english
    assert "First next steps (3 of " in shown_in_english
    assert "Respuesta" not in shown_in_english and "pregunta" not in shown_in_english
    # Both files hold the same data, answer words in English: they combine and compare.
    in_spanish, in_english = data(spanish / "answers.yaml"), data(english / "answers.yaml")
    assert in_spanish == in_english
    # Line for line but the comments (the questions' text, in the language of the session).
    assert uncommented(spanish / "answers.yaml") == uncommented(english / "answers.yaml")
    answers = in_spanish["answers"]
    assert answers["model_registry"] == {"answer": "mostly", "source": "assess"}
    assert answers["automated_model_deployment"] == {"answer": "partially", "source": "assess"}
    assert answers["online_validation"] == {"answer": "n/a", "note": "Sin inferencia en línea.", "source": "assess"}
    assert answers["modular_components"] is None  # out of scope: not asked
    assert in_spanish["scope"] == {"trains_models": False}


def uncommented(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if not line.lstrip().startswith("#")]


@pytest.mark.parametrize(
    ("typed", "kind", "value"),
    [
        ("n", "answer", "no"),  # never the note: the key letters stay English
        ("no", "answer", "no"),
        ("p", "answer", "partially"),
        ("m", "answer", "mostly"),
        ("Mayormente", "answer", "mostly"),
        ("t", "answer", "fully"),
        ("totalmente?", "answer", "fully"),
        ("no aplica", "answer", "n/a"),
        ("s", "skip", None),
        ("saltar", "skip", None),
        ("ayuda", "help", None),
        ("atrás", "back", None),
        ("nota", "note", None),
        ("salir", "quit", None),
        ("q", "quit", None),
    ],
)
def test_spanish_words_answer_and_act_as_the_english_ones(typed: str, kind: str, value: str | None) -> None:
    shipped = load_shipped_questionnaires()
    questionnaires = translated(shipped, Path(shipped.location), "es")
    question = next(question for question in questionnaires.bank.questions if question.id == "online_validation")
    reply = parse_reply(typed, question, questionnaires, has_default=False)
    assert (reply.kind, reply.value) == (kind, value)


def test_si_answers_a_scope_question_and_s_still_skips_it() -> None:
    assert parse_scope_reply("sí", has_default=False).value == "yes"
    assert parse_scope_reply("Si", has_default=False).value == "yes"
    assert parse_scope_reply("s", has_default=False).kind == "skip"


def test_lang_es_wins_over_an_english_locale_and_q_at_the_team_name_saves_nothing(tmp_path: Path) -> None:
    child, log = spawn(tmp_path, "C.UTF-8", "--lang", "es")
    try:
        child.expect_exact("Nombre del equipo (q para salir): ")
        child.sendline("q")
        assert finish(child) == 0
    finally:
        child.close(force=True)
    shown = plain(log.getvalue())
    assert (
        "Sesión terminada antes de guardar nada.\nPara empezar de nuevo: mlops-maturity assess -o answers.yaml --lang es"
        in shown
    )
    assert "Quit before anything was saved" not in shown
    assert not (tmp_path / "answers.yaml").exists()
