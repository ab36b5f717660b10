"""The interactive questionnaire: one question at a time, saved after every answer.

Deciding (what a reply means, which question comes next, what the file holds) is plain
functions and a small state object; asking (reading lines, drawing screens) goes through
a `Terminal`, so the flow runs the same under a real terminal and under tests.
"""

from __future__ import annotations

import contextlib
import datetime
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any, TextIO

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from mlops_maturity.answers import Answer, AnswersFile
from mlops_maturity.answers_writer import render_answers
from mlops_maturity.printable import printable
from mlops_maturity.questionnaire import Question, QuestionnaireSet
from mlops_maturity.report.terminal import progress_bar
from mlops_maturity.yamlio import check_writable, write_text_atomic

ANSWER_SOURCE = "assess"
"""Recorded as each answer's `source`."""

KEYS_LINE = "?  help   b  back   s  skip   n  note   q  save and quit"


# ── Deciding ──────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Reply:
    """What one line typed at a question means."""

    kind: str
    """`answer`, `keep`, `help`, `back`, `skip`, `note`, `quit` or `invalid`."""
    value: str | None = None


def split_evidence(typed: str) -> tuple[str, ...]:
    """Links or paths typed on one line, separated by spaces or commas."""
    return tuple(part for part in typed.replace(",", " ").split() if part)


def choices_for(question: Question, questionnaires: QuestionnaireSet) -> list[tuple[str, str, str]]:
    """The numbered choices for a question: (value, label, meaning), n/a last where allowed."""
    bank = questionnaires.bank
    choices = [(option.value, option.label, option.meaning) for option in bank.scale]
    if question.not_applicable:
        choices.append((bank.not_applicable.value, bank.not_applicable.label, question.not_applicable))
    return choices


def parse_reply(text: str, question: Question, questionnaires: QuestionnaireSet, *, has_default: bool) -> Reply:
    """Interpret a typed line: a choice's number or word answers; single letters are keys."""
    typed = text.strip().lower()
    keys = {"?": "help", "h": "help", "help": "help", "b": "back", "s": "skip", "n": "note", "q": "quit"}
    if not typed:
        return Reply("keep") if has_default else Reply("invalid")
    if typed in keys:
        return Reply(keys[typed])
    choices = choices_for(question, questionnaires)
    if typed.isdigit() and 1 <= int(typed) <= len(choices):
        return Reply("answer", choices[int(typed) - 1][0])
    spellings = {"na": questionnaires.bank.not_applicable.value, "n.a.": questionnaires.bank.not_applicable.value}
    for value, label, _ in choices:
        spellings[value.lower()] = value
        spellings[label.lower()] = value
    allowed = {value for value, _, _ in choices}
    if typed in spellings and spellings[typed] in allowed:
        return Reply("answer", spellings[typed])
    # A beginning that fits one answer only ("part", "mo") is that answer; single letters are keys.
    starting = {value for spelling, value in spellings.items() if spelling.startswith(typed) and value in allowed}
    if len(typed) >= 2 and len(starting) == 1:
        return Reply("answer", starting.pop())
    return Reply("invalid")


