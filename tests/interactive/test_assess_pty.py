"""The interactive questionnaire in a real pseudo-terminal: Ctrl-C, resuming, closed terminals, kills.

Each test spawns the real entry point, `python -m mlops_maturity assess`, on the small test
questionnaire (`tests/data/mini`: code_vc, tracking | pipeline, feature_store (n/a allowed),
auto_deploy), types at its prompts, and reads the answers file it leaves behind.
"""

from __future__ import annotations

import io
import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml

from mlops_maturity.answers.load import load_answers
from mlops_maturity.questionnaire.folder import load_questionnaires

from ..conftest import MINI

if sys.platform == "win32":  # pragma: no cover - no pseudo-terminals, no SIGHUP
    pytest.skip("pseudo-terminals need a Unix-like system", allow_module_level=True)
pexpect = pytest.importorskip("pexpect")

QUESTION_IDS = ("code_vc", "tracking", "pipeline", "feature_store", "auto_deploy")
VALUES = {"1": "no", "2": "partially", "3": "mostly", "4": "fully", "5": "n/a"}
TOTAL = len(QUESTION_IDS)
TIMEOUT = 20
ANSWER_PROMPT = re.compile(r"Answer(?: \[Enter keeps [^\]]*\])?: ")
SCREEN = re.compile(r"question (\d+) of (\d+)")
CLEAR = "\x1b[2J"
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")


def plain(text: str) -> str:
    """What the screen shows: escape codes and carriage returns removed."""
    return _ANSI.sub("", text).replace("\r", "")


class Assess:
    """One `assess` run in a pseudo-terminal, keeping everything it drew."""

    def __init__(
        self, cwd: Path, output: str, *extra: str, columns: int = 80, lines: int = 24, questionnaires: Path = MINI
    ) -> None:
        env = {
            **os.environ,
            "TERM": "xterm",
            # NOTE: rich trusts COLUMNS over the terminal's own size: keep the two the same.
            "COLUMNS": str(columns),
            "LINES": str(lines),
            "NO_COLOR": "1",
        }
        env.pop("MLOPS_MATURITY_QUESTIONNAIRES", None)
        self.log = io.StringIO()
        self.child = pexpect.spawn(
            sys.executable,
            ["-m", "mlops_maturity", "assess", "--questionnaires", str(questionnaires), "-o", output, *extra],
            cwd=str(cwd),
            env=env,
            dimensions=(lines, columns),
            timeout=TIMEOUT,
            encoding="utf-8",
            codec_errors="replace",
        )
        self.child.logfile_read = self.log

    def expect(self, pattern: str | re.Pattern[str]) -> None:
        self.child.expect(pattern if isinstance(pattern, re.Pattern) else re.escape(pattern))

    def screen(self, number: int) -> None:
        """Wait until question `number` is drawn and its prompt is waiting for a line."""
        self.expect(f"question {number} of {TOTAL}")
        self.child.expect(ANSWER_PROMPT)

    def type(self, line: str) -> None:
        self.child.sendline(line)

    def finish(self) -> int | None:
        """Wait for the process to end; its exit status (None when a signal killed it)."""
        self.child.expect(pexpect.EOF)
        self.child.close()
        status: int | None = self.child.exitstatus
        return status

    def hang_up(self) -> int | None:
        """Close the terminal's side, as closing its window does: the kernel sends SIGHUP.

        NOTE: not `child.close(force=True)`: that sends SIGKILL when the child is not gone
        within 0.2 s, which a loaded machine turns into a flaky exit status.
        """
        self.child.ptyproc.fileobj.close()
        deadline = time.monotonic() + TIMEOUT
        while self.child.isalive():
            assert time.monotonic() < deadline, "assess did not end when its terminal closed"
            time.sleep(0.02)
        status: int | None = self.child.exitstatus
        return status

    @property
    def on_screen(self) -> str:
        """What is on the screen now: everything since it was last cleared."""
        return plain(self.log.getvalue().rsplit(CLEAR, 1)[-1])

    @property
    def shown(self) -> str:
        return plain(self.log.getvalue())

    def close(self) -> None:
        if not self.child.closed:
            self.child.close(force=True)


