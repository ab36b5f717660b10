"""What a level hinges on: the answers one step from lifting it, and the answers it rests on.

A team whose level rests on one guess should know which answer to check with evidence.
Per model, `one_answer_away` lists the answers which, one step higher on the scale, would
lift the level; `fragile` the answers which, one step lower, would drop it. Estimates
(answers marked `estimate: true`) come first in both lists.
"""

from __future__ import annotations

from collections.abc import Iterable

from mlops_maturity.answers.model import AnswersFile
from mlops_maturity.engine.assessment import Hinge, Hinges
from mlops_maturity.engine.level_rule import (
    Shortfall,
    answer_ranks,
    criterion_shortfall,
    defining_inapplicable,
    in_halves,
    model_units,
    requirement_shortfall,
    unit_weight,
)
from mlops_maturity.engine.scope import SCOPE_SOURCE
from mlops_maturity.questionnaire.model import MaturityModel, QuestionnaireSet

Values = dict[str, str | None]


class _Levels:
    """The level reached with one answer changed, by the level rule (`engine.level_rule`),
    without building results: only the criteria that ask the changed question are scored
    again, so trying every answer stays linear in the questionnaire's size."""

    def __init__(
        self, model: MaturityModel, values: Values, questionnaires: QuestionnaireSet, tolerance: float
    ) -> None:
        self.values = values
        self.tolerance = in_halves(tolerance)
        self.ranks = answer_ranks(questionnaires)
        self.not_applicable = questionnaires.bank.not_applicable.value
        self.numbers = [level.number for level in model.levels]
        self.criteria: list[tuple[int, dict[str, int], bool, int]] = []
        """Each criterion: its level's position, question -> the rank it requires, whether it
        is defining, and the index of the criterion it is weighed with (`counted_with`)."""
        self.units: dict[int, list[int]] = {}
        """A unit's first criterion (by index) -> the criteria weighed with it."""
        self.asking: dict[str, list[int]] = {}
        """Question -> the criteria (by index) that require it."""
        self.shortfalls: list[Shortfall] = []
        self.supporting: list[bool] = []
        """Per criterion (by index): whether it is `supporting` (weighs a near miss at most)."""
        for position, (level, units) in enumerate(zip(model.levels, model_units(model), strict=True)):
            first = len(self.criteria)
            for criterion, unit in zip(level.criteria, units, strict=True):
                requires = {question: self.ranks[required] for question, required in criterion.requires.items()}
                for question in requires:
                    self.asking.setdefault(question, []).append(len(self.criteria))
                self.units.setdefault(first + unit, []).append(len(self.criteria))
                self.criteria.append((position, requires, criterion.defining, first + unit))
                self.supporting.append(criterion.supporting)
                self.shortfalls.append(
                    self.shortfall(requires, {}, defining=criterion.defining, supporting=criterion.supporting)
                )
        self.inapplicable = [self._inapplicable(position, {}) for position in range(len(model.levels))]
        """Per level (by position): whether its defining criteria are all n/a."""
        self.blocking = [0] * len(model.levels)
        """Per level (by position): its criteria blocking."""
        self.weights = [0] * len(model.levels)
        """Per level (by position): what its criteria short weigh, in halves."""
        for index, (position, _, _, unit) in enumerate(self.criteria):
            self.blocking[position] += self.shortfalls[index] is Shortfall.BLOCKING
            if unit == index:
                self.weights[position] += self._unit_weight(unit, {})

    @classmethod
    def of(
        cls, model: MaturityModel, answers: AnswersFile, questionnaires: QuestionnaireSet, tolerance: float
    ) -> _Levels:
        """The levels for the team's answers to the questions the model's criteria ask."""
        used = dict.fromkeys(q for level in model.levels for c in level.criteria for q in c.requires)
        return cls(
            model, {question_id: answers.value_of(question_id) for question_id in used}, questionnaires, tolerance
        )

    def shortfall(self, requires: dict[str, int], changes: Values, *, defining: bool, supporting: bool) -> Shortfall:
        return criterion_shortfall(
            (
                requirement_shortfall(self.ranks[self._value(question, changes)], required)
                for question, required in requires.items()
            ),
            defining=defining,
            supporting=supporting,
        )

    def _value(self, question: str, changes: Values) -> str | None:
        return changes[question] if question in changes else self.values.get(question)

    def _inapplicable(self, position: int, changes: Values) -> bool:
        """Whether a level's defining criteria are all n/a, with the answers `changes` gives."""
        return defining_inapplicable(
            (defining for at, _, defining, _ in self.criteria if at == position),
            (
                all(self._value(question, changes) == self.not_applicable for question in requires)
                for at, requires, _, _ in self.criteria
                if at == position
            ),
        )

    def _unit_weight(self, unit: int, changed: dict[int, Shortfall]) -> int:
        """What a unit's criteria short weigh (`level_rule.unit_weight`), with `changed` ones replaced."""
        return unit_weight(
            changed.get(unit, self.shortfalls[unit]),
            (changed.get(index, self.shortfalls[index]) for index in self.units[unit]),
        )

    def level_with(self, question_id: str, value: str | None) -> int:
        """The level reached were `question_id` answered `value`."""
        return self.level_with_answers({question_id: value})

    def level_with_answers(self, changes: Values) -> int:
        """The level reached were the questions `changes` names answered as it gives."""
        asked = {index for question_id in changes for index in self.asking.get(question_id, ())}
        changed: dict[int, Shortfall] = {}
        for index in asked:
            position, requires, defining, _ = self.criteria[index]
            new = self.shortfall(requires, changes, defining=defining, supporting=self.supporting[index])
            if new is not self.shortfalls[index]:
                changed[index] = new
        blocking, weights, inapplicable = self.blocking, self.weights, self.inapplicable
        defining_levels = {self.criteria[index][0] for index in asked if self.criteria[index][2]}
        if defining_levels:
            inapplicable = list(inapplicable)
            for position in defining_levels:
                inapplicable[position] = self._inapplicable(position, changes)
        if changed:
            blocking, weights = list(blocking), list(weights)
            for unit in {self.criteria[index][3] for index in changed}:
                position = self.criteria[unit][0]
                weights[position] += self._unit_weight(unit, changed) - self._unit_weight(unit, {})
            for index, new in changed.items():
                position = self.criteria[index][0]
                blocking[position] += (new is Shortfall.BLOCKING) - (self.shortfalls[index] is Shortfall.BLOCKING)
        weight, reached = 0, 0
        for position in range(1, len(weights)):
            weight += weights[position]
            if blocking[position] or weight > self.tolerance or (inapplicable[position] and weights[position]):
                break
            reached = position
        return self.numbers[reached]