@dataclass
class Session:
    """The state of one run of the questionnaire: which question, and every answer so far."""

    path: Path
    questionnaires: QuestionnaireSet
    questions: tuple[Question, ...]
    team: str
    date: datetime.date
    assessor: str | None
    answers: dict[str, Answer] = field(default_factory=dict)
    index: int = 0
    review: bool = False
    """Go through every question in order, answered or not (Enter keeps an answer)."""

    @property
    def answered(self) -> int:
        return sum(1 for question in self.questions if self._has_answer(question.id))

    def _has_answer(self, question_id: str) -> bool:
        given = self.answers.get(question_id)
        return given is not None and given.answer is not None

    def first_unanswered(self) -> int | None:
        return next((i for i, question in enumerate(self.questions) if not self._has_answer(question.id)), None)

    def advance(self) -> None:
        """Move on to the next unanswered question after this one, or past the end.

        After going back to change an answer, this returns to where the user was. When
        reviewing, every question comes in turn.
        """
        if self.review:
            self.index += 1
            return
        self.index = next(
            (i for i in range(self.index + 1, len(self.questions)) if not self._has_answer(self.questions[i].id)),
            len(self.questions),
        )

    def current_answer(self) -> Answer | None:
        return self.answers.get(self.questions[self.index].id)

    def record(self, value: str | None, note: str | None, evidence: tuple[str, ...]) -> None:
        question_id = self.questions[self.index].id
        previous = self.answers.get(question_id)
        self.answers[question_id] = Answer(
            answer=value,
            note=note if note is not None else (previous.note if previous else None),
            evidence=evidence or (previous.evidence if previous else ()),
            source=ANSWER_SOURCE,
        )

    def skip(self) -> None:
        question_id = self.questions[self.index].id
        previous = self.answers.get(question_id)
        if previous is not None:
            self.answers[question_id] = previous.model_copy(update={"answer": None})

    def answers_file(self) -> AnswersFile:
        return AnswersFile(
            questionnaire_version=self.questionnaires.version,
            team=self.team,
            date=self.date,
            assessor=self.assessor,
            answers=dict(self.answers),
        )

    def save(self) -> None:
        """Write the whole file atomically: it is always complete and valid.

        Ctrl-C, SIGTERM and SIGHUP wait until the save is done: the answer just typed is kept,
        and no temporary file is left behind.
        """
        text = render_answers(self.answers_file(), self.questionnaires, self.questions, with_help=False)
        with signals_deferred():
            write_text_atomic(self.path, text)


def session_questions(questionnaires: QuestionnaireSet, model_ids: tuple[str, ...]) -> tuple[Question, ...]:
    """The questions to ask, each once, grouped by dimension in the questionnaire's order."""
    asked = questionnaires.questions_for(model_ids)
    order = [dimension.id for dimension in questionnaires.bank.dimensions]
    return tuple(sorted(asked, key=lambda question: order.index(question.dimension)))


# ── Signals ───────────────────────────────────────────────────────────────


class Stopped(KeyboardInterrupt):
    """SIGTERM, or SIGHUP from a closed terminal: handled like Ctrl-C, the answers are saved.

    A `KeyboardInterrupt`, so that every path that handles Ctrl-C handles these too.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


STOP_SIGNALS: tuple[signal.Signals, ...] = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)


class StopSignals:
    """Within `with StopSignals() as signals:`, SIGTERM and SIGHUP raise `Stopped`.

    Without this, Python dies on either at once, without unwinding: no message, and a save
    cut short leaves its temporary file behind. Every handler is restored on leaving the
    block. Outside the main thread (where handlers cannot be set) this does nothing.
    """

    def __init__(self) -> None:
        self._previous: dict[int, Callable[[int, FrameType | None], Any] | int | None] = {}

    def __enter__(self) -> StopSignals:
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGINT, *STOP_SIGNALS):
                self._previous[signum] = signal.getsignal(signum)
            for signum in STOP_SIGNALS:
                signal.signal(signum, self._stop)
        return self

    def __exit__(self, *_exc: object) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)
        self._previous.clear()

    def stopping(self) -> None:
        """The run is already ending: ignore Ctrl-C, SIGTERM and SIGHUP until the block ends.

        NOTE: a closed terminal brings both the end of input and a SIGHUP, in either order,
        and some senders follow SIGHUP with SIGINT; one interruption is reported, not three.
        A signal already pending when this is called may still raise `Stopped` from here.
        """
        for signum in self._previous:
            signal.signal(signum, signal.SIG_IGN)

    def _stop(self, signum: int, _frame: FrameType | None) -> None:
        self.stopping()
        raise Stopped(signum)


@contextlib.contextmanager
def signals_deferred() -> Iterator[None]:
    """Hold back Ctrl-C, SIGTERM and SIGHUP until the block ends (where the platform allows)."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, *STOP_SIGNALS})
    try:
        yield
    finally:
        # A signal that arrived meanwhile is delivered here, once the file is complete.
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


