"""`assess` asks each scope's question first, saves it at once, and skips what it puts out.

On the mini questionnaire with a scope (`tests/questionnaire/scoped.py`): no to "Does the
team train its models?" puts `tracking` (question 2) and `pipeline` (question 3) out, so
only questions 1, 4 and 5 are asked. Through typer's runner, then in a real pseudo-terminal.
"""

from __future__ import annotations

import datetime
import io
import re
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from rich.console import Console
from typer.testing import CliRunner

from mlops_maturity.answers.model import AnswersFile
from mlops_maturity.cli import app
from mlops_maturity.engine.scope import in_scope
from mlops_maturity.engine.scoring import score
from mlops_maturity.interactive.replies import parse_scope_reply
from mlops_maturity.interactive.session import Session
from mlops_maturity.interactive.summary import short_summary
from mlops_maturity.questionnaire.model import QuestionnaireSet

from ..questionnaire.scoped import REASON, load_scoped_mini, scoped_mini

QUESTION = "Does the team train its models?"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return scoped_mini(tmp_path / "scoped")


@pytest.fixture
def scoped(tmp_path: Path) -> QuestionnaireSet:
    return load_scoped_mini(tmp_path / "loaded")


def run_assess(runner: CliRunner, folder: Path, path: Path, typed: list[str], *extra: str) -> Any:
    return runner.invoke(
        app,
        ["assess", "--questionnaires", str(folder), "-o", str(path), "--force-interactive", *extra],
        input="".join(line + "\n" for line in typed),
    )


