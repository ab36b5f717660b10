"""Levels and next steps of many teams from tables prepared once per questionnaire set.

`engine.scoring` explains one team: a result object per criterion and per question, with
wording. A view of many teams (the portfolio) needs per model only the level, the next
level, the blocking criteria and the steps that help or lift; this module gives exactly
those, by the same rule (see `engine.scoring`), without building the explanation.

Each answer becomes one integer, its rank on the scale, so that every rule is one
comparison, `rank >= required`: unanswered is -1 (below every answer, so never enough),
n/a is above every answer (so always enough: n/a counts as met). A step's `done_when`
raises an answer to `max(rank, target)` under the same encoding (n/a stays n/a, an
unanswered question takes the target), which is what `engine.portfolio` asks of a step
that lifts a team.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import compress
from operator import ge, itemgetter, not_
from typing import TYPE_CHECKING

from mlops_maturity.engine.portfolio import TeamStanding

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from mlops_maturity.answers.model import Answer, AnswersFile
    from mlops_maturity.engine.gate import Threshold
    from mlops_maturity.questionnaire.model import QuestionnaireSet

UNANSWERED = -1
"""The rank of no answer: below every requirement (unanswered counts as not met)."""
NOT_APPLICABLE = 1 << 30
"""The rank of `n/a`: above every requirement (n/a counts as met)."""

Requirement = tuple[int, int]
"""(question position in the ranks, lowest rank that meets it)."""


@dataclass(frozen=True, slots=True)
class Check:
    """Requirements, compared with a team's ranks in one go: they all hold when
    `all(map(ge, check.take(ranks), check.required))`.

    NOTE: `itemgetter`, `map`, `ge` and `all` keep the comparisons in C: this runs for
    every level of every model of every file.
    """

    requirements: tuple[Requirement, ...]
    take: Callable[[list[int]], tuple[int, ...]]
    """The ranks of the questions required, in the order of `required`."""
    required: tuple[int, ...]

    @classmethod
    def of(cls, requirements: tuple[Requirement, ...]) -> Check:
        positions = [position for position, _ in requirements]
        required = tuple(rank for _, rank in requirements)
        if len(positions) == 1:  # itemgetter of one index gives the item, not a tuple
            positions, required = positions * 2, required * 2
        take: Callable[[list[int]], tuple[int, ...]] = itemgetter(*positions) if positions else _nothing
        return cls(requirements, take, required)


def _nothing(ranks: list[int]) -> tuple[int, ...]:
    return ()


@dataclass(frozen=True, kw_only=True, slots=True)
class StepTable:
    id: str
    done: Check
    """Holds when the step is done (its `done_when` answers reached, or n/a)."""
    targets: dict[int, int]
    """Question position -> the rank `done_when` raises it to."""


@dataclass(frozen=True, kw_only=True, slots=True)
class CriterionTable:
    id: str
    steps: tuple[StepTable, ...]
    """Its next steps, in the questionnaire's order."""


@dataclass(frozen=True, kw_only=True, slots=True)
class LevelTable:
    number: int
    native_number: int
    check: Check
    """Every requirement of every criterion, criterion by criterion: the level holds when
    this holds."""
    owners: tuple[int, ...]
    """Per requirement in `check`, the position of its criterion in `criteria`."""
    criteria: tuple[CriterionTable, ...]

    def short(self, ranks: list[int]) -> tuple[list[CriterionTable], list[Requirement]]:
        """The criteria that do not hold, in order, and the requirements not reached."""
        check = self.check
        # NOTE: `compress` stops at its shorter input: a single requirement taken twice is one.
        missed = list(map(not_, map(ge, check.take(ranks), check.required)))
        criteria = self.criteria
        return (
            [criteria[owner] for owner in dict.fromkeys(compress(self.owners, missed))],
            list(compress(check.requirements, missed)),
        )


@dataclass(frozen=True, kw_only=True, slots=True)
class ModelTable:
    levels: tuple[LevelTable, ...]
    by_number: dict[int, int]
    """Level number -> its position in `levels`."""


