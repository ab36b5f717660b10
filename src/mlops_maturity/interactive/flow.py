"""The questionnaire's loop: show a question, read a reply, record and save, move on."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from mlops_maturity.interactive.screens import Terminal, full_help, question_screen
from mlops_maturity.interactive.session import Session, choices_for, parse_reply, split_evidence
from mlops_maturity.safe_text import printable


class QuitRequested(Exception):
    """The user typed `q`: answers are saved, the run stops here."""


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
