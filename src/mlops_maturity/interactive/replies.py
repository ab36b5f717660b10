"""What a line typed at a question means, and the choices it is read against.

Deciding only, like `session.py`: no terminal here. The keys are the same letters in every
language (`?`, `b`, `s`, `+`, `q`); the screens name them in the language in use.
"""

from __future__ import annotations

from dataclasses import dataclass

from mlops_maturity.messages import _
from mlops_maturity.questionnaire.model import Question, QuestionnaireSet


@dataclass(frozen=True, slots=True)
class Reply:
    """What one line typed at a question means."""

    kind: str
    """`answer`, `keep`, `help`, `back`, `skip`, `note`, `quit` or `invalid`."""
    value: str | None = None
    message: str | None = None
    """Why an `invalid` reply was refused, when there is more to say than the usual hint."""
    estimate: bool = False
    """The answer was typed with a trailing `?` (`mostly?`, `3?`): the respondent's estimate."""
    incident: bool = False
    """The answer was typed with a trailing `!` (`no!`, `1!`): this gap caused a recent incident."""


KEYS = {
    "?": "help",
    "h": "help",
    "help": "help",
    "b": "back",
    "back": "back",
    "s": "skip",
    "skip": "skip",
    "+": "note",
    "note": "note",
    "q": "quit",
    "quit": "quit",
    # The Spanish words shown beside the keys, typed whole: the letters stay the same in
    # every language, as `n`, `s` and `a` begin Spanish answers or keys ("no", "sí").
    "ayuda": "help",
    "atrás": "back",
    "atras": "back",
    "saltar": "skip",
    "nota": "note",
    "salir": "quit",
}
"""Keys at a question. NOTE: no letter that begins a shipped answer: `n` is `no`, never the note."""

NOT_APPLICABLE_SPELLINGS = ("n/a", "na", "n.a.")


def split_evidence(typed: str) -> tuple[str, ...]:
    """Links or paths typed on one line, separated by spaces: `a b` and `a, b` are two, `a,b` one.

    Commas at either end of a part go (the comma of a typed list); commas inside stay, as
    URLs and paths hold them (`https://example.com/a,b?x=1,2`) and seldom hold spaces.
    """
    return tuple(part for part in (word.strip(",") for word in typed.split()) if part)


def choices_for(question: Question, questionnaires: QuestionnaireSet) -> list[tuple[str, str, str]]:
    """The numbered choices for a question: (value, label, meaning), n/a last where allowed."""
    bank = questionnaires.bank
    choices = [(option.value, option.label, option.meaning) for option in bank.scale]
    if question.not_applicable:
        choices.append((bank.not_applicable.value, bank.not_applicable.label, question.not_applicable))
    return choices


def label_for(question: Question, questionnaires: QuestionnaireSet, value: str) -> str:
    """The label shown for an answer's value (`Mostly` for `mostly`); the value when unknown."""
    return next((label for choice, label, _meaning in choices_for(question, questionnaires) if choice == value), value)


def answer_word(question: Question, questionnaires: QuestionnaireSet, value: str) -> str:
    """An answer as a prompt names it: the word the file holds (`mostly`); in another
    language its label, with that word after it (`Mayormente (mostly)`), so that the person
    learns the file's words without reading English."""
    label = label_for(question, questionnaires, value)
    return value if questionnaires.language == "en" or label.lower() == value.lower() else f"{label} ({value})"


def invalid_hint(count: int) -> str:
    return _("Type a number from 1 to {count} (or the answer's word), or one of the keys above.").format(count=count)


def parse_reply(text: str, question: Question, questionnaires: QuestionnaireSet, *, has_default: bool) -> Reply:
    """Interpret a typed line: a number, a word or a unique beginning answers; keys act.

    n/a needs a full spelling (`n/a`, `na`, its label): a beginning such as `n` is `no`.
    """
    typed = text.strip().lower()
    if not typed:
        return Reply("keep") if has_default else Reply("invalid")
    if typed in KEYS:
        return Reply(KEYS[typed])
    if len(typed) > 1 and typed[-1] in "?!":
        # `mostly?` or `3?`: an answer the respondent is not sure of, scored and marked as an
        # estimate; `no!` or `1!`: a gap that caused a recent incident; `1?!` and `1!?` both.
        marked = parse_reply(typed[:-1], question, questionnaires, has_default=False)
        if marked.kind != "answer":
            # A key with a mark (`s!`, `?!`) is no answer: said, never acted on.
            if marked.kind == "invalid":
                return marked
            hint = invalid_hint(len(choices_for(question, questionnaires)))
            return Reply("invalid", message=_("`?` and `!` go after an answer. {hint}").format(hint=hint))
        if typed[-1] == "?":
            return Reply("answer", marked.value, estimate=True, incident=marked.incident)
        if not questionnaires.leaves_a_step(question.id, marked.value):
            return Reply(
                "invalid",
                message=_("{answer} leaves no step in the plan to close: `!` goes with a lower answer.").format(
                    answer=label_for(question, questionnaires, marked.value or "")
                ),
            )
        return Reply("answer", marked.value, estimate=marked.estimate, incident=True)
    choices = choices_for(question, questionnaires)
    if typed.isdigit() and 1 <= int(typed) <= len(choices):
        return Reply("answer", choices[int(typed) - 1][0])
    bank = questionnaires.bank
    na = bank.not_applicable
    if typed in (*NOT_APPLICABLE_SPELLINGS, na.value.lower(), na.label.lower()):
        if question.not_applicable:
            return Reply("answer", na.value)
        return Reply(
            "invalid",
            message=_("n/a is not offered for this question. {hint}").format(hint=invalid_hint(len(choices))),
        )
    spellings = {
        spelling: option.value for option in bank.scale for spelling in (option.value.lower(), option.label.lower())
    }
    if typed in spellings:
        return Reply("answer", spellings[typed])
    # A beginning that fits one answer only ("p", "mo") is that answer.
    starting = sorted({value for spelling, value in spellings.items() if spelling.startswith(typed)})
    if len(starting) == 1:
        return Reply("answer", starting[0])
    if starting:
        return Reply(
            "invalid",
            message=_("'{typed}' begins {answers}: type more letters, or the number.").format(
                typed=typed, answers=_(" and ").join(starting)
            ),
        )
    return Reply("invalid")


SCOPE_CHOICES = (("yes", True), ("no", False))
"""A scope question's choices, numbered 1 and 2: yes keeps its questions, no puts them out."""

SCOPE_SPELLINGS = {True: ("sí", "si"), False: ()}
"""Other words for a scope's choices, as the Spanish screen names them; `s` stays the skip key."""


def scope_word(applies: bool) -> str:
    """`Yes` or `No` in the language in use, as a scope's screen shows it."""
    return _("Yes") if applies else _("No")


def parse_scope_reply(text: str, *, has_default: bool) -> Reply:
    """Interpret a line typed at a scope question: `1`, `y`, `yes`, `sí` or `2`, `n`, `no`; keys act.

    `+` (a note) has nothing to attach to: the scope is one yes or no for the whole file.
    """
    typed = text.strip().lower()
    if not typed:
        return Reply("keep") if has_default else Reply("invalid")
    if typed in KEYS:
        kind = KEYS[typed]
        if kind == "note":
            return Reply("invalid", message=_("This question takes yes or no, without a note."))
        return Reply(kind)
    for number, (word, applies) in enumerate(SCOPE_CHOICES, start=1):
        if typed in (str(number), word, word[0], *SCOPE_SPELLINGS[applies]):
            return Reply("answer", "yes" if applies else "no")
    return Reply("invalid")
