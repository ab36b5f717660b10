"""The rule that turns criteria into a level, written once for every path that needs a level.

Neither source defines a scoring rule: both describe levels qualitatively. This tool's rule,
stated in the README:

* A level is **reached** when, at it and at every level below it, every criterion is met,
  except at most `tolerance` criteria (a model's declared `tolerance`) that are **missed**:
  answered below what they require. A **defining** criterion (the change a level is named
  for: automated training for Microsoft's "Automated Training") is never tolerated, nor is
  an unanswered requirement: either stops the level, and so does one miss more than the
  tolerance.
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
    """How a requirement, or a criterion, stands against the level rule."""

    MET = 0
    MISSED = 1
    """Answered below what it requires: the rule tolerates up to the model's `tolerance` of these."""
    BLOCKING = 2
    """Stops the level whatever the tolerance: an unanswered requirement, or a defining criterion missed."""


def requirement_shortfall(rank: int, required: int) -> Shortfall:
    """How an answer's rank stands against the lowest rank a criterion requires."""
    if rank >= required:
        return Shortfall.MET
    # NOTE: no answer is not a low answer: the rule never credits what nobody said.
    return Shortfall.BLOCKING if rank == UNANSWERED else Shortfall.MISSED


def criterion_shortfall(requirements: Iterable[Shortfall], *, defining: bool = False) -> Shortfall:
    """The worst of a criterion's requirements; a `defining` criterion missed blocks its level."""
    worst = max(requirements, default=Shortfall.MET)
    return Shortfall.BLOCKING if defining and worst else worst


def reached_level(levels: Sequence[Sequence[Shortfall]], tolerance: int) -> tuple[int, list[tuple[int, int]]]:
    """The position of the level reached, and the misses tolerated on the way there.

    `levels` holds each level's criteria's shortfalls, lowest level first; the first level is
    the base level, which has no criteria and is always reached. Each tolerated miss is
    (level position, criterion position within that level).
    """
    tolerated: list[tuple[int, int]] = []
    reached = 0
    for position in range(1, len(levels)):
        missed: list[tuple[int, int]] = []
        for index, shortfall in enumerate(levels[position]):
            if shortfall is Shortfall.BLOCKING:
                return reached, tolerated
            if shortfall is Shortfall.MISSED:
                missed.append((position, index))
        if len(tolerated) + len(missed) > tolerance:
            break
        tolerated += missed
        reached = position
    return reached, tolerated
