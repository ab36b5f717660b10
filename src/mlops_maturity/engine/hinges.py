"""What a level hinges on: the answers one step from lifting it, and the answers it rests on.

A team whose level rests on one guess should know which answer to check with evidence.
Per model, `one_answer_away` lists the answers which, one step higher on the scale, would
lift the level; `fragile` the answers which, one step lower, would drop it. Estimates
(answers marked `estimate: true`) come first in both lists.
"""

from __future__ import annotations

from mlops_maturity.answers.model import AnswersFile
from mlops_maturity.engine.assessment import Hinge, Hinges
from mlops_maturity.questionnaire.model import MaturityModel, QuestionnaireSet

Values = dict[str, str | None]


class _Levels:
    """The level reached with one answer changed (the rule of `scoring`, without building
    results), in time linear in that question's requirements: with thousands of criteria,
    re-checking every criterion for every candidate would be quadratic."""

    def __init__(self, model: MaturityModel, values: Values, questionnaires: QuestionnaireSet) -> None:
        self.values = values
        self.not_applicable = questionnaires.bank.not_applicable.value
        self.rank = questionnaires.scale_rank
        self.numbers = [level.number for level in model.levels]
        self.failing = [0] * len(model.levels)
        """Per level (by position), its requirements the answers do not meet."""
        self.requirements: dict[str, list[tuple[int, str]]] = {}
        for position, level in enumerate(model.levels[1:], start=1):
            for criterion in level.criteria:
                for question_id, required in criterion.requires.items():
                    self.requirements.setdefault(question_id, []).append((position, required))
                    if not self.meets(values.get(question_id), required):
                        self.failing[position] += 1
        self.failing_levels = [position for position, count in enumerate(self.failing) if count]

    def meets(self, value: str | None, required: str) -> bool:
        if value is None:
            return False
        return value == self.not_applicable or self.rank(value) >= self.rank(required)

    def level_with(self, question_id: str, value: str | None) -> int:
        """The level reached were `question_id` answered `value`."""
        old = self.values.get(question_id)
        change: dict[int, int] = {}
        for position, required in self.requirements.get(question_id, ()):
            difference = int(not self.meets(value, required)) - int(not self.meets(old, required))
            if difference:
                change[position] = change.get(position, 0) + difference
        first_failing = len(self.numbers)
        for position in self.failing_levels:  # stops after the levels this change mends, at most
            if self.failing[position] + change.get(position, 0) > 0:
                first_failing = position
                break
        newly_failing = [position for position, difference in change.items() if difference > 0]
        first_failing = min([first_failing, *newly_failing])
        return self.numbers[first_failing - 1]


def _step(value: str | None, by: int, questionnaires: QuestionnaireSet) -> str | None:
    """The answer one step up (+1) or down (-1) the scale; None past its ends or for n/a.

    Unanswered counts as below the scale's lowest answer: one step up is that answer.
    """
    scale = [option.value for option in questionnaires.bank.scale]
    if value == questionnaires.bank.not_applicable.value:
        return None
    position = -1 if value is None else scale.index(value)
    moved = position + by
    return scale[moved] if 0 <= moved < len(scale) else None


def _candidates(
    model: MaturityModel, values: Values, questionnaires: QuestionnaireSet, reached: int
) -> tuple[list[str], list[str]]:
    """Questions that can lift the level (in unmet criteria of the next level) and that can
    drop it (exactly at a requirement of a reached level); only these are tried."""
    lift: dict[str, None] = {}
    drop: dict[str, None] = {}
    for level in model.levels[1:]:
        for criterion in level.criteria:
            for question_id, required in criterion.requires.items():
                value = values.get(question_id)
                if level.number == reached + 1:
                    lift[question_id] = None
                elif level.number <= reached and value == required:
                    drop[question_id] = None
    return list(lift), list(drop)


def model_hinges(model: MaturityModel, answers: AnswersFile, questionnaires: QuestionnaireSet, reached: int) -> Hinges:
    """The answers this model's level hinges on (see the module docstring)."""
    used = list(dict.fromkeys(q for level in model.levels for c in level.criteria for q in c.requires))
    values: Values = {question_id: answers.value_of(question_id) for question_id in used}
    lift, drop = _candidates(model, values, questionnaires, reached)
    levels = _Levels(model, values, questionnaires)
    found: dict[int, list[Hinge]] = {1: [], -1: []}
    for by, candidates in ((1, lift), (-1, drop)):
        for question_id in candidates:
            changed = _step(values[question_id], by, questionnaires)
            if changed is None:
                continue
            level = levels.level_with(question_id, changed)
            if (level > reached) if by > 0 else (level < reached):
                given = answers.answer_for(question_id)
                found[by].append(
                    Hinge(
                        question=question_id,
                        answer=values[question_id],
                        changed_to=changed,
                        level=level,
                        estimate=bool(given and given.estimate),
                    )
                )
    # NOTE: estimates first (they are what to check with evidence), then questionnaire order.
    return Hinges(
        one_answer_away=sorted(found[1], key=lambda hinge: not hinge.estimate),
        fragile=sorted(found[-1], key=lambda hinge: not hinge.estimate),
    )