def _step(value: str | None, by: int, questionnaires: QuestionnaireSet) -> str | None:
    """The answer one step up (+1) or down (-1) the scale; None past its ends.

    Unanswered counts as below the scale's lowest answer: one step up is that answer. An
    n/a one step down is the lowest answer: the level may rest on the question not applying.
    """
    scale = [option.value for option in questionnaires.bank.scale]
    if value == questionnaires.bank.not_applicable.value:
        return scale[0] if by < 0 else None
    position = -1 if value is None else scale.index(value)
    moved = position + by
    return scale[moved] if 0 <= moved < len(scale) else None


def _candidates(
    model: MaturityModel, values: Values, questionnaires: QuestionnaireSet, reached: int, levels: _Levels
) -> dict[int, list[str]]:
    """The questions whose answer, one step up (+1) or down (-1), can move the level; only these
    are tried. Up: those of a criterion not met at the next level, or of one tolerated missed
    (meeting it frees the tolerance). Down: those of a criterion of a level reached that
    one step lower would leave short: answered exactly as required, n/a, or already missed.
    """
    not_applicable = questionnaires.bank.not_applicable.value
    lift: dict[str, None] = {}
    drop: dict[str, None] = {}
    index = 0
    for level in model.levels[1:]:
        for criterion in level.criteria:
            shortfall = levels.shortfalls[index]
            index += 1
            for question_id, required in criterion.requires.items():
                value = values.get(question_id)
                if shortfall is not Shortfall.MET and level.number <= reached + 1:
                    lift[question_id] = None
                if level.number <= reached and (value in (required, not_applicable) or shortfall is not Shortfall.MET):
                    drop[question_id] = None
    return {1: list(lift), -1: list(drop)}


def model_hinges(
    model: MaturityModel, answers: AnswersFile, questionnaires: QuestionnaireSet, reached: int, tolerance: float
) -> Hinges:
    """The answers this model's level hinges on (see the module docstring)."""
    levels = _Levels.of(model, answers, questionnaires, tolerance)
    values = levels.values
    candidates = _candidates(model, values, questionnaires, reached, levels)
    found: dict[int, list[Hinge]] = {1: [], -1: []}
    for by in (1, -1):
        for question_id in candidates[by]:
            given = answers.answer_for(question_id)
            if given is not None and given.source == SCOPE_SOURCE:
                continue  # n/a because the team put the question out of scope, not an answer to check
            changed = _step(values[question_id], by, questionnaires)
            if changed is None:
                continue
            level = levels.level_with(question_id, changed)
            if (level > reached) if by > 0 else (level < reached):
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


def lifting_steps(
    model: MaturityModel,
    answers: AnswersFile,
    questionnaires: QuestionnaireSet,
    reached: int,
    tolerance: float,
    step_ids: Iterable[str],
) -> frozenset[str]:
    """The steps that, done by themselves (their `done_when` answers reached), raise the
    model's level above `reached` by the level rule."""
    levels = _Levels.of(model, answers, questionnaires, tolerance)
    values, ranks = levels.values, levels.ranks
    steps = questionnaires.steps_by_id
    lifting = set()
    for step_id in step_ids:
        changes: Values = {
            question_id: target
            for question_id, target in steps[step_id].done_when.items()
            if question_id in values and ranks[values[question_id]] < ranks[target]
        }
        if changes and levels.level_with_answers(changes) > reached:
            lifting.add(step_id)
    return frozenset(lifting)
