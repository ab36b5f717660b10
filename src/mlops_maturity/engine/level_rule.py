"""The rule that turns criteria into a level, written once for every path that needs a level.

Neither source defines a scoring rule: both describe levels qualitatively. This tool's rule,
stated in the README:

* A level is **reached** when, at it and at every level below it, every criterion is met,
  except at most `tolerance` criteria (a model's declared `near_miss_tolerance`) that are
  each **one step short**: exactly one of its answers is one step below what it requires,
  and that answer is not the scale's lowest ("no") and not missing. A "no", an unanswered
  requirement or one near miss more than the tolerance stops the level.
* The **strict** level is the same rule with no tolerance: every criterion met.

Answers are compared as ranks on the scale (`UNANSWERED` below every answer, `NOT_APPLICABLE`
above every answer, since n/a counts as met), so that the scoring of one team, the
hinges and the batch tables of many teams all call the same functions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import IntEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mlops_maturity.questionnaire.model import QuestionnaireSet

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
    """How far a requirement, or a criterion, is from being met."""

    MET = 0
    ONE_STEP = 1
    """One answer one step below what it requires, and that answer is not the lowest."""
    SHORT = 2
    """Further: a "no", a missing answer, two steps, or several answers short."""


def requirement_shortfall(rank: int, required: int) -> Shortfall:
    """How an answer's rank stands against the lowest rank a criterion requires."""
    if rank >= required:
        return Shortfall.MET
    # NOTE: rank 0 is the scale's lowest answer ("no"): one step short of "partially", but a
    # team that answers "no" does not have the practice at all.
    if rank == required - 1 and rank > 0:
        return Shortfall.ONE_STEP
    return Shortfall.SHORT


def criterion_shortfall(requirements: Iterable[Shortfall]) -> Shortfall:
    """A criterion is one step short when exactly one of its requirements is, and no other is short."""
    total = 0
    for shortfall in requirements:
        if shortfall is Shortfall.SHORT:
            return Shortfall.SHORT
        total += shortfall
    return Shortfall(min(total, Shortfall.SHORT))


def reached_level(levels: Sequence[Sequence[Shortfall]], tolerance: int) -> tuple[int, list[tuple[int, int]]]:
    """The position of the level reached, and the near misses tolerated on the way there.

    `levels` holds each level's criteria's shortfalls, lowest level first; the first level is
    the base level, which has no criteria and is always reached. Each tolerated near miss is
    (level position, criterion position within that level).
    """
    tolerated: list[tuple[int, int]] = []
    reached = 0
    for position in range(1, len(levels)):
        near: list[tuple[int, int]] = []
        for index, shortfall in enumerate(levels[position]):
            if shortfall is Shortfall.SHORT:
                return reached, tolerated
            if shortfall is Shortfall.ONE_STEP:
                near.append((position, index))
        if len(tolerated) + len(near) > tolerance:
            break
        tolerated += near
        reached = position
    return reached, tolerated
