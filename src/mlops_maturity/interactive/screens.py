"""What the questionnaire shows: the terminal it is drawn on, and each screen, as rich renderables."""

from __future__ import annotations

import re
import sys
from typing import TextIO

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from mlops_maturity.answers.model import Answer
from mlops_maturity.answers.provenance import SCAN_EVIDENCE_PREFIX
from mlops_maturity.interactive.line_limit import LINUX_LINE_LIMIT, discard_typed_ahead, was_cut
from mlops_maturity.interactive.replies import SCOPE_CHOICES, answer_word, choices_for, label_for, scope_word
from mlops_maturity.interactive.session import Session
from mlops_maturity.messages import _
from mlops_maturity.questionnaire.model import Question, QuestionnaireSet
from mlops_maturity.report.terminal import progress_bar
from mlops_maturity.report.wording import level_label
from mlops_maturity.safe_text import printable

# NOTE: functions, not constants: the words are looked up in the language chosen at run
# time. The key letters are the same in every language (see `replies.KEYS`).


def keys_line() -> str:
    return _(
        "?  help   b  back   s  skip   +  note   q  save and quit   (unsure? add ?, e.g. 3?; "
        "caused an incident? add !, e.g. 1!)"
    )


def scope_keys_line() -> str:
    return _("?  help   b  back   s  skip   q  save and quit")


def cut_line() -> str:
    """What `ask` says of a line the terminal cut off (see `line_limit`)."""
    return _(
        "That line reached {limit} bytes, the most a terminal passes on one line: the rest was "
        "cut off, so none of it was used (nor anything typed after it). Type it again, shorter; "
        "a long note can go in a file, named as evidence."
    ).format(limit=f"{LINUX_LINE_LIMIT:,}")


# Typed lines are one line of plain text: controls (escape sequences), line and paragraph
# separators, bidirectional overrides and lone surrogates would reach the answers file.
_UNTYPABLE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


# Whole escape sequences (arrow keys, colours, titles), not only their ESC.
_ESCAPE_SEQUENCE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")


def clean_line(text: str) -> str:
    """A typed line as plain text: tabs become spaces; escape sequences and other controls go."""
    return _UNTYPABLE.sub("", _ESCAPE_SEQUENCE.sub("", text.replace("\t", " ")))


def decode_line(raw: bytes, encoding: str) -> str | None:
    """The typed bytes as text, or None when they are not valid in the terminal's encoding."""
    try:
        return raw.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


MEASURE = 100
"""Widest a screen is set, in columns, however wide the terminal: lines of help 200 columns
long are hard to read (the eye loses the next line); a narrower terminal sets them narrower."""


