"""What the questionnaire shows: the terminal it is drawn on, and each screen, as rich renderables."""

from __future__ import annotations

import sys
from typing import TextIO

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from mlops_maturity.interactive.session import Session, choices_for
from mlops_maturity.questionnaire.model import Question, QuestionnaireSet
from mlops_maturity.report.terminal import progress_bar
from mlops_maturity.report.wording import level_label
from mlops_maturity.safe_text import printable

KEYS_LINE = "?  help   b  back   s  skip   n  note   q  save and quit"


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
        f"{model.name} {level_label(model.name, level.number, level.native_number, level.name)}: {criterion.title} (needs at least '{criterion.requires[question.id]}')"
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