@contextmanager
def assess(cwd: Path, output: str = "answers.yaml", *extra: str, columns: int = 80) -> Iterator[Assess]:
    run = Assess(cwd, output, *extra, columns=columns)
    try:
        yield run
    finally:
        run.close()


def answers_in(path: Path) -> dict[str, Any]:
    """The answers of a saved file as YAML reads them: question id to value (None when empty)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), data
    assert "answers" in data, data
    return {
        key: (value["answer"] if isinstance(value, dict) else value) for key, value in (data["answers"] or {}).items()
    }


def given(path: Path) -> dict[str, Any]:
    return {key: value for key, value in answers_in(path).items() if value is not None}


def resume_hint(output: str) -> str:
    return f"Resume with: mlops-maturity assess -o {output} --questionnaires {MINI}"


# ── Ctrl-C, resuming, finishing ───────────────────────────────────────────


def test_ctrl_c_exits_130_keeping_exactly_the_answers_given(tmp_path: Path) -> None:
    with assess(tmp_path, "answers.yaml", "--team", "T") as run:
        run.screen(1)
        run.type("1")
        run.screen(2)
        run.type("3")
        run.screen(3)
        run.child.sendintr()
        assert run.finish() == 130
    assert "Interrupted. Your answers are saved in answers.yaml." in run.shown
    assert resume_hint("answers.yaml") in run.shown
    # "no" is read back as the string, not YAML 1.1's False.
    assert answers_in(tmp_path / "answers.yaml") == {
        "code_vc": "no",
        "tracking": "mostly",
        "pipeline": None,
        "feature_store": None,
        "auto_deploy": None,
    }


def test_running_again_resumes_at_the_first_unanswered_question(tmp_path: Path) -> None:
    with assess(tmp_path, "answers.yaml", "--team", "T") as run:
        run.screen(1)
        run.type("4")
        run.screen(2)
        run.type("2")
        run.screen(3)
        run.child.sendintr()
        assert run.finish() == 130
    with assess(tmp_path, "answers.yaml") as again:
        again.screen(3)
        # On the screen itself, above the question: not printed first, then cleared away.
        assert "Resuming answers.yaml: 2 of 5 questions answered; continuing at question 3." in again.on_screen
        assert "question 3 of 5" in again.on_screen
        assert "question 1 of 5" not in again.shown and "question 2 of 5" not in again.shown
        again.type("3")
        again.screen(4)
        again.type("q")
        assert again.finish() == 0
    assert "Saved 3 answer(s) to answers.yaml." in again.shown
    assert given(tmp_path / "answers.yaml") == {"code_vc": "fully", "tracking": "partially", "pipeline": "mostly"}


def test_the_summary_at_the_end_agrees_with_score(tmp_path: Path) -> None:
    with assess(tmp_path, "answers.yaml", "--team", "T") as run:
        for number, key in enumerate(["4", "3", "2"], start=1):
            run.screen(number)
            run.type(key)
        run.screen(4)
        run.type("5")
        run.expect("Why does this not apply?")
        run.type("Images only.")
        run.screen(5)
        run.type("4")
        assert run.finish() == 0
    shown = run.shown
    summary = shown[shown.rindex("question 5 of 5") :]
    assert "Answers saved in answers.yaml. Score them again with: mlops-maturity score answers.yaml" in summary
    scored = subprocess.run(
        [
            sys.executable,
            "-m",
            "mlops_maturity",
            "score",
            "--questionnaires",
            str(MINI),
            "answers.yaml",
            "--format",
            "json",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert scored.returncode == 0, scored.stderr
    models = json.loads(scored.stdout)["models"]
    # One level line per model in the summary, the same as score's, numbers and names alike.
    assert re.findall(r"^Level \d+.*$", summary, flags=re.MULTILINE) == [model["label"] for model in models.values()]
    assert [(model["level"], model["native_level"]) for model in models.values()] == [(1, 1), (1, 0)]
    # Alpha stops at level 1 (training only partially automated); so does Beta, whose own number is 0.
    assert "Level 1: Tracked" in summary and "Level 1 (Beta level 0): Nothing" in summary
    assert given(tmp_path / "answers.yaml")["feature_store"] == "n/a"


# ── A closed terminal, SIGTERM ────────────────────────────────────────────


@pytest.mark.parametrize("how", ["close", "SIGHUP", "SIGTERM"])
def test_a_closed_terminal_or_sigterm_keeps_every_answer_acknowledged(tmp_path: Path, how: str) -> None:
    with assess(tmp_path, "answers.yaml", "--team", "T") as run:
        run.screen(1)
        run.type("2")
        run.screen(2)
        run.type("1")
        run.screen(3)
        if how == "close":
            status = run.hang_up()
        else:
            run.child.kill(getattr(signal, how))
            status = run.finish()
            # The terminal is still there: the way back is shown.
            assert "Interrupted. Your answers are saved in answers.yaml." in run.shown
            assert resume_hint("answers.yaml") in run.shown
    # Every interruption exits 130 (documented), whatever signal caused it.
    assert status == 130
    assert given(tmp_path / "answers.yaml") == {"code_vc": "partially", "tracking": "no"}
    assert not list(tmp_path.glob("*.tmp")) and not list(tmp_path.glob(".*.tmp"))


# ── Killed at random moments ──────────────────────────────────────────────


@pytest.mark.parametrize("signame", ["SIGKILL", "SIGTERM", "SIGHUP"])
def test_killed_at_any_moment_the_file_is_valid_and_keeps_every_acknowledged_answer(
    tmp_path: Path, signame: str
) -> None:
    """An answer is acknowledged once the next screen is drawn: the file is saved before that.

    Runs resume the same file until it is complete, so kills also land while an existing
    file is being replaced. SIGKILL cannot be caught: a save it cuts short may leave its
    temporary file (`.answers.yaml.XXXX.tmp`, hidden, never the answers file itself).
    SIGTERM and SIGHUP are caught; they must never leave one.
    """
    signum = getattr(signal, signame)
    rng = random.Random(f"assess-pty-{signame}")  # seeded: a failure reproduces
    questionnaires = load_questionnaires(MINI)
    files = 0
    folder = tmp_path / "file0"
    folder.mkdir()
    on_disk: dict[str, str] = {}  # every answer the file held after the last kill
    # Every way of landing the kill, in a shuffled order; the moments themselves are random.
    modes = ["startup", "typed-ahead", "typed-ahead", "unwaited", "unwaited", "unwaited", "acknowledged"]
    rng.shuffle(modes)
    for round_number, mode in enumerate(modes):
        if len(on_disk) == TOTAL:  # complete: go on with a new file
            files += 1
            folder = tmp_path / f"file{files}"
            folder.mkdir()
            on_disk = {}
        path = folder / "answers.yaml"
        context = f"{signame} round {round_number}"
        sent: dict[str, str] = {}  # this run's answers, in order; never one already on disk
        with assess(folder, "answers.yaml", "--team", "T") as run:
            run.child.delaybeforesend = None
            if mode == "startup":
                time.sleep(rng.uniform(0.0, 0.35))
            else:
                run.child.expect(SCREEN)
                first = int(run.child.match.group(1)) - 1
                run.child.expect(ANSWER_PROMPT)
                remaining = list(QUESTION_IDS[first:])
                count = rng.randint(1, len(remaining))
                for position, question in enumerate(remaining[:count]):
                    key = rng.choice("12345" if question == "feature_store" else "1234")
                    sent[question] = VALUES[key]
                    last = position == count - 1
                    run.type(key)
                    if key == "5":
                        run.type("No tabular features.")
                    if mode == "typed-ahead" or (last and mode == "unwaited"):
                        continue
                    if question != QUESTION_IDS[-1]:
                        run.screen(QUESTION_IDS.index(question) + 2)
                # A step (read, save, draw) takes a few milliseconds: these land before, in and after saves.
                time.sleep(rng.uniform(0.0, 0.02) if mode == "typed-ahead" else rng.uniform(0.0, 0.006))
            run.child.kill(signum)
            status = run.finish()
            shown = run.shown
        screens = [int(number) for number, _ in SCREEN.findall(shown)]
        finished = "Answers saved in answers.yaml." in shown
        # Once the last answer is in, the questions are over: signals act as usual again (all is saved).
        past_questions = finished or QUESTION_IDS[-1] in sent
        acknowledged = [
            question for question in sent if finished or (screens and QUESTION_IDS.index(question) + 1 < max(screens))
        ]
        context += f" ({mode}: sent {sent}, acknowledged {acknowledged}, exit {status}, on disk before {on_disk})"

        # How the process ended.
        if signum == signal.SIGKILL:
            assert run.child.signalstatus == signal.SIGKILL or finished, context
        elif screens and not past_questions:
            # Caught: the same way out as Ctrl-C, with its own exit code.
            assert status == 130, context
            assert "Interrupted." in shown, context
        else:  # killed before the handler was set, or after the questions
            assert status in (0, 130) or run.child.signalstatus == signum, context

        # The file: valid, loadable by the tool, holding every acknowledged answer.
        if not path.exists():
            assert not acknowledged and not on_disk and not screens, context
        else:
            answers = given(path)
            assert load_answers(path, questionnaires).answers.team == "T", context
            for question in acknowledged:
                assert answers.get(question) == sent[question], context
            # What was saved stays saved; anything else is this run's answer, maybe saved unacknowledged.
            assert answers == {**on_disk, **{q: sent[q] for q in answers if q not in on_disk}}, context
            on_disk = answers

        # Temporary files: none after a signal that can be caught. One SIGKILL leaves is kept
        # for the next rounds, which must resume from answers.yaml regardless.
        temporary = sorted(p.name for p in folder.iterdir() if p.name != "answers.yaml")
        if signum == signal.SIGKILL:
            # ... and the session's lock file, which the next run locks again (no one holds it).
            assert all(re.fullmatch(r"\.answers\.yaml\.(\w+\.tmp|lock)", name) for name in temporary), context
        else:
            assert temporary == [], context


# ── Small terminals, help, going back ─────────────────────────────────────


def test_a_40_column_terminal_still_shows_the_question_and_every_choice(tmp_path: Path) -> None:
    with assess(tmp_path, "answers.yaml", "--team", "T", columns=40) as run:
        run.screen(1)
        run.type("4")
        run.screen(2)
        run.type("q")
        assert run.finish() == 0
    shown = run.shown
    assert "Traceback" not in shown
    first = shown[shown.index("question 1 of 5") : shown.index("question 2 of 5")]
    assert "Is code in version control?" in first
    for number, label in enumerate(["No", "Partially", "Mostly", "Fully"], start=1):
        assert re.search(rf"^{number} {label}\b", first, flags=re.MULTILINE), first
    # Nothing drawn is wider than the terminal.
    assert max(len(line.rstrip()) for line in first.splitlines()) <= 40, first


def test_help_then_enter_returns_to_the_question_and_back_offers_the_previous_answer(tmp_path: Path) -> None:
    with assess(tmp_path, "answers.yaml", "--team", "T") as run:
        run.screen(1)
        run.type("?")
        run.expect("This answer is used by:")
        run.expect("Alpha Level 1: Tracked: Code is versioned (needs at least 'mostly')")
        run.expect("Press Enter to return to the question")
        run.type("")
        run.screen(1)
        run.type("3")
        run.screen(2)
        run.type("b")
        run.expect("question 1 of 5")
        run.expect("Answer [Enter keeps mostly]: ")
        run.type("")
        run.screen(2)
        run.type("q")
        assert run.finish() == 0
    assert given(tmp_path / "answers.yaml") == {"code_vc": "mostly"}
