"""Issue 10 for `assess`: no lost answer, nothing unreadable written, no surprise on resume.

CliRunner tests first (typed lines as input); the real pseudo-terminal tests are at the end.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from mlops_maturity.answers.load import load_answers
from mlops_maturity.cli import app
from mlops_maturity.interactive import screens
from mlops_maturity.interactive.lock import FileChanged, lock_path, session_lock
from mlops_maturity.interactive.opening import open_session
from mlops_maturity.interactive.replies import parse_reply
from mlops_maturity.questionnaire.model import QuestionnaireSet

from ..conftest import MINI
from .test_assess import answer_values, run_assess, saved

HOSTILE = [
    "caf\udce9 au lait",  # a lone surrogate, as surrogateescape makes of a stray byte
    "bell\x07 escape\x1b[2J\x1b]0;title\x07 nul\x00 del\x7f c1\x85 tab\there",
    "quotes ' \" `back` and \\ backslash",
    "yes",
    "no",
    "~",
    "null",
    "- item",
    "key: value",
    "# not a comment",
    "a # b",
    "&anchor *alias !tag %directive @at {flow} [seq] | > ?",
    "  leading and trailing  ",
    "line\u2028separator\u2029paragraph",
    "right\u202eto left",
    "0x1F",
    "2026-02-30",
    "x" * 12_000 + " end",
    ("long line " * 1500).strip(),
]


TYPABLE = [text for text in HOSTILE if not any("\ud800" <= character <= "\udfff" for character in text)]
"""What can be typed as text; a stray byte is refused as typed (its own test)."""


def score_exit(runner: CliRunner, path: Path) -> int:
    result = runner.invoke(app, ["score", "--questionnaires", str(MINI), str(path), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code


# ── 5: nothing the tool writes is unreadable by the tool ────────────────────


def test_hostile_typed_notes_evidence_and_team_names_read_back(runner: CliRunner, tmp_path: Path) -> None:
    for number, text in enumerate(TYPABLE):
        path = tmp_path / f"a{number}.yaml"
        # The team name typed, a note and evidence with the hostile text, then n/a with it as the reason.
        typed = [text + " team", "+", text, text + " https://x.example", "4", "4", "4", "5", text, "q"]
        result = run_assess(runner, path, typed)
        assert result.exit_code == 0, (text, result.output)
        score_exit(runner, path)
        loaded = load_answers(path, _mini()).answers
        note = loaded.answers["code_vc"].note or ""
        for unwanted in ("\x1b", "\x00", "\x07", "\x7f", "\x85", "\u2028", "\u202e", "\t"):
            assert unwanted not in note and unwanted not in loaded.team, (text, note)
        assert not any("\ud800" <= character <= "\udfff" for character in note + loaded.team)
        # Resuming it works, and quitting at once rewrites it identically.
        before = path.read_text(encoding="utf-8")
        again = run_assess(runner, path, ["q"])
        assert again.exit_code == 0, (text, again.output)
        assert path.read_text(encoding="utf-8") == before


def test_a_stray_byte_typed_is_refused_and_the_line_asked_again(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    result = runner.invoke(
        app,
        ["assess", "--questionnaires", str(MINI), "-o", str(path), "--force-interactive", "--team", "T"],
        input=b"+\ncaf\xe9\ncaf\xc3\xa9\n\n4\nq\n",
    )
    assert result.exit_code == 0, result.output
    assert "That line is not valid utf-8 text" in result.stderr
    assert saved(path)["answers"]["code_vc"]["note"] == "café"
    score_exit(runner, path)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_team_options_of_assess_and_template_read_back(runner: CliRunner, tmp_path: Path, text: str) -> None:
    path = tmp_path / "a.yaml"
    result = run_assess(runner, path, ["q"], "--team", text, "--assessor", text)
    if any("\ud800" <= character <= "\udfff" for character in text):
        assert result.exit_code == 2 and "is not valid UTF-8 text" in result.stderr
        assert not path.exists()
    else:
        assert result.exit_code == 0, result.output
        score_exit(runner, path)
    template = tmp_path / "t.yaml"
    written = runner.invoke(app, ["template", "--questionnaires", str(MINI), "--team", text, "-o", str(template)])
    assert written.exit_code == 0, written.output
    score_exit(runner, template)


def test_an_empty_team_option_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    result = run_assess(runner, tmp_path / "a.yaml", ["q"], "--team", " \x1b[2J ")
    assert result.exit_code == 2
    assert "--team: is empty" in result.stderr


# ── 4: one session per file ──────────────────────────────────────────────────


def test_a_second_session_on_a_file_exits_2_and_leaves_it_untouched(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    run_assess(runner, path, ["4", "q"], "--team", "T")
    before = path.read_text(encoding="utf-8")
    with session_lock(path):
        result = run_assess(runner, path, ["1", "q"])
    assert result.exit_code == 2, result.output
    assert f"is being answered in another session (pid {os.getpid()})" in result.stderr
    assert path.read_text(encoding="utf-8") == before
    # Released: the next session runs, and leaves no lock file behind.
    assert run_assess(runner, path, ["1", "q"]).exit_code == 0
    assert not lock_path(path).exists()


def test_a_file_changed_on_disk_is_not_overwritten_and_no_answer_is_lost(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.yaml"
    run_assess(runner, path, ["4", "q"], "--team", "T")
    edited = path.read_text(encoding="utf-8").replace("team: T", "team: Edited")
    real_read = screens.Terminal._read_line
    calls = []

    def read_and_edit(terminal: screens.Terminal) -> bytes:
        calls.append(1)
        if len(calls) == 2:  # after the first answer of this session: someone edits the file
            path.write_text(edited, encoding="utf-8")
        return real_read(terminal)

    monkeypatch.setattr(screens.Terminal, "_read_line", read_and_edit)
    result = run_assess(runner, path, ["2", "3", "q"])
    assert result.exit_code == 2, result.output
    assert "changed on disk since this session read it" in result.stderr
    assert path.read_text(encoding="utf-8") == edited
    kept = tmp_path / "a.conflict.yaml"
    assert f"this session's answers are in {kept}" in result.stderr
    assert answer_values(kept)["tracking"] == "partially"
    assert answer_values(kept)["pipeline"] == "mostly"
    score_exit(runner, kept)


def test_a_session_refuses_to_save_over_a_changed_file(mini: QuestionnaireSet, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    session = open_session(path, mini, ("alpha", "beta"), team="T", assessor=None, restart=False).session
    session.save()
    session.save()  # its own writes are fine
    path.write_text(path.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    with pytest.raises(FileChanged):
        session.save()


# ── 6: a note typed before answering is saved at once ───────────────────────


@pytest.mark.parametrize("end", ["q", "eof"])
def test_a_note_before_answering_survives_quit_and_end_of_input(runner: CliRunner, tmp_path: Path, end: str) -> None:
    path = tmp_path / "a.yaml"
    typed = ["+", "Checked with the platform team", "docs/vc.md", *(["q"] if end == "q" else [])]
    result = run_assess(runner, path, typed, "--team", "T")
    assert result.exit_code == (0 if end == "q" else 130), result.output
    assert "Note saved; now choose the answer." in result.stderr
    code = saved(path)["answers"]["code_vc"]
    assert code["answer"] is None
    assert code["note"] == "Checked with the platform team"
    assert code["evidence"] == ["docs/vc.md"]
    # Resumed, the note is shown and kept with the answer then given.
    again = run_assess(runner, path, ["3", "q"])
    assert "Note: Checked with the platform team" in again.stderr
    assert saved(path)["answers"]["code_vc"]["answer"] == "mostly"
    assert saved(path)["answers"]["code_vc"]["note"] == "Checked with the platform team"


# ── 8: resume visits only what is not answered ──────────────────────────────


def test_resume_after_a_skip_never_visits_answered_questions(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    run_assess(runner, path, ["4", "s", "3", "2", "q"], "--team", "T")  # 1, 3, 4 answered; 2 skipped
    # Skipping question 2 again goes to question 5, not to the answered question 3.
    result = run_assess(runner, path, ["s", "1", "q"])
    assert result.exit_code == 0, result.output
    screens_shown = [line for line in result.stderr.splitlines() if "question " in line and " of 5" in line]
    assert [line.split("question ")[1] for line in screens_shown] == ["2 of 5", "5 of 5"]
    assert "Answer [Enter keeps" not in result.stderr
    assert "Left unanswered before (skipped)" in result.stderr
    assert answer_values(path) == {
        "code_vc": "fully",
        "tracking": None,
        "pipeline": "mostly",
        "feature_store": "partially",
        "auto_deploy": "no",
    }
    # --review is the way back to every answer.
    review = run_assess(runner, path, ["", "2", "", "", "", ""], "--review")
    assert review.exit_code == 0, review.output
    assert answer_values(path)["tracking"] == "partially"


# ── Smaller ones ──────────────────────────────────────────────────────────────


def test_single_letters_answer_and_n_is_no_never_the_note(mini: QuestionnaireSet) -> None:
    code_vc, feature_store = mini.bank.questions[0], mini.bank.questions[3]
    for typed, value in {"n": "no", "p": "partially", "m": "mostly", "f": "fully", "N": "no", "no": "no"}.items():
        reply = parse_reply(typed, code_vc, mini, has_default=False)
        assert (reply.kind, reply.value) == ("answer", value), typed
    # Even where n/a is offered: n/a needs its full spelling.
    assert parse_reply("n", feature_store, mini, has_default=False).value == "no"
    assert parse_reply("na", feature_store, mini, has_default=False).value == "n/a"
    assert parse_reply("+", code_vc, mini, has_default=False).kind == "note"
    assert parse_reply("note", code_vc, mini, has_default=False).kind == "note"
    refused = parse_reply("n/a", code_vc, mini, has_default=False)
    assert refused.kind == "invalid"
    assert refused.message is not None and refused.message.startswith("n/a is not offered for this question.")


def test_the_answer_just_recorded_is_echoed_and_n_a_refused_by_name(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    result = run_assess(runner, path, ["n/a", "m", "n", "q"], "--team", "T")
    assert result.exit_code == 0, result.output
    assert "n/a is not offered for this question." in result.stderr
    assert "Recorded for question 1: Mostly" in result.stderr
    assert "Recorded for question 2: No" in result.stderr
    assert answer_values(path)["code_vc"] == "mostly"
    assert answer_values(path)["tracking"] == "no"


def test_resume_with_keeps_the_report_option(runner: CliRunner, tmp_path: Path) -> None:
    path, report = tmp_path / "a.yaml", tmp_path / "r.md"
    result = run_assess(runner, path, ["4", "q"], "--team", "T", "--report", str(report))
    assert f"Resume with: mlops-maturity assess -o {path} --questionnaires {MINI} --report {report}" in result.stderr


def test_restart_keeps_the_team_and_team_on_resume_renames(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    run_assess(runner, path, ["4", "q"], "--team", "Old", "--assessor", "Ana")
    restarted = run_assess(runner, path, ["q"], "--restart")
    assert restarted.exit_code == 0, restarted.output
    assert "Team name" not in restarted.stderr
    assert saved(path)["team"] == "Old" and saved(path)["assessor"] == "Ana"
    renamed = run_assess(runner, path, ["q"], "--team", "New")
    assert renamed.exit_code == 0, renamed.output
    assert "Team name changed from 'Old' to 'New'." in renamed.stderr
    assert saved(path)["team"] == "New"  # saved even though the user quit at once


def test_the_instructions_are_shown_once_and_the_summary_is_short(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    result = runner.invoke(
        app, ["assess", "-o", str(path), "--force-interactive"], input="Team\n" + "2\n" * _shipped_count()
    )
    assert result.exit_code == 0, result.output
    assert " ".join(result.stderr.split()).count("Answer for the models your team runs in production today") == 1
    lines = result.stdout.rstrip("\n").splitlines()
    assert len(lines) <= 20, result.stdout
    assert sum(line.startswith("Level ") for line in lines) == 2
    assert "First next steps (3 of" in result.stdout
    assert f"mlops-maturity report {path}" in result.stderr


def _shipped_count() -> int:
    """How many questions the shipped questionnaire asks (all models); "2" answers each."""
    from mlops_maturity.interactive.session import session_questions
    from mlops_maturity.questionnaire.shipped import load_shipped_questionnaires

    shipped = load_shipped_questionnaires()
    return len(session_questions(shipped, tuple(model.id for model in shipped.models)))


def _mini() -> QuestionnaireSet:
    from mlops_maturity.questionnaire.folder import load_questionnaires

    return load_questionnaires(MINI)


# ── In a real terminal ───────────────────────────────────────────────────────

if sys.platform != "win32":
    from .test_assess_pty import ANSWER_PROMPT, CLEAR, assess, given, plain

    def test_pty_a_second_session_is_refused_while_the_first_keeps_its_answers(tmp_path: Path) -> None:
        with assess(tmp_path, "answers.yaml", "--team", "T") as first:
            first.screen(1)
            first.type("4")
            first.screen(2)
            with assess(tmp_path, "answers.yaml") as second:
                assert second.finish() == 2
            assert f"answers.yaml: is being answered in another session (pid {first.child.pid})" in second.shown
            first.type("3")
            first.screen(3)
            first.type("q")
            assert first.finish() == 0
        assert given(tmp_path / "answers.yaml") == {"code_vc": "fully", "tracking": "mostly"}
        assert not (tmp_path / ".answers.yaml.lock").exists()

    def test_pty_a_note_before_answering_survives_ctrl_c(tmp_path: Path) -> None:
        with assess(tmp_path, "answers.yaml", "--team", "T") as run:
            run.screen(1)
            run.type("+")
            run.expect("Note (one line")
            run.type("Seen in the repo")
            run.expect("Evidence links")
            run.type("")
            run.screen(1)
            run.child.sendintr()
            assert run.finish() == 130
        data = yaml.safe_load((tmp_path / "answers.yaml").read_text(encoding="utf-8"))
        assert data["answers"]["code_vc"]["note"] == "Seen in the repo"

    def test_pty_a_stray_byte_is_asked_again_and_the_file_stays_readable(tmp_path: Path) -> None:
        with assess(tmp_path, "answers.yaml", "--team", "T") as run:
            run.screen(1)
            run.type("+")
            run.expect("Note (one line")
            run.child.ptyproc.write(b"caf\xe9\r")
            run.expect("not valid utf-8 text")
            run.type("plain note\x1b[31m")
            run.expect("Evidence links")
            run.type("")
            run.screen(1)
            run.type("4")
            run.screen(2)
            run.type("q")
            assert run.finish() == 0
        path = tmp_path / "answers.yaml"
        # The escape sequence typed with the note is gone, the refused line never arrived.
        assert load_answers(path, _mini()).answers.answers["code_vc"].note == "plain note"

    def test_pty_resume_visits_only_unanswered_questions_marking_skipped_ones(tmp_path: Path) -> None:
        with assess(tmp_path, "answers.yaml", "--team", "T") as run:
            run.screen(1)
            run.type("s")
            run.screen(2)
            run.type("3")
            run.screen(3)
            run.type("q")
            assert run.finish() == 0
        with assess(tmp_path, "answers.yaml") as again:
            again.screen(1)
            assert "Left unanswered before (skipped)" in again.on_screen
            again.type("m")
            again.screen(3)  # not question 2, answered before
            assert "Recorded for question 1: Mostly" in again.on_screen
            assert "Left unanswered before" not in again.on_screen
            again.type("q")
            assert again.finish() == 0
        assert "question 2 of 5" not in again.shown
        assert given(tmp_path / "answers.yaml") == {"code_vc": "mostly", "tracking": "mostly"}

    def test_pty_the_final_summary_of_the_shipped_questionnaire_fits_a_30_row_terminal(tmp_path: Path) -> None:
        import pexpect

        env = {**os.environ, "TERM": "xterm", "COLUMNS": "80", "LINES": "30", "NO_COLOR": "1"}
        env.pop("MLOPS_MATURITY_QUESTIONNAIRES", None)
        child = pexpect.spawn(
            sys.executable,
            ["-m", "mlops_maturity", "assess", "-o", "answers.yaml", "--team", "T"],
            cwd=str(tmp_path),
            env=env,
            dimensions=(30, 80),
            timeout=20,
            encoding="utf-8",
            codec_errors="replace",
        )
        log = io.StringIO()
        child.logfile_read = log
        try:
            total = _shipped_count()
            child.expect("Does the team train the models it runs in production?")
            child.expect(ANSWER_PROMPT)
            child.sendline("1")
            for number in range(1, total + 1):
                child.expect(f"question {number} of {total}")
                child.expect(ANSWER_PROMPT)
                child.sendline("2")
            child.expect(pexpect.EOF)
        finally:
            child.close(force=True)
        assert child.exitstatus == 0
        final = plain(log.getvalue().rsplit(CLEAR, 1)[-1])
        assert len(final.strip("\n").splitlines()) < 30, final
        assert "Answers saved in answers.yaml." in final
        assert "mlops-maturity report answers.yaml" in final
        assert sum(line.startswith("Level ") for line in final.splitlines()) == 2, final
