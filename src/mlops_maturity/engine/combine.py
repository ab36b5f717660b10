"""Several respondents of one team, combined into the team's answers: one documented rule.

**The rule.** Per question, the team's answer is the median of the respondents' answers on
the scale; with an even number, the lower of the two middle answers (the cautious one).
Respondents who left the question unanswered are not counted; `n/a` is the answer only
when every respondent who answered chose it, and otherwise is left out of the median. An
answer is an estimate when any counted respondent marked theirs as one, and a gap caused an
incident when any respondent said so (one respondent may be the only one who saw it).

Nothing is dropped: every respondent's answer, note and evidence stays in the combined
file under the question's `responses`; the evidence links are also gathered on the
answer, and a note every respondent shares stays on it too. **Disagreement is a finding:** questions whose counted answers are two or more
steps apart, or mix `n/a` with answers, are listed with who answered what.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from mlops_maturity.answers.model import Answer, AnswersFile, Response
from mlops_maturity.engine.scope import combined_scope
from mlops_maturity.questionnaire.model import QuestionnaireSet

COMBINED_SOURCE = "combine"


@dataclass(frozen=True, kw_only=True, slots=True, eq=False)
class Disagreement:
    question: str
    text: str
    responses: list[tuple[str, str | None]]
    """(respondent, answer) for every respondent who answered."""
    spread: int
    """Steps between the lowest and the highest answer on the scale (n/a not counted)."""


@dataclass(frozen=True, kw_only=True, slots=True, eq=False)
class Combined:
    answers: AnswersFile
    disagreements: list[Disagreement]
    warnings: list[str] = field(default_factory=list)
    """Different teams or dates among the files: combined anyway, and said."""


def _respondent(answers: AnswersFile, index: int, sources: Sequence[str] | None) -> str:
    """Who answered: the file's `assessor`, else where the answers came from (its file's name)."""
    if answers.assessor:
        return answers.assessor
    return sources[index] if sources is not None else f"respondent {index + 1}"


def median_answer(values: list[str], questionnaires: QuestionnaireSet) -> str | None:
    """The rule of the module docstring for one question's counted answers."""
    not_applicable = questionnaires.bank.not_applicable.value
    scored = sorted((value for value in values if value != not_applicable), key=questionnaires.scale_rank)
    if not scored:
        return not_applicable if values else None
    return scored[(len(scored) - 1) // 2]


def disagrees(values: list[str], questionnaires: QuestionnaireSet) -> bool:
    """Answers two or more steps apart, or `n/a` beside answers: a disagreement to discuss."""
    not_applicable = questionnaires.bank.not_applicable.value
    scale = questionnaires.scale_values
    ranks = [questionnaires.scale_rank(value) for value in values if value != not_applicable and value in scale]
    return bool(ranks) and (max(ranks) - min(ranks) >= 2 or len(ranks) < len(values))


def combine(
    respondents: list[AnswersFile], questionnaires: QuestionnaireSet, *, sources: Sequence[str] | None = None
) -> Combined:
    """The team's answers from each respondent's (all at the current questionnaire version).

    `sources` names each respondent's file, in order: the name of a respondent without an
    `assessor` (without it, `respondent N`).
    """
    names = [_respondent(answers, index, sources) for index, answers in enumerate(respondents)]
    warnings = []
    teams = sorted({answers.team for answers in respondents})
    if len(teams) > 1:
        warnings.append(
            f"the files are for different teams ({', '.join(teams)}); combined under '{respondents[0].team}'"
        )
    dates = sorted({answers.date for answers in respondents})
    if len(dates) > 1:
        warnings.append(
            f"the answers were given on different dates ({dates[0]} to {dates[-1]}); the combined date is the latest"
        )
    question_ids = list(dict.fromkeys(question for answers in respondents for question in answers.answers))
    combined: dict[str, Answer] = {}
    disagreements = []
    not_applicable = questionnaires.bank.not_applicable.value
    for question_id in question_ids:
        given = [(name, answers.answers.get(question_id)) for name, answers in zip(names, respondents, strict=True)]
        responses = tuple(
            Response(
                assessor=name,
                answer=answer.answer,
                note=answer.note,
                evidence=answer.evidence,
                estimate=answer.estimate,
                incident=answer.incident,
            )
            for name, answer in given
            if answer is not None
        )
        counted = [(name, answer) for name, answer in given if answer is not None and answer.answer is not None]
        values = [answer.answer for _, answer in counted if answer.answer is not None]
        notes = {answer.note for _, answer in given if answer is not None}
        value = median_answer(values, questionnaires)
        note = notes.pop() if len(notes) == 1 else None  # a note all share stays on the answer too
        if value == not_applicable and note is None:  # n/a keeps its reasons, who gave which
            note = "; ".join(f"{name}: {answer.note}" for name, answer in counted if answer.note) or None
        combined[question_id] = Answer(
            answer=value,
            note=note,
            evidence=tuple(
                dict.fromkeys(link for _, answer in given if answer is not None for link in answer.evidence)
            ),
            source=COMBINED_SOURCE,
            estimate=any(answer.estimate for _, answer in counted),
            # One respondent's incident is the team's: nobody else need have seen it; on a gap
            # only, one the plan can close (never n/a, nor an answer at which its steps are done).
            incident=any(answer.incident for _, answer in counted) and questionnaires.leaves_a_step(question_id, value),
            responses=responses,
        )
        if disagrees(values, questionnaires):
            ranks = [questionnaires.scale_rank(value) for value in values if value != not_applicable]
            question = questionnaires.questions_by_id.get(question_id)
            disagreements.append(
                Disagreement(
                    question=question_id,
                    text=question.text if question else question_id,
                    responses=[(name, answer.answer) for name, answer in counted],
                    spread=max(ranks) - min(ranks) if ranks else 0,
                )
            )
    first = respondents[0]
    return Combined(
        answers=AnswersFile(
            questionnaire_version=questionnaires.version,
            team=first.team,
            date=max(dates) if dates else datetime.date.today(),
            assessor="; ".join(dict.fromkeys(names)),
            # Whose the system is: the first respondent's that says, labels merged in order.
            entity=next((respondent.entity for respondent in respondents if respondent.entity), None),
            owner=next((respondent.owner for respondent in respondents if respondent.owner), None),
            labels={key: value for respondent in reversed(respondents) for key, value in respondent.labels.items()},
            answers=combined,
            scope=combined_scope(respondents),
        ),
        disagreements=disagreements,
        warnings=warnings,
    )