@dataclass(frozen=True, kw_only=True, slots=True)
class RankTables:
    """One questionnaire set, prepared for scoring many teams (see the module docstring)."""

    positions: dict[str, int]
    """Question id -> its position in a team's ranks."""
    ranks_of: dict[str | None, int]
    """Answer value -> rank (`n/a` too; None, no answer, is `UNANSWERED`)."""
    models: dict[str, ModelTable]

    def ranks(self, answers: Mapping[str, Answer]) -> list[int] | None:
        """Every question's rank; None when an answer is not on the scale (the full scoring
        then says what it says of it)."""
        ranks = [UNANSWERED] * len(self.positions)
        positions, ranks_of = self.positions, self.ranks_of
        for question_id, given in answers.items():
            position = positions.get(question_id)
            if position is not None:  # else a question no model or step uses
                rank = ranks_of.get(given.answer)
                if rank is None:
                    return None
                ranks[position] = rank
        return ranks

    def standing(self, model_id: str, ranks: list[int], floor: int | None = None) -> TeamStanding:
        """Where the team stands on one model, as `engine.portfolio.summarise` says it from
        `score_model`; below the threshold when its level is below `floor`."""
        model = self.models[model_id]
        levels = model.levels
        reached = len(levels) - 1
        for position in range(1, len(levels)):  # the base level has no criteria (lint): it holds
            check = levels[position].check
            if not all(map(ge, check.take(ranks), check.required)):
                reached = position - 1
                break
        level = levels[reached]
        below = floor is not None and level.number < floor
        following = model.by_number.get(level.number + 1)
        if following is None:
            return TeamStanding(
                level=level.number,
                native_level=level.native_number,
                next_level=None,
                blocking=[],
                helping=[],
                lifting=[],
                below_threshold=below,
            )
        gaps, short = levels[following].short(ranks)
        # The gaps' open steps, each once; a gap whose steps are all done lists them all, as in scoring.
        helping: dict[str, StepTable] = {}
        for criterion in gaps:
            steps = [step for step in criterion.steps if not all(map(ge, step.done.take(ranks), step.done.required))]
            for step in steps or criterion.steps:
                helping.setdefault(step.id, step)
        # A step lifts the team when every answer still short reaches the step's target.
        lifting = [
            step_id
            for step_id, step in helping.items()
            if all(step.targets.get(position, UNANSWERED) >= required for position, required in short)
        ]
        return TeamStanding(
            level=level.number,
            native_level=level.native_number,
            next_level=levels[following].number,
            blocking=[criterion.id for criterion in gaps],
            helping=list(helping),
            lifting=lifting,
            below_threshold=below,
        )

    def standings(
        self, answers: AnswersFile, model_ids: tuple[str, ...], thresholds: list[Threshold]
    ) -> dict[str, TeamStanding] | None:
        """The team on each model; None when the answers need the full scoring."""
        ranks = self.ranks(answers.answers)
        if ranks is None:
            return None
        floors: dict[str, int] = {}
        for threshold in thresholds:  # below any threshold is below the highest
            floors[threshold.model] = max(threshold.level, floors.get(threshold.model, threshold.level))
        return {model_id: self.standing(model_id, ranks, floors.get(model_id)) for model_id in model_ids}


def prepare(questionnaires: QuestionnaireSet) -> RankTables | None:
    """The tables of a questionnaire set; None when one cannot be scored this way (a base
    level with criteria, or requirements off the scale: lint refuses both)."""
    ranks_of: dict[str | None, int] = {option.value: rank for rank, option in enumerate(questionnaires.bank.scale)}
    ranks_of[questionnaires.bank.not_applicable.value] = NOT_APPLICABLE  # n/a is checked first, as in scoring
    ranks_of[None] = UNANSWERED
    positions = {question.id: position for position, question in enumerate(questionnaires.bank.questions)}

    def requirements(required: Mapping[str, str]) -> tuple[Requirement, ...] | None:
        pairs = [(positions.get(question_id), ranks_of.get(value)) for question_id, value in required.items()]
        if any(position is None or rank is None or rank < 0 or rank == NOT_APPLICABLE for position, rank in pairs):
            return None
        return tuple((position, rank) for position, rank in pairs if position is not None and rank is not None)

    steps: dict[str, StepTable] = {}
    for step in questionnaires.bank.steps:
        done = requirements(step.done_when)
        if done is None:
            return None
        steps[step.id] = StepTable(id=step.id, done=Check.of(done), targets=dict(done))
    models: dict[str, ModelTable] = {}
    for model in questionnaires.models:
        if model.levels[0].criteria:
            return None
        levels = []
        for level in model.levels:
            criteria: list[CriterionTable] = []
            every: list[Requirement] = []
            owners: list[int] = []
            for criterion in level.criteria:
                needed = requirements(criterion.requires)
                if needed is None or any(step_id not in steps for step_id in criterion.next_steps):
                    return None
                owners += [len(criteria)] * len(needed)
                every += needed
                criteria.append(
                    CriterionTable(id=criterion.id, steps=tuple(steps[step_id] for step_id in criterion.next_steps))
                )
            levels.append(
                LevelTable(
                    number=level.number,
                    native_number=level.source_number,
                    check=Check.of(tuple(every)),
                    owners=tuple(owners),
                    criteria=tuple(criteria),
                )
            )
        models[model.id] = ModelTable(
            levels=tuple(levels), by_number={level.number: position for position, level in enumerate(levels)}
        )
    return RankTables(positions=positions, ranks_of=ranks_of, models=models)


_prepared: list[tuple[QuestionnaireSet, RankTables | None]] = []
"""The last questionnaire set's tables: a run (or a worker) scores with one set."""


def tables_for(questionnaires: QuestionnaireSet) -> RankTables | None:
    """`prepare`, once per questionnaire set in a row."""
    if _prepared and _prepared[0][0] is questionnaires:
        return _prepared[0][1]
    tables = prepare(questionnaires)
    _prepared[:] = [(questionnaires, tables)]
    return tables