class Terminal:
    """Where the questionnaire is drawn (stderr) and typed (stdin)."""

    def __init__(self, console: Console | None = None, stdin: TextIO | None = None) -> None:
        self.console = console or Console(stderr=True, highlight=False)
        self.stdin = stdin or sys.stdin

    @property
    def _width(self) -> int:
        return min(self.console.width, MEASURE)

    def show(self, renderable: RenderableType = "") -> None:
        self.console.print(renderable, width=self._width)

    def say(self, message: str) -> None:
        """A plain message, never wrapped by rich (paths and commands stay copyable)."""
        self.console.print(Text(printable(message)), soft_wrap=True)

    def fits(self, renderable: RenderableType) -> bool:
        """Whether a screen fits the terminal with a line to spare for the prompt."""
        if not self.console.is_terminal:
            return True
        options = self.console.options.update_width(self._width)
        lines = self.console.render_lines(renderable, options, pad=False)
        return len(lines) < self.console.height

    def new_screen(self) -> None:
        """A calm screen per question: cleared on a terminal, a blank line elsewhere."""
        if self.console.is_terminal:
            self.console.clear()
        else:
            self.console.print()

    def ask(self, prompt: str) -> str:
        """One line of input, as clean text; a line that is not valid text, or that the
        terminal cut off, is asked again.

        Raises:
            EOFError: input ended.
        """
        while True:
            self.console.print(Text(prompt, style="bold"), end="")
            self.console.file.flush()
            raw = self._read_line()
            if was_cut(self.stdin, raw):
                # Never passed on as typed: "Note saved" would claim a whole note that is not.
                discard_typed_ahead(self.stdin)
                self.console.print(Text(cut_line(), style="yellow"))
                continue
            # A text stream's line is encoded back as UTF-8 by `_read_line`, whatever its encoding.
            line = decode_line(raw, self._encoding if hasattr(self.stdin, "buffer") else "utf-8")
            if line is not None:
                return clean_line(line.rstrip("\r\n"))
            self.console.print(
                Text(
                    _("That line is not valid {encoding} text (a stray byte?); type it again.").format(
                        encoding=self._encoding
                    ),
                    style="yellow",
                )
            )

    @property
    def _encoding(self) -> str:
        return getattr(self.stdin, "encoding", None) or "utf-8"

    def _read_line(self) -> bytes:
        """The next line's bytes, with its newline, as typed. Raises EOFError at the end."""
        # NOTE: bytes, decoded by the caller: a text stream would either fail the whole read
        # or pass lone surrogates on (surrogateescape), which no answers file can hold.
        binary = getattr(self.stdin, "buffer", None)
        try:
            raw = binary.readline() if binary is not None else self.stdin.readline()
        except OSError:
            # NOTE: EIO when the terminal is gone (closed window, SIGHUP ignored): input has ended.
            raise EOFError from None
        if not raw:
            raise EOFError
        return raw if isinstance(raw, bytes) else raw.encode("utf-8", "surrogateescape")


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
    out_of_scope = session.out_of_scope
    outside = sum(1 for asked in session.questions if asked.id in out_of_scope)
    position = (
        _("question {number} of {total} ({count} out of scope: n/a, not asked)")
        if outside
        else _("question {number} of {total}")
    ).format(number=session.index + 1, total=total, count=outside)
    header.add_row(progress_bar(session.index, total, width=16), Text(position))
    parts: list[RenderableType] = [
        Text(dimension.name, style="bold magenta"),
        header,
        *_asked(question.text, question.help, with_help=with_help),
    ]
    current = session.current_answer()
    proposal = session.current_proposal()
    proposed = proposal.answer if proposal is not None else None
    if with_meanings:
        choices = Table.grid(padding=(0, 1))
        choices.add_column(no_wrap=True, justify="right")
        choices.add_column(no_wrap=True)
        choices.add_column()
        for number, (value, label, meaning) in enumerate(choices_for(question, questionnaires), start=1):
            chosen = current is not None and current.answer == value
            choices.add_row(
                Text(f"{number}", style="bold cyan"),
                Text(label + _marker(chosen, proposed == value), style="bold" if chosen else ""),
                Text(meaning, style="dim"),
            )
        parts.append(choices)
    else:
        compact = Text()
        for number, (value, label, _meaning) in enumerate(choices_for(question, questionnaires), start=1):
            chosen = current is not None and current.answer == value
            compact.append(f"{number} ", style="bold cyan")
            compact.append(label + _marker(chosen, proposed == value), style="bold" if chosen else "")
            compact.append("   ")
        parts.append(compact)
    if current is not None and current.answer is not None:
        # Spelled out, not only marked: the ◀ cannot say that the answer was an estimate.
        label = label_for(question, questionnaires, current.answer)
        parts.append(Text(""))
        if current.estimate:
            label = _("{answer} (estimate)").format(answer=label)
        if current.incident:
            label = _("{answer} (caused an incident)").format(answer=label)
        parts.append(Text(printable(_("Current answer: {answer}").format(answer=label))))
    if session.left_unanswered_before():
        parts.append(Text(""))
        parts.append(Text(_("Left unanswered before (skipped): answer it now, or s to skip it again."), style="yellow"))
    if proposal is not None:
        parts.append(Text(""))
        parts.append(scan_proposal(proposal, with_evidence=with_help))
    if current is not None and (current.note or current.evidence):
        pending = Text(_("Note: "), style="bold")
        pending.append(printable(current.note or ""))
        if current.evidence:
            pending.append(printable("  " + _("Evidence: {links}").format(links=", ".join(current.evidence))))
        parts.append(Text(""))
        parts.append(pending)
    parts.append(Text(""))
    parts.append(Text(keys_line(), style="dim"))
    if notice is not None:
        parts.append(notice)
    return Group(*parts)


def scope_screen(
    session: Session, position: int, notice: Text | None = None, *, with_help: bool = True
) -> RenderableType:
    """A scope question's screen, before the questions: yes keeps its questions, no puts them out."""
    scope = session.scopes[position]
    count = len(session.scopes)
    current = session.scope.get(scope.id)
    out = sum(1 for question in session.questions if question.id in scope.questions)
    meanings = {
        True: _("Every question is asked."),
        False: _("{count} question(s) do not apply: n/a ({reason}), not asked.").format(
            count=out, reason=scope.out_of_scope_reason
        ),
    }
    choices = Table.grid(padding=(0, 1))
    choices.add_column(no_wrap=True, justify="right")
    choices.add_column(no_wrap=True)
    choices.add_column()
    for number, (_word, applies) in enumerate(SCOPE_CHOICES, start=1):
        chosen = current is applies
        choices.add_row(
            Text(f"{number}", style="bold cyan"),
            Text(scope_word(applies) + (" ◀" if chosen else ""), style="bold" if chosen else ""),
            Text(meanings[applies], style="dim"),
        )
    before = (
        _("before the questions: {number} of {total}").format(number=position + 1, total=count)
        if count > 1
        else _("before the questions")
    )
    parts: list[RenderableType] = [
        Text(_("Scope"), style="bold magenta"),
        Text(before),
        *_asked(scope.text, scope.help, with_help=with_help),
        choices,
    ]
    if current is not None:
        parts += [Text(""), Text(_("Current answer: {answer}").format(answer=scope_word(current)))]
    parts += [Text(""), Text(scope_keys_line(), style="dim")]
    if notice is not None:
        parts.append(notice)
    return Group(*parts)