def saved(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def values(path: Path) -> dict[str, Any]:
    return {key: value["answer"] if isinstance(value, dict) else value for key, value in saved(path)["answers"].items()}


def asked(stderr: str) -> list[int]:
    """The numbers of the question screens drawn, in order."""
    return [int(number) for number in re.findall(r"question (\d) of 5", stderr)]


# ── Deciding, without a terminal ──────────────────────────────────────────


@pytest.mark.parametrize(
    ("typed", "kind", "value"),
    [
        ("1", "answer", "yes"),
        ("y", "answer", "yes"),
        ("Yes", "answer", "yes"),
        ("2", "answer", "no"),
        ("n", "answer", "no"),
        ("no", "answer", "no"),
        ("3", "invalid", None),
        ("mostly", "invalid", None),
        ("?", "help", None),
        ("b", "back", None),
        ("s", "skip", None),
        ("q", "quit", None),
        ("", "invalid", None),
    ],
)
def test_a_scope_question_takes_yes_or_no(typed: str, kind: str, value: str | None) -> None:
    reply = parse_scope_reply(typed, has_default=False)
    assert (reply.kind, reply.value) == (kind, value)


def test_enter_keeps_a_scope_answer_and_a_note_is_refused() -> None:
    assert parse_scope_reply("", has_default=True).kind == "keep"
    note = parse_scope_reply("+", has_default=True)
    assert note.kind == "invalid" and note.message == "This question takes yes or no, without a note."


def test_a_session_skips_the_questions_out_of_scope(scoped: QuestionnaireSet, tmp_path: Path) -> None:
    session = Session(
        path=tmp_path / "a.yaml",
        questionnaires=scoped,
        questions=scoped.bank.questions,
        team="T",
        date=datetime.date(2026, 11, 1),
        assessor=None,
    )
    assert [scope.id for scope in session.scopes] == ["trains_models"]
    assert session.scopes_to_ask() == [0]
    session.set_scope("trains_models", False)
    assert session.first_question() == 0
    assert session.answered == 2  # settled as n/a
    session.advance()
    assert session.index == 3  # past tracking and pipeline
    assert session.previous_question() == 0
    assert session.answers_file().scope == {"trains_models": False}
    session.set_scope("trains_models", None)
    assert session.answers_file().scope == {}


def test_the_summary_names_what_was_not_asked(scoped: QuestionnaireSet) -> None:
    answers = AnswersFile.model_validate(
        {
            "questionnaire_version": "test-1",
            "team": "T",
            "date": "2026-11-01",
            "scope": {"trains_models": False},
            "answers": {"code_vc": "fully", "feature_store": "mostly", "auto_deploy": "fully", "tracking": "no"},
        }
    )
    console = Console(width=100, record=True, file=io.StringIO())
    console.print(short_summary(score(scoped, in_scope(answers, scoped))))
    shown = console.export_text()
    assert f"Not asked, n/a: 2 question(s). {REASON}" in shown
    assert "unanswered" not in shown


# ── Through the command ───────────────────────────────────────────────────


def test_no_is_saved_at_once_and_the_questions_it_puts_out_are_not_asked(
    runner: CliRunner, folder: Path, tmp_path: Path
) -> None:
    path = tmp_path / "a.yaml"
    result = run_assess(runner, folder, path, ["n", "4", "2", "q"], "--team", "T")
    assert result.exit_code == 0, result.output
    assert QUESTION in result.stderr
    assert "2 question(s) do not apply: n/a (The team trains no models.), not asked." in result.stderr
    assert "Recorded: no. 2 question(s) do not apply: n/a, not asked." in result.stderr
    assert asked(result.stderr) == [1, 4, 5]
    assert "question 4 of 5 (2 out of scope: n/a, not asked)" in result.stderr
    assert saved(path)["scope"] == {"trains_models": False}
    assert values(path) == {
        "code_vc": "fully",
        "tracking": None,
        "pipeline": None,
        "feature_store": "partially",
        "auto_deploy": None,
    }


def test_yes_asks_every_question(runner: CliRunner, folder: Path, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    result = run_assess(runner, folder, path, ["y", "4", "3", "3", "3", "4"], "--team", "T")
    assert result.exit_code == 0, result.output
    assert asked(result.stderr) == [1, 2, 3, 4, 5]
    assert saved(path)["scope"] == {"trains_models": True}


def test_a_resumed_run_does_not_ask_the_scope_again(runner: CliRunner, folder: Path, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    run_assess(runner, folder, path, ["n", "4", "q"], "--team", "T")
    result = run_assess(runner, folder, path, ["3", "q"])
    assert result.exit_code == 0, result.output
    assert QUESTION not in result.stderr
    assert asked(result.stderr) == [4, 5]
    assert "3 of 5 questions answered; continuing at question 4." in " ".join(result.stderr.split())
    assert values(path)["feature_store"] == "mostly"


def test_review_asks_the_scope_first_and_yes_brings_the_questions_back(
    runner: CliRunner, folder: Path, tmp_path: Path
) -> None:
    path = tmp_path / "a.yaml"
    run_assess(runner, folder, path, ["n", "4", "3", "4"], "--team", "T")
    assert asked(run_assess(runner, folder, path, ["", "", "", ""], "--review").stderr) == [1, 4, 5]
    result = run_assess(runner, folder, path, ["y", "", "2", "3", "", ""], "--review")
    assert result.exit_code == 0, result.output
    assert "Answer [Enter keeps no]:" in result.stderr
    assert asked(result.stderr) == [1, 2, 3, 4, 5]
    assert saved(path)["scope"] == {"trains_models": True}
    assert values(path) == {
        "code_vc": "fully",
        "tracking": "partially",
        "pipeline": "mostly",
        "feature_store": "mostly",
        "auto_deploy": "fully",
    }


def test_no_in_review_keeps_the_answers_it_puts_out_in_the_file(
    runner: CliRunner, folder: Path, tmp_path: Path
) -> None:
    path = tmp_path / "a.yaml"
    run_assess(runner, folder, path, ["y", "4", "2", "3", "q"], "--team", "T")
    result = run_assess(runner, folder, path, ["n", "", "q"], "--review")
    assert result.exit_code == 0, result.output
    assert saved(path)["scope"] == {"trains_models": False}
    # Set aside, not dropped: saying yes again brings them back.
    assert values(path)["tracking"] == "partially" and values(path)["pipeline"] == "mostly"
    assert "n/a while scope trains_models is false" in path.read_text(encoding="utf-8")


def test_back_from_the_first_question_returns_to_the_scope(runner: CliRunner, folder: Path, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    result = run_assess(runner, folder, path, ["n", "b", "", "4", "b", "b", "y", "1", "q"], "--team", "T")
    assert result.exit_code == 0, result.output
    assert result.stderr.count(QUESTION) >= 3
    assert "Answer [Enter keeps no]:" in result.stderr
    # After yes, the first unanswered question is the scope's own (question 2).
    assert asked(result.stderr) == [1, 1, 4, 1, 2, 3]
    assert saved(path)["scope"] == {"trains_models": True}
    assert values(path)["tracking"] == "no"


def test_back_at_the_scope_says_it_is_the_first_question(runner: CliRunner, folder: Path, tmp_path: Path) -> None:
    result = run_assess(runner, folder, tmp_path / "a.yaml", ["b", "+", "maybe", "q"], "--team", "T")
    assert result.exit_code == 0, result.output
    assert "This is the first question." in result.stderr
    assert "This question takes yes or no, without a note." in result.stderr
    assert "Type 1 (yes) or 2 (no), or one of the keys above." in result.stderr
    assert "scope" not in saved(tmp_path / "a.yaml")


def test_help_lists_the_questions_no_puts_out(runner: CliRunner, folder: Path, tmp_path: Path) -> None:
    result = run_assess(runner, folder, tmp_path / "a.yaml", ["?", "", "q"], "--team", "T")
    assert result.exit_code == 0, result.output
    assert "No: these questions are not asked, and are n/a with the note 'The team trains no models.'" in result.stderr
    assert "• Are experiments tracked?" in result.stderr and "• Is training an automated pipeline?" in result.stderr


def test_a_skipped_scope_asks_every_question_and_is_asked_again_on_resume(
    runner: CliRunner, folder: Path, tmp_path: Path
) -> None:
    path = tmp_path / "a.yaml"
    result = run_assess(runner, folder, path, ["s", "4", "q"], "--team", "T")
    assert "Skipped: it stays unanswered, and every question is asked." in result.stderr
    assert asked(result.stderr) == [1, 2]
    assert "scope" not in saved(path)
    again = run_assess(runner, folder, path, ["n", "q"])
    assert QUESTION in again.stderr
    assert asked(again.stderr) == [4]


def test_a_file_whose_scope_questions_are_all_answered_is_not_asked_the_scope(
    runner: CliRunner, folder: Path, tmp_path: Path
) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(
        'questionnaire_version: "test-1"\nteam: T\ndate: 2026-11-01\nanswers:\n  tracking: "no"\n  pipeline: "no"\n',
        encoding="utf-8",
    )
    result = run_assess(runner, folder, path, ["q"])
    assert QUESTION not in result.stderr
    assert asked(result.stderr) == [1]


def test_quit_at_the_scope_keeps_its_answer_unsaid(runner: CliRunner, folder: Path, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    result = run_assess(runner, folder, path, ["q"], "--team", "T")
    assert result.exit_code == 0, result.output
    assert "Resume with:" in result.stderr
    assert saved(path)["team"] == "T" and "scope" not in saved(path)


# ── In a real pseudo-terminal ─────────────────────────────────────────────


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals need a Unix-like system")
def test_pty_the_scope_comes_first_is_saved_at_once_and_resume_skips_what_it_puts_out(
    folder: Path, tmp_path: Path
) -> None:
    pytest.importorskip("pexpect")
    from .test_assess_pty import ANSWER_PROMPT, answers_in, assess

    with assess(tmp_path, "answers.yaml", "--team", "T", "--questionnaires", str(folder)) as run:
        run.expect(QUESTION)
        run.child.expect(ANSWER_PROMPT)
        assert "Scope" in run.on_screen and "2 No" in run.on_screen
        run.type("2")
        run.expect("question 1 of 5 (2 out of scope: n/a, not asked)")
        run.child.expect(ANSWER_PROMPT)
        assert "Recorded: no." in run.on_screen
        # Saved before the next answer: an interruption now keeps it.
        assert yaml.safe_load((tmp_path / "answers.yaml").read_text(encoding="utf-8"))["scope"] == {
            "trains_models": False
        }
        run.type("4")
        run.screen(4)
        run.child.sendintr()
        assert run.finish() == 130
    assert "question 2 of 5" not in run.shown and "question 3 of 5" not in run.shown
    with assess(tmp_path, "answers.yaml", "--questionnaires", str(folder)) as again:
        again.screen(4)
        assert QUESTION not in again.shown
        assert "3 of 5 questions answered; continuing at question 4." in again.on_screen
        again.type("3")
        again.screen(5)
        again.type("4")
        assert again.finish() == 0
    assert answers_in(tmp_path / "answers.yaml") == {
        "code_vc": "fully",
        "tracking": None,
        "pipeline": None,
        "feature_store": "mostly",
        "auto_deploy": "fully",
    }
