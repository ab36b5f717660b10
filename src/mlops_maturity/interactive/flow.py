"""The questionnaire's loop: show a question, read a reply, record and save, move on."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from mlops_maturity.interactive.replies import (
    Reply,
    answer_word,
    choices_for,
    invalid_hint,
    label_for,
    parse_reply,
    parse_scope_reply,
    scope_word,
    split_evidence,
)
from mlops_maturity.interactive.screens import Terminal, full_help, question_screen, scope_help, scope_screen
from mlops_maturity.interactive.session import Session
from mlops_maturity.messages import _
from mlops_maturity.safe_text import printable


class QuitRequested(Exception):
    """The user typed `q`: answers are saved, the run stops here."""


def run_questions(session: Session, terminal: Terminal, *, intro: str | None = None) -> None:
    """Ask from `session.index` to the end, saving after every change.

    `intro` heads the first screen: printed before it, a message would be cleared at once.

    Raises:
        QuitRequested: the user typed `q` (answers are saved).
        FileChanged: the file changed on disk; nothing was written over it.
        KeyboardInterrupt, EOFError: passed on; answers given so far are saved.
    """
    _Loop(session, terminal, intro).run()


class _Loop:
    """One run of the loop; a method per kind of reply."""

    def __init__(self, session: Session, terminal: Terminal, intro: str | None) -> None:
        self.session = session
        self.terminal = terminal
        self.intro = intro
        self.notice: Text | None = None
        self.typed_ahead: str | None = None
        # The scope questions come first: those to ask, in order, and the one on screen
        # (a position in session.scopes; None once the questions have begun).
        self.scope_queue = session.scopes_to_ask()
        self.scope_at: int | None = self.scope_queue[0] if self.scope_queue else None

    def run(self) -> None:
        handlers = {
            "invalid": self._invalid,
            "help": self._help,
            "quit": self._quit,
            "back": self._back,
            "skip": self._skip,
            "note": self._note,
        }
        session = self.session
        while self.scope_at is not None or session.index < len(session.questions):
            if self.scope_at is not None:
                self._scope_turn(self.scope_at)
                continue
            has_default = session.default_answer() is not None
            typed = self.typed_ahead if self.typed_ahead is not None else self._show(has_default)
            self.typed_ahead = None
            question = session.questions[session.index]
            reply = parse_reply(typed, question, session.questionnaires, has_default=has_default)
            handlers.get(reply.kind, self._answer)(reply)

    def _draw(self, screens: list[RenderableType]) -> None:
        """A new screen under the intro, if any: the first of `screens` that fits, else the last."""
        terminal = self.terminal
        terminal.new_screen()
        heading: list[RenderableType] = [Text(printable(self.intro)), Text("")] if self.intro else []
        self.intro = None
        shown = next((screen for screen in screens[:-1] if terminal.fits(Group(*heading, screen))), screens[-1])
        terminal.show(Group(*heading, shown))
        self.notice = None

    def _show(self, has_default: bool) -> str:
        """Draw the question's screen, as much as fits, and read the reply."""
        session, terminal = self.session, self.terminal
        notice = self.notice
        self._draw(
            [
                question_screen(session, notice),
                question_screen(session, notice, with_meanings=False),
                question_screen(session, notice, with_meanings=False, with_help=False),
            ]
        )
        value = session.default_answer()
        default = answer_word(session.questions[session.index], session.questionnaires, value) if value else ""
        if session.default_is_estimate():
            # Enter keeps the mark too: the prompt says what Enter records, whole.
            default = _("{answer} (estimate)").format(answer=default)
        if session.default_is_incident():
            default = _("{answer} (caused an incident)").format(answer=default)
        if has_default and session.current_proposal() is not None:
            prompt = _("Answer [Enter accepts the scan's {default}]: ").format(default=default)
        else:
            prompt = _("Answer [Enter keeps {default}]: ").format(default=default) if has_default else _("Answer: ")
        return terminal.ask(printable(prompt))

    def _invalid(self, reply: Reply) -> None:
        count = len(choices_for(self.session.questions[self.session.index], self.session.questionnaires))
        self.notice = Text(reply.message or invalid_hint(count), style="yellow")

    def _help(self, _reply: Reply) -> None:
        session = self.session
        self.terminal.new_screen()
        self.terminal.show(full_help(session.questions[session.index], session.questionnaires))
        # An answer typed here is taken as the answer, not thrown away.
        typed = self.terminal.ask("\n" + _("Press Enter to return to the question, or type the answer. "))
        self.typed_ahead = typed.strip() or None

    def _quit(self, _reply: Reply) -> None:
        raise QuitRequested

    def _back(self, _reply: Reply) -> None:
        session = self.session
        previous = session.previous_question()
        if previous is not None:
            session.index = previous
        elif session.scopes:  # back from the first question to the scope questions before it
            self.scope_queue = list(range(len(session.scopes)))
            self.scope_at = len(session.scopes) - 1
        else:
            self.notice = Text(_("This is the first question."), style="yellow")

    def _skip(self, _reply: Reply) -> None:
        session = self.session
        number = session.index + 1
        session.skip()
        session.save()
        # Not index + 1: on resume the next question may be answered already; --review visits those.
        session.advance()
        self.notice = Text(_("Skipped question {number}: it stays unanswered.").format(number=number), style="green")

    def _note(self, _reply: Reply) -> None:
        session, terminal = self.session, self.terminal
        current = session.current_answer()
        note = terminal.ask(_("Note (one line, Enter for none): ")).strip()
        # The rule `split_evidence` follows, on its own line: on the prompt's line it would not fit 80 columns.
        rule = _("Evidence links or paths, separated by spaces (a comma inside a link is kept).")
        links = split_evidence(terminal.ask(rule + "\n" + _("Evidence (Enter for none): ")))
        value = current.answer if current is not None else None
        # Saved now, with or without an answer: "Note saved" must hold through q, Ctrl-C or a crash.
        session.annotate(note or None, links)
        session.save()
        question = session.questions[session.index]
        self.notice = Text(
            printable(
                _(
                    "Note saved with the answer '{answer}'; type another answer to change it, or Enter to keep it."
                ).format(answer=answer_word(question, session.questionnaires, value))
            )
            if value is not None
            else _("Note saved; now choose the answer."),
            style="green",
        )

    def _answer(self, reply: Reply) -> None:
        """`answer`, or `keep` (Enter on an answered question, or on the scan's proposal)."""
        session = self.session
        current = session.current_answer()
        keeping = reply.kind == "keep" and current is not None and current.answer is not None
        value = reply.value if reply.kind == "answer" else session.default_answer()
        note = None
        if value == session.questionnaires.bank.not_applicable.value:
            was_reason = current is not None and current.answer == value
            note = self._reason(session.offered_reason(), kept=was_reason)
        if keeping:
            # Enter leaves the stored answer as it is; nothing to save unless a new n/a reason was typed.
            if session.keep(note):
                session.save()
        else:
            typed = reply.kind == "answer"
            session.record(
                value, note, (), estimate=reply.estimate if typed else None, incident=reply.incident if typed else None
            )
            session.save()
        number = session.index + 1
        label = label_for(session.questions[session.index], session.questionnaires, value) if value else ""
        recorded = session.current_answer()
        session.advance()
        # From the record, not the reply: Enter keeps an estimate, and says so.
        if recorded and recorded.estimate:
            notice = _("Recorded for question {number}: {answer} (an estimate: confirm it with evidence when you can)")
        else:
            notice = _("Recorded for question {number}: {answer}")
        notice = notice.format(number=number, answer=label)
        if recorded and recorded.incident:
            notice += " " + _("Marked: this gap caused an incident.")
        if recorded is not None and recorded.responses and not keeping:
            # A combined file's answer is its respondents' median: changing it loses none of theirs.
            count = len(recorded.responses)
            kept = (
                _("The respondent's own answer is kept (responses).")
                if count == 1
                else _("The {count} respondents' own answers are kept (responses).").format(count=count)
            )
            notice += f"\n{kept}"
        self.notice = Text(notice, style="green")

    def _reason(self, offered: str | None, *, kept: bool) -> str:
        """n/a needs a one-line reason, saved as the note: the note there is offered, not dropped.

        `kept`: the offer is the reason given before; otherwise a note typed with `+`.
        """
        if not offered:
            prompt = _("Why does this not apply? (one line): ")
        elif kept:
            prompt = _("Why does this not apply? (one line) [Enter keeps: {reason}]: ").format(reason=offered)
        else:
            prompt = _("Why does this not apply? (one line) [Enter uses your note: {reason}]: ").format(reason=offered)
        reason = ""
        while not reason:
            typed = self.terminal.ask(printable(prompt)).strip()
            reason = typed or offered or ""
        return reason

    # ── The scope questions, before the others ───────────────────────────────

    def _scope_turn(self, position: int) -> None:
        """Show one scope question and act on the reply: yes or no is saved at once."""
        session = self.session
        scope = session.scopes[position]
        current = session.scope.get(scope.id)
        if self.typed_ahead is not None:
            typed, self.typed_ahead = self.typed_ahead, None
        else:
            notice = self.notice
            self._draw(
                [scope_screen(session, position, notice), scope_screen(session, position, notice, with_help=False)]
            )
            if current is None:
                prompt = _("Answer: ")
            else:
                prompt = _("Answer [Enter keeps {default}]: ").format(default=scope_word(current).lower())
            typed = self.terminal.ask(prompt)
        reply = parse_scope_reply(typed, has_default=current is not None)
        if reply.kind in ("answer", "keep"):
            applies = reply.value == "yes" if reply.kind == "answer" else bool(current)
            session.set_scope(scope.id, applies)
            session.save()
            out = sum(1 for question in session.questions if question.id in scope.questions)
            said = (
                _("Recorded: yes. Every question is asked.")
                if applies
                else _("Recorded: no. {count} question(s) do not apply: n/a, not asked.").format(count=out)
            )
            self.notice = Text(said, style="green")
            self._next_scope(position)
        elif reply.kind == "help":
            self.terminal.new_screen()
            self.terminal.show(scope_help(session, position))
            typed = self.terminal.ask("\n" + _("Press Enter to return to the question, or type the answer. "))
            self.typed_ahead = typed.strip() or None
        elif reply.kind == "back":
            if position == 0:
                self.notice = Text(_("This is the first question."), style="yellow")
            else:
                self.scope_at = position - 1
        elif reply.kind == "skip":
            # Not answered: its questions apply, as by default, and a resumed run asks it again.
            session.set_scope(scope.id, None)
            session.save()
            self.notice = Text(_("Skipped: it stays unanswered, and every question is asked."), style="green")
            self._next_scope(position)
        elif reply.kind == "quit":
            raise QuitRequested
        else:
            self.notice = Text(reply.message or _("Type 1 (yes) or 2 (no), or one of the keys above."), style="yellow")

    def _next_scope(self, position: int) -> None:
        """On to the next scope question to ask, or to the questions, where the answers now leave them."""
        following = [queued for queued in self.scope_queue if queued > position]
        if following:
            self.scope_at = following[0]
            return
        self.scope_at = None
        self.session.index = self.session.first_question()