# ── Asking ────────────────────────────────────────────────────────────────


class Terminal:
    """Where the questionnaire is drawn (stderr) and typed (stdin)."""

    def __init__(self, console: Console | None = None, stdin: TextIO | None = None) -> None:
        self.console = console or Console(stderr=True, highlight=False)
        self.stdin = stdin or sys.stdin

    def show(self, renderable: RenderableType = "") -> None:
        self.console.print(renderable)

    def say(self, message: str) -> None:
        """A plain message, never wrapped by rich (paths and commands stay copyable)."""
        self.console.print(Text(printable(message)), soft_wrap=True)

    def fits(self, renderable: RenderableType) -> bool:
        """Whether a screen fits the terminal with a line to spare for the prompt."""
        if not self.console.is_terminal:
            return True
        lines = self.console.render_lines(renderable, self.console.options, pad=False)
        return len(lines) < self.console.height

    def new_screen(self) -> None:
        """A calm screen per question: cleared on a terminal, a blank line elsewhere."""
        if self.console.is_terminal:
            self.console.clear()
        else:
            self.console.print()

    def ask(self, prompt: str) -> str:
        """One line of input. Raises EOFError when input ends."""
        self.console.print(Text(prompt, style="bold"), end="")
        self.console.file.flush()
        try:
            line = self.stdin.readline()
        except OSError:
            # NOTE: EIO when the terminal is gone (closed window, SIGHUP ignored): input has ended.
            raise EOFError from None
        if not line:
            raise EOFError
        return line.rstrip("\r\n")


class QuitRequested(Exception):
    """The user typed `q`: answers are saved, the run stops here."""


def question_screen(
    session: Session, notice: Text | None = None, *, with_help: bool = True, with_meanings: bool = True
) -> RenderableType:
    """One question's screen. On a small terminal the answers' meanings go first (they are
    the same on every screen), then the help text; `?` shows both."""
    question = session.questions[session.index]
    questionnaires = session.questionnaires
    dimension = next(d for d in questionnaires.bank.dimensions if d.id == question.dimension)
    total = len(session.questions)
    header = Table.grid(padding=(0, 1))
    header.add_column(no_wrap=True)
    header.add_column()
    header.add_row(progress_bar(session.index, total, width=16), Text(f"question {session.index + 1} of {total}"))
    parts: list[RenderableType] = [
        Text(dimension.name, style="bold magenta"),
        header,
        Text(""),
        Text(question.text, style="bold"),
        Padding(Text(question.help, style="dim"), (0, 0, 0, 2))
        if with_help
        else Text("  (help hidden to fit the screen: type ? to read it)", style="dim"),
        Text(""),
    ]
    current = session.current_answer()
    if with_meanings:
        choices = Table.grid(padding=(0, 1))
        choices.add_column(no_wrap=True, justify="right")
        choices.add_column(no_wrap=True)
        choices.add_column()
        for number, (value, label, meaning) in enumerate(choices_for(question, questionnaires), start=1):
            chosen = current is not None and current.answer == value
            choices.add_row(
                Text(f"{number}", style="bold cyan"),
                Text(label + (" ◀" if chosen else ""), style="bold" if chosen else ""),
                Text(meaning, style="dim"),
            )
        parts.append(choices)
    else:
        compact = Text()
        for number, (value, label, _) in enumerate(choices_for(question, questionnaires), start=1):
            chosen = current is not None and current.answer == value
            compact.append(f"{number} ", style="bold cyan")
            compact.append(label + (" ◀" if chosen else ""), style="bold" if chosen else "")
            compact.append("   ")
        parts.append(compact)
    if current is not None and (current.note or current.evidence):
        pending = Text("Note: ", style="bold")
        pending.append(printable(current.note or ""))
        if current.evidence:
            pending.append(printable(f"  Evidence: {', '.join(current.evidence)}"))
        parts.append(Text(""))
        parts.append(pending)
    parts.append(Text(""))
    parts.append(Text(KEYS_LINE, style="dim"))
    if notice is not None:
        parts.append(notice)
    return Group(*parts)


