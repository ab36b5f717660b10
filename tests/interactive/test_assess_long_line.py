"""Issue 19, item 6: a line the terminal cut off is never saved as if it were whole.

In its usual (canonical) mode a Linux terminal passes at most 4,095 bytes on one line and
drops the rest without a word: a pasted note of 5,000 bytes arrives as its first 4,095.
`assess` says so, uses none of it, and asks again. Tested in a real pseudo-terminal (the
helpers of `test_assess_pty.py`), where the kernel does the cutting; the rule's edges with
plain calls.
"""

from __future__ import annotations

import io
import os
import re
import sys
from pathlib import Path

import pytest

from mlops_maturity.answers.load import load_answers
from mlops_maturity.interactive import line_limit
from mlops_maturity.questionnaire.folder import load_questionnaires

from ..conftest import MINI

CUT = re.compile(r"reached\s+4,095\s+bytes")
"""What the screen says of a cut line (however the message is wrapped)."""


def _note(path: Path) -> str | None:
    return load_answers(path, load_questionnaires(MINI)).answers.answers["code_vc"].note


# ── The rule ────────────────────────────────────────────────────────────────


def test_no_limit_is_assumed_for_input_that_is_not_a_terminal() -> None:
    # A pipe or a file passes lines of any length: 12,000 bytes are a note like any other.
    assert line_limit.line_limit(io.BytesIO(b"x" * 12_000)) is None
    assert not line_limit.was_cut(io.BytesIO(), b"x" * 12_000 + b"\n")
    read_end, write_end = os.pipe()
    try:
        with open(read_end, "rb", closefd=False) as pipe:
            assert line_limit.line_limit(pipe) is None
    finally:
        os.close(read_end)
        os.close(write_end)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the limit is Linux's")
def test_a_line_is_cut_at_the_limit_and_only_there(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(line_limit, "line_limit", lambda _stream: 4095)
    assert line_limit.was_cut(io.BytesIO(), b"x" * 4095 + b"\n")
    assert line_limit.was_cut(io.BytesIO(), b"x" * 4095)  # ended by Ctrl-D rather than Enter
    assert not line_limit.was_cut(io.BytesIO(), b"x" * 4094 + b"\n")


# ── In a real terminal ──────────────────────────────────────────────────────

if sys.platform.startswith("linux"):
    import pexpect

    from .test_assess_pty import assess

    @pytest.mark.parametrize("pasted", ["x" * 5000, "é" * 3000, "note " * 1000], ids=["ascii", "two-byte", "words"])
    def test_pty_a_note_the_terminal_cut_is_not_saved_and_is_asked_again(tmp_path: Path, pasted: str) -> None:
        with assess(tmp_path, "answers.yaml", "--team", "T") as run:
            run.child.delaybeforesend = None
            run.screen(1)
            run.type("+")
            run.expect("Note (one line, Enter for none): ")
            run.child.send(pasted + "\r")
            # Not "Evidence links": the cut note must not pass as typed.
            seen = run.child.expect([CUT, "Evidence links", "not valid utf-8"])
            assert seen == 0, run.shown[-300:]
            assert "the rest was cut off, so none of it was used" in " ".join(run.shown.split())
            run.expect("Note (one line, Enter for none): ")
            run.type("Pasted in full in docs/vc.md.")
            run.expect("Evidence (Enter for none): ")
            run.type("docs/vc.md")
            run.screen(1)
            assert "Note saved" in run.on_screen
            run.type("4")
            run.screen(2)
            run.type("q")
            assert run.finish() == 0
        assert _note(tmp_path / "answers.yaml") == "Pasted in full in docs/vc.md."

    def test_pty_what_followed_a_cut_line_is_not_taken_as_the_next_replies(tmp_path: Path) -> None:
        """A pasted block: its first line cut; the lines after it are no answers to what is asked next."""
        with assess(tmp_path, "answers.yaml", "--team", "T") as run:
            run.child.delaybeforesend = None
            run.screen(1)
            run.type("+")
            run.expect("Note (one line, Enter for none): ")
            run.child.send("x" * 5000 + "\r2\r")
            run.expect(CUT)
            run.expect("Note (one line, Enter for none): ")
            run.type("")
            run.expect("Evidence (Enter for none): ")
            run.type("")
            run.screen(1)
            run.type("q")
            assert run.finish() == 0
        assert _note(tmp_path / "answers.yaml") is None

    def test_pty_a_long_line_under_the_limit_is_saved_whole(tmp_path: Path) -> None:
        note = ("under the limit " * 255)[:4094]
        with assess(tmp_path, "answers.yaml", "--team", "T") as run:
            run.child.delaybeforesend = None
            run.screen(1)
            run.type("+")
            run.expect("Note (one line, Enter for none): ")
            run.child.send(note + "\r")
            assert run.child.expect(["Evidence links", CUT]) == 0
            run.expect("Evidence (Enter for none): ")
            run.type("")
            run.screen(1)
            run.type("q")
            assert run.finish() == 0
        assert _note(tmp_path / "answers.yaml") == note.strip()

    def test_pty_an_answer_line_cut_off_is_not_read_as_an_answer(tmp_path: Path) -> None:
        with assess(tmp_path, "answers.yaml", "--team", "T") as run:
            run.child.delaybeforesend = None
            run.screen(1)
            run.child.send("4" + " " * 5000 + "\r")
            assert run.child.expect([CUT, "question 2 of 5", pexpect.TIMEOUT], timeout=10) == 0
            run.type("q")
            assert run.finish() == 0
        assert load_answers(tmp_path / "answers.yaml", load_questionnaires(MINI)).answers.answer_for("code_vc") is None
