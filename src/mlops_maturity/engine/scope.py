"""Scope: questions a team has put out of scope, answered `n/a` with the scope's reason. Pure: no I/O.

A questionnaire's `scopes` name questions that cannot apply to some teams (a team that
trains no models has no training pipeline to automate); an answers file's
`scope: {trains_models: false}` puts them out. Scoring then reads each of them as `n/a`,
with the scope's `out_of_scope_reason` as its note, so that the criteria resting on them
are `n/a` and no step asks the team to build what it does not need.

**The scope wins.** A question out of scope is `n/a` whatever the file answers to it. An
answer given there anyway is set aside, not lost: the file keeps it (nothing here writes
files; saying `true` again brings it back), and the `n/a` note says which answer was set
aside, so the report shows it. Refusing the file instead would make a team that learns of
the scope delete its answers by hand, and lose them should it change its mind.
"""

from __future__ import annotations

from mlops_maturity.answers.model import Answer, AnswersFile
from mlops_maturity.questionnaire.model import QuestionnaireSet

SCOPE_SOURCE = "scope"
"""The `source` of an answer made `n/a` by the scope: not given by anyone."""

SET_ASIDE = " Set aside while out of scope:"
"""Begins what a scope note adds about an answer the file gave; the reason comes before it."""


def in_scope(answers: AnswersFile, questionnaires: QuestionnaireSet) -> AnswersFile:
    """The answers with every question of a scope answered false made `n/a`, the scope's
    reason as its note (the same answers when nothing is out of scope)."""
    outside = questionnaires.out_of_scope(answers.scope)
    if not outside:
        return answers
    not_applicable = questionnaires.bank.not_applicable.value
    scoped = dict(answers.answers)
    for question_id, scope in outside.items():
        if (given := answers.answers.get(question_id)) is not None and given.source == SCOPE_SOURCE:
            continue  # already made n/a by the scope: reading the answers twice changes nothing
        scoped[question_id] = Answer(
            answer=not_applicable,
            note=scope.out_of_scope_reason + _set_aside(answers.answer_for(question_id)),
            source=SCOPE_SOURCE,
        )
    return answers.model_copy(update={"answers": scoped})


def _set_aside(given: Answer | None) -> str:
    """What the note adds about an answer the file gives to a question out of scope."""
    if given is None:
        return ""
    said = f"{SET_ASIDE} the file's answer '{given.answer}'" + (
        f", with the note: {given.note.strip()}" if given.note else ""
    )
    return said if said.endswith((".", "!", "?")) else f"{said}."


def scope_reason(note: str) -> str:
    """The scope's reason in the note of an answer `in_scope` made, without what was set aside."""
    return note.split(SET_ASIDE, 1)[0]


def combined_scope(respondents: list[AnswersFile]) -> dict[str, bool]:
    """The team's scope from several respondents' files (`combine`): a scope is out only when
    every respondent put it out. Cautious, as the combined answers are: a respondent who says
    the questions apply (or does not say, which means they apply) keeps them asked and scored."""
    said = list(dict.fromkeys(scope_id for answers in respondents for scope_id in answers.scope))
    return {
        scope_id: not all(answers.scope.get(scope_id, True) is False for answers in respondents) for scope_id in said
    }