def scope_help(session: Session, position: int) -> RenderableType:
    """`?` at a scope question: its help, and every question that no puts out of scope."""
    scope = session.scopes[position]
    bullets = Table.grid(padding=(0, 1))
    bullets.add_column(no_wrap=True)
    bullets.add_column()
    for question in session.questions:
        if question.id in scope.questions:
            bullets.add_row(Text(" •"), Text(question.text))
    return Group(
        Text(scope.text, style="bold"),
        Text(""),
        Text(scope.help),
        Text(
            "\n"
            + _("No: these questions are not asked, and are n/a with the note '{reason}'").format(
                reason=scope.out_of_scope_reason
            ),
            style="bold",
        ),
        bullets,
    )


def _asked(text: str, help_text: str, *, with_help: bool) -> list[RenderableType]:
    """A question's text and its help (or where to find it, on a small screen), spaced out."""
    return [
        Text(""),
        Text(text, style="bold"),
        Padding(Text(help_text, style="dim"), (0, 0, 0, 2))
        if with_help
        else Text("  " + _("(help hidden to fit the screen: type ? to read it)"), style="dim"),
        Text(""),
    ]


def _marker(chosen: bool, proposed: bool) -> str:
    return " ◀" if chosen else " ◀ " + _("the scan's proposal") if proposed else ""


SHOWN_EVIDENCE = 4
"""Evidence lines shown with a scan's proposal on a question's screen; the draft holds them all."""


def scan_proposal(proposal: Answer, *, with_evidence: bool = True) -> RenderableType:
    """What the repository scan proposes for a question, and the files that show it."""
    if proposal.confidence:
        said = _("The scan proposes '{answer}', {confidence} confidence. Enter accepts it.")
    else:
        said = _("The scan proposes '{answer}'. Enter accepts it.")
    # The draft's own word (high, medium, low) in the language in use.
    confidence = {"high": _("high"), "medium": _("medium"), "low": _("low")}.get(proposal.confidence or "", "")
    lines: list[RenderableType] = [
        Text(printable(said.format(answer=proposal.answer, confidence=confidence)), style="cyan")
    ]
    if proposal.note:
        lines.append(Text(printable(f"  {proposal.note}"), style="dim"))
    evidence = [entry.removeprefix(SCAN_EVIDENCE_PREFIX) for entry in proposal.evidence]
    shown = evidence[:SHOWN_EVIDENCE] if with_evidence else []
    lines.extend(Text(printable(f"  • {entry}")) for entry in shown)
    if len(evidence) > len(shown):
        more = _("… and {count} more in the scan's draft").format(count=len(evidence) - len(shown))
        lines.append(Text(f"  {more}", style="dim"))
    return Group(*lines)


def full_help(question: Question, questionnaires: QuestionnaireSet) -> RenderableType:
    """`?`: the question's full help, what each answer means, and which criteria use it."""
    parts: list[RenderableType] = [Text(question.text, style="bold"), Text(""), Text(question.help), Text("")]
    meanings = Table.grid(padding=(0, 1))
    meanings.add_column(no_wrap=True)
    meanings.add_column()
    for _value, label, meaning in choices_for(question, questionnaires):
        meanings.add_row(Text(label, style="bold"), Text(meaning))
    parts.append(meanings)
    needs = _("{level}: {criterion} (needs at least '{answer}')")
    users = [
        needs.format(
            level=f"{model.name} {level_label(model.name, level.number, level.native_number, level.name)}",
            criterion=criterion.title,
            answer=answer_word(question, questionnaires, criterion.requires[question.id]),
        )
        for model in questionnaires.models
        for level in model.levels
        for criterion in level.criteria
        if question.id in criterion.requires
    ]
    if users:
        parts.append(Text("\n" + _("This answer is used by:"), style="bold"))
        bullets = Table.grid(padding=(0, 1))
        bullets.add_column(no_wrap=True)
        bullets.add_column()
        for user in users:
            bullets.add_row(Text(" •"), Text(user))
        parts.append(bullets)
    return Group(*parts)