def full_help(question: Question, questionnaires: QuestionnaireSet) -> RenderableType:
    """`?`: the question's full help, what each answer means, and which criteria use it."""
    parts: list[RenderableType] = [Text(question.text, style="bold"), Text(""), Text(question.help), Text("")]
    meanings = Table.grid(padding=(0, 1))
    meanings.add_column(no_wrap=True)
    meanings.add_column()
    for _, label, meaning in choices_for(question, questionnaires):
        meanings.add_row(Text(label, style="bold"), Text(meaning))
    parts.append(meanings)
    users = [
        f"{model.name} {model.label(level)}: {criterion.title} (needs at least '{criterion.requires[question.id]}')"
        for model in questionnaires.models
        for level in model.levels
        for criterion in level.criteria
        if question.id in criterion.requires
    ]
    if users:
        parts.append(Text("\nThis answer is used by:", style="bold"))
        bullets = Table.grid(padding=(0, 1))
        bullets.add_column(no_wrap=True)
        bullets.add_column()
        for user in users:
            bullets.add_row(Text(" •"), Text(user))
        parts.append(bullets)
    return Group(*parts)


def run_questions(session: Session, terminal: Terminal, *, intro: str | None = None) -> None:
    """Ask from `session.index` to the end, saving after every change.

    `intro` heads the first screen: printed before it, a message would be cleared at once.

    Raises:
        QuitRequested: the user typed `q` (answers are saved).
        KeyboardInterrupt, EOFError: passed on; answers given so far are saved.
    """
    notice: Text | None = None
    pending_note: str | None = None
    pending_evidence: tuple[str, ...] = ()
    typed_ahead: str | None = None
    while session.index < len(session.questions):
        question = session.questions[session.index]
        current = session.current_answer()
        has_default = current is not None and current.answer is not None
        terminal.new_screen()
        heading: list[RenderableType] = [Text(printable(intro)), Text("")] if intro else []
        intro = None
        screen: RenderableType = Group(*heading, question_screen(session, notice))
        if not terminal.fits(screen):
            screen = Group(*heading, question_screen(session, notice, with_meanings=False))
        if not terminal.fits(screen):
            screen = Group(*heading, question_screen(session, notice, with_meanings=False, with_help=False))
        terminal.show(screen)
        notice = None
        prompt = f"Answer [Enter keeps {current.answer}]: " if has_default and current else "Answer: "
        typed = typed_ahead if typed_ahead is not None else terminal.ask(prompt)
        typed_ahead = None
        reply = parse_reply(typed, question, session.questionnaires, has_default=has_default)
        if reply.kind == "invalid":
            count = len(choices_for(question, session.questionnaires))
            notice = Text(
                f"Type a number from 1 to {count} (or the answer's word), or one of the keys above.", style="yellow"
            )
        elif reply.kind == "help":
            terminal.new_screen()
            terminal.show(full_help(question, session.questionnaires))
            # An answer typed here is taken as the answer, not thrown away.
            typed_ahead = terminal.ask("\nPress Enter to return to the question, or type the answer. ").strip() or None
        elif reply.kind == "quit":
            raise QuitRequested
        elif reply.kind == "back":
            if session.index == 0:
                notice = Text("This is the first question.", style="yellow")
            else:
                session.index -= 1
        elif reply.kind == "skip":
            if pending_note or pending_evidence:
                session.record(None, pending_note, pending_evidence)
                pending_note, pending_evidence = None, ()
            session.skip()
            session.save()
            session.index += 1
        elif reply.kind == "note":
            typed_note = terminal.ask("Note (one line, Enter for none): ").strip()
            links = split_evidence(
                terminal.ask("Evidence links or paths (separated by spaces or commas, Enter for none): ")
            )
            pending_note = typed_note or None
            pending_evidence = tuple(links)
            if current is not None:
                session.record(current.answer, pending_note, pending_evidence)
                session.save()
                pending_note, pending_evidence = None, ()
            notice = Text(
                f"Note saved with the answer '{current.answer}'; type another answer to change it, or Enter to keep it."
                if current is not None and current.answer is not None
                else "Note saved; now choose the answer.",
                style="green",
            )
        else:  # answer or keep
            value = reply.value if reply.kind == "answer" else (current.answer if current else None)
            note = pending_note
            if value == session.questionnaires.bank.not_applicable.value:
                reason = ""
                previous_reason = current.note if current is not None and current.answer == value else None
                while not reason:
                    hint = f" [Enter keeps: {previous_reason}]" if previous_reason else ""
                    reason = terminal.ask(f"Why does this not apply? (one line){hint}: ").strip() or (
                        previous_reason or ""
                    )
                note = reason
            session.record(value, note, pending_evidence)
            session.save()
            pending_note, pending_evidence = None, ()
            session.advance()


