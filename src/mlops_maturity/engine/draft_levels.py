"""What a scanned draft's levels rest on: the levels its answers give as they are, and the
levels its evidence reaches once a person answers what no repository shows.

A draft (`scan`) leaves unanswered what files cannot show (people, hand-offs, triggers a
cloud console configures), and an unanswered question is not met, so the draft as scored
stays at the base levels however much the repository holds. The evidence levels set those
questions aside (as n/a: the levels rest on what files can show) and read each question a
detector could have answered but found nothing for as "no" (looked for, not found). Where
the two differ, the level is held for lack of evidence, not by a finding: the scan says so
first, with the questions a person must answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from mlops_maturity.answers.model import Answer, AnswersFile
from mlops_maturity.engine.assessment import LevelRef
from mlops_maturity.engine.scoring import score_model
from mlops_maturity.questionnaire.model import QuestionnaireSet

SET_ASIDE_NOTE = "set aside for the evidence levels: a repository cannot show it"
LOOKED_FOR_NOTE = "read as no for the evidence levels: the scan looked and found nothing"


@dataclass(frozen=True, kw_only=True, slots=True)
class DraftLevels:
    """One model's levels for a scanned draft."""

    model: str
    model_name: str
    scored: LevelRef
    """The level the draft's answers give, unanswered questions not met (what `score` says)."""
    evidence: LevelRef
    """The level the evidence reaches, with what no repository shows set aside."""
    unseen: tuple[str, ...]
    """Questions this model's criteria ask that no repository shows, left for a person."""


def _ref(number: int, questionnaires: QuestionnaireSet, model_id: str) -> LevelRef:
    level = next(level for level in questionnaires.model(model_id).levels if level.number == number)
    return LevelRef(number=level.number, native_number=level.source_number, name=level.name)


def draft_levels(draft: AnswersFile, questionnaires: QuestionnaireSet, answerable: frozenset[str]) -> list[DraftLevels]:
    """Each model's levels for `draft`; `answerable`: the questions some detector can answer."""
    completed = dict(draft.answers)
    unseen: set[str] = set()
    for question in questionnaires.bank.questions:
        given = draft.answers.get(question.id)
        if given is not None and given.answer is not None:
            continue
        if question.id in answerable:
            completed[question.id] = Answer(answer=questionnaires.bank.scale[0].value, note=LOOKED_FOR_NOTE)
        else:
            completed[question.id] = Answer(answer=questionnaires.bank.not_applicable.value, note=SET_ASIDE_NOTE)
            unseen.add(question.id)
    as_evidence = draft.model_copy(update={"answers": completed})
    found = []
    for model in questionnaires.models:
        asked = {question for level in model.levels for criterion in level.criteria for question in criterion.requires}
        scored = score_model(model, draft, questionnaires, advice=False).level
        evidence = score_model(model, as_evidence, questionnaires, advice=False).level
        found.append(
            DraftLevels(
                model=model.id,
                model_name=model.name,
                scored=_ref(scored, questionnaires, model.id),
                evidence=_ref(evidence, questionnaires, model.id),
                unseen=tuple(
                    question.id for question in questionnaires.bank.questions if question.id in unseen & asked
                ),
            )
        )
    return found
