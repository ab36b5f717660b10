"""The rule that turns criteria into a level, written once for every path that needs a level.

Neither source defines a scoring rule: both describe levels qualitatively. This tool's rule,
stated in the README:

* A level is **reached** when, at it and at every level below it, what is short weighs at
  most the model's declared `tolerance`. A criterion answered exactly one step below what
  it requires, with something in place (a **near miss**: `partially` where `mostly` is
  needed, often an honest estimate) weighs one half; one answered further below, or "no"
  (a **miss**), weighs one. Criteria that encode parts of one item of the
  source (`counted_with`: a validation and the checks the source lists under it) weigh as
  one: the heaviest of them, and no more than a near miss where the item's own criterion is
  met (the item is in place, some of its checks are not).
* A **defining** criterion (the change a level is named for: automated training for
  Microsoft's "Automated Training") is never tolerated, nor is an unanswered requirement:
  either stops the level, whatever the tolerance.
* Where a level's defining criteria do not apply to the team (n/a: a team that trains no
  models, at "Automated Training"), nothing shows the change the level is named for, so the
  level rests on its other criteria, every one met: nothing short is tolerated at it.
* The **strict** level is the same rule with no tolerance: every criterion met.

Answers are compared as ranks on the scale (`UNANSWERED` below every answer, `NOT_APPLICABLE`
above every answer, since n/a counts as met), so that the scoring of one team, the
hinges and the batch tables of many teams all call the same functions. Weights are counted
in halves, so that sums stay exact integers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import IntEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mlops_maturity.questionnaire.model import MaturityModel, QuestionnaireSet

UNANSWERED = -1
"""The rank of no answer: below every requirement (unanswered counts as not met)."""
NOT_APPLICABLE = 1 << 30
"""The rank of `n/a`: above every requirement (n/a counts as met)."""


def answer_ranks(questionnaires: QuestionnaireSet) -> dict[str | None, int]:
    """Answer value -> its rank: the scale's position, `n/a` above and no answer (None) below it."""
    ranks: dict[str | None, int] = {option.value: rank for rank, option in enumerate(questionnaires.bank.scale)}
    ranks[questionnaires.bank.not_applicable.value] = NOT_APPLICABLE
    ranks[None] = UNANSWERED
    return ranks


class Shortfall(IntEnum):
    """How a requirement, or a criterion, stands against the level rule (worse is higher)."""

    MET = 0
    NEAR_MISS = 1
    """Answered exactly one step below what it requires, not "no": weighs one half."""
    MISSED = 2
    """Answered further below, or "no": weighs one."""
    BLOCKING = 3
    """Stops the level whatever the tolerance: an unanswered requirement, or a defining criterion short."""


WEIGHT_IN_HALVES = {Shortfall.MET: 0, Shortfall.NEAR_MISS: 1, Shortfall.MISSED: 2}
"""What each shortfall takes of a model's tolerance, in halves."""


def in_halves(tolerance: float) -> int:
    """A model's tolerance (a multiple of one half, `questionnaire.model`) in halves."""
    return round(tolerance * 2)


def requirement_shortfall(rank: int, required: int) -> Shortfall:
    """How an answer's rank stands against the lowest rank a criterion requires."""
    if rank >= required:
        return Shortfall.MET
    # NOTE: no answer is not a low answer: the rule never credits what nobody said.
    if rank == UNANSWERED:
        return Shortfall.BLOCKING
    # NOTE: the scale's lowest answer ("no") is an absence, never a near miss, whatever is required.
    return Shortfall.NEAR_MISS if required - rank == 1 and rank > 0 else Shortfall.MISSED


def criterion_shortfall(
    requirements: Iterable[Shortfall], *, defining: bool = False, supporting: bool = False
) -> Shortfall:
    """The worst of a criterion's requirements; a `defining` criterion short blocks its level,
    and a `supporting` one missed weighs as a near miss (an unanswered one still blocks)."""
    worst = max(requirements, default=Shortfall.MET)
    if defining and worst:
        return Shortfall.BLOCKING
    return Shortfall.NEAR_MISS if supporting and worst is Shortfall.MISSED else worst


Units = Sequence[Sequence[int]]
"""Per level, per criterion: the position (in its level) of the criterion it is counted
with, itself when it stands alone (`counted_with`)."""


def model_units(model: MaturityModel) -> list[list[int]]:
    """The model's `Units`, from each criterion's `counted_with`."""
    units: list[list[int]] = []
    for level in model.levels:
        positions = {criterion.id: position for position, criterion in enumerate(level.criteria)}
        units.append(
            [
                positions.get(criterion.counted_with or criterion.id, position)
                for position, criterion in enumerate(level.criteria)
            ]
        )
    return units


def level_weight(shortfalls: Sequence[Shortfall], units: Sequence[int] | None = None) -> int:
    """What one level's criteria that are short weigh, in halves (none blocking): each unit
    of criteria counted together weighs as one (`unit_weight`)."""
    if units is None:
        return sum(WEIGHT_IN_HALVES[shortfall] for shortfall in shortfalls if shortfall is not Shortfall.MET)
    members: dict[int, list[Shortfall]] = {}
    for shortfall, unit in zip(shortfalls, units, strict=True):
        members.setdefault(unit, []).append(shortfall)
    return sum(unit_weight(shortfalls[unit], found) for unit, found in members.items())


def unit_weight(item: Shortfall, members: Iterable[Shortfall]) -> int:
    """What the criteria of one item of the source weigh, in halves (a blocking one counts 0): the
    heaviest of them (`members`, the item's own criterion among them); where the item's own
    criterion is met (`item`), what is short of the checks listed under it leaves the item in
    place in part: a near miss."""
    heaviest = max((WEIGHT_IN_HALVES.get(shortfall, 0) for shortfall in members), default=0)
    return min(heaviest, WEIGHT_IN_HALVES[Shortfall.NEAR_MISS]) if item is Shortfall.MET else heaviest


def reached_level(
    levels: Sequence[Sequence[Shortfall]],
    tolerance: int,
    units: Units | None = None,
    inapplicable: Sequence[bool] | None = None,
) -> tuple[int, list[tuple[int, int]], int]:
    """The position of the level reached, the criteria tolerated short on the way there, and
    what they weigh, in halves.

    `levels` holds each level's criteria's shortfalls, lowest level first; the first level is
    the base level, which has no criteria and is always reached. `tolerance` is in halves
    (`in_halves`). `inapplicable`: per level, whether its defining criteria are all n/a
    (`defining_inapplicable`). Each criterion tolerated is (level position, criterion
    position within that level).
    """
    tolerated: list[tuple[int, int]] = []
    reached = 0
    weight = 0
    for position in range(1, len(levels)):
        found = levels[position]
        if Shortfall.BLOCKING in found:
            break
        if inapplicable is not None and inapplicable[position] and any(found):
            break
        heavier = weight + level_weight(found, units[position] if units is not None else None)
        if heavier > tolerance:
            break
        weight = heavier
        tolerated += [(position, index) for index, shortfall in enumerate(found) if shortfall is not Shortfall.MET]
        reached = position
    return reached, tolerated, weight


def defining_inapplicable(defining: Iterable[bool], not_applicable: Iterable[bool]) -> bool:
    """Whether a level's defining criteria are all n/a (each criterion: defining, n/a)."""
    found = [applies for is_defining, applies in zip(defining, not_applicable, strict=True) if is_defining]
    return bool(found) and all(found)