# ── Starting or resuming ──────────────────────────────────────────────────


@dataclass(frozen=True)
class Opened:
    """A session ready to run, and how it came about."""

    session: Session
    resumed: bool
    backup: Path | None = None


def backup_path(path: Path) -> Path:
    """A free name beside `path` for its backup: `FILE.bak`, then `FILE.bak.1`, ..."""
    candidate = path.with_name(path.name + ".bak")
    number = 1
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.bak.{number}")
        number += 1
    return candidate


def open_session(
    path: Path,
    questionnaires: QuestionnaireSet,
    model_ids: tuple[str, ...],
    *,
    team: str | None,
    assessor: str | None,
    restart: bool,
    review: bool = False,
) -> Opened:
    """Resume the answers file at `path`, or start a new one (backing up the old with `restart`).

    A team name is needed for a new file; pass None to have the caller ask for it.

    Raises:
        AnswersError: the existing file cannot be resumed (invalid, or another
            questionnaire version); it is left untouched.
        OutputError: the folder does not exist, or the path is not a regular file.
    """
    import os

    from mlops_maturity.answers import load_answers
    from mlops_maturity.errors import AnswersError, MaturityError, OutputError

    questions = session_questions(questionnaires, model_ids)
    if path.exists() and not path.is_file():
        raise OutputError(f"{path}: is not a regular file (a folder or a device); choose another name with -o")
    check_writable(path)
    backup = None
    if path.exists() and restart:
        backup = backup_path(path)
        os.replace(path, backup)
    elif path.exists():
        try:
            loaded = load_answers(path, questionnaires)
        except MaturityError as error:
            raise AnswersError(
                f"{path}: cannot resume this answers file, and it was not changed: {error.message}",
                problems=(
                    *error.problems,
                    "to keep it, choose another file with -o; to start over, add --restart "
                    "(the old file is kept as a backup)",
                ),
            ) from None
        previous = loaded.answers
        session = Session(
            path=path,
            questionnaires=questionnaires,
            questions=questions,
            team=previous.team,
            date=previous.date,
            assessor=previous.assessor if assessor is None else assessor,
            answers=dict(previous.answers),
        )
        first = session.first_unanswered()
        session.review = review
        session.index = 0 if review else len(questions) if first is None else first
        return Opened(session=session, resumed=True)
    session = Session(
        path=path,
        questionnaires=questionnaires,
        questions=questions,
        team=team or "",
        date=datetime.date.today(),
        assessor=assessor,
    )
    return Opened(session=session, resumed=False, backup=backup)
