"""Levels and next steps of many teams from tables prepared once per questionnaire set.

`engine.scoring` explains one team: a result object per criterion and per question, with
wording. A view of many teams (the portfolio) needs per model only the level, the next
level, the blocking criteria and the steps that help or lift; this module gives exactly
those, by the same rule (`engine.level_rule`, whose functions it calls), without building
the explanation.

Each answer becomes one integer, its rank on the scale (`level_rule.UNANSWERED` below every
answer, `level_rule.NOT_APPLICABLE` above every one), so that a requirement is met when
`rank >= required`, and a level every requirement of which is met is found in one C-level
pass; only a level with a requirement missed is looked at criterion by criterion. A step's
`done_when` raises an answer to `max(rank, target)` under the same encoding (n/a stays n/a,
an unanswered question takes the target), which is what `engine.portfolio` asks of a step
that lifts a team.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import compress
from operator import ge, itemgetter, not_
from typing import TYPE_CHECKING

from mlops_maturity.engine.level_rule import (
    NOT_APPLICABLE,
    UNANSWERED,
    Shortfall,
    answer_ranks,
    criterion_shortfall,
    in_halves,
    level_weight,
    model_units,
    reached_level,
    requirement_shortfall,
)
from mlops_maturity.engine.portfolio import TeamStanding

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from mlops_maturity.answers.model import Answer, AnswersFile
    from mlops_maturity.engine.gate import Threshold
    from mlops_maturity.questionnaire.model import QuestionnaireSet

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
    defining: bool
    """The change its level is named for (never tolerated missed)."""
    supporting: bool = False
    """Weighs as one step short at most (`Criterion.supporting`)."""


@dataclass(frozen=True, kw_only=True, slots=True)
class LevelTable:
    number: int
    native_number: int
    check: Check
    """Every requirement of every criterion, criterion by criterion: the level holds when
    they all do."""
    owners: tuple[int, ...]
    """Per requirement in `check`, the position of its criterion in `criteria`."""
    criteria: tuple[CriterionTable, ...]
    all_met: tuple[Shortfall, ...]
    """The criteria's shortfalls when the level holds: every one met."""
    units: tuple[int, ...]
    """Per criterion, the criterion it is weighed with (`level_rule.Units`)."""
    defining: tuple[tuple[int, ...], ...]
    """Per defining criterion, the positions of the questions it requires."""

    def inapplicable(self, ranks: list[int]) -> bool:
        """Whether every defining criterion is n/a (`level_rule.defining_inapplicable`)."""
        return bool(self.defining) and all(
            all(ranks[position] == NOT_APPLICABLE for position in criterion) for criterion in self.defining
        )

    def missed(self, ranks: list[int]) -> list[bool] | None:
        """Per requirement, whether it is missed; None when none is (the level holds)."""
        check = self.check
        taken = check.take(ranks)
        if all(map(ge, taken, check.required)):
            return None
        return list(map(not_, map(ge, taken, check.required)))

    def shortfalls(self, ranks: list[int], missed: list[bool]) -> list[Shortfall]:
        """Each criterion's shortfall (`level_rule`), from the requirements missed."""
        found: dict[int, list[Shortfall]] = {}
        # NOTE: `compress` stops at its shortest input: a single requirement taken twice is one.
        for owner, (position, required) in compress(zip(self.owners, self.check.requirements, strict=True), missed):
            found.setdefault(owner, []).append(requirement_shortfall(ranks[position], required))
        shortfalls = list(self.all_met)
        for owner, requirements in found.items():
            criterion = self.criteria[owner]
            shortfalls[owner] = criterion_shortfall(
                requirements, defining=criterion.defining, supporting=criterion.supporting
            )
        return shortfalls


@dataclass(frozen=True, kw_only=True, slots=True)
class ModelTable:
    levels: tuple[LevelTable, ...]
    tolerance: int
    """The model's `tolerance`, in halves (`level_rule.in_halves`)."""

    @property
    def units(self) -> list[tuple[int, ...]]:
        return [level.units for level in self.levels]


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
        levels, tolerance = model.levels, model.tolerance
        # The levels' shortfalls, as far as `reached_level` reads them: to the first level
        # with a criterion blocking, or past the tolerance.
        shortfalls: list[Sequence[Shortfall]] = [()]
        inapplicable = [False]
        missed_at: dict[int, list[bool]] = {}
        weight = 0
        strict = 0  # the every-criterion level: the last of an unbroken run of levels all met
        for position in range(1, len(levels)):
            level = levels[position]
            missed = level.missed(ranks)
            if missed is None:
                shortfalls.append(level.all_met)
                inapplicable.append(False)
                if strict == position - 1:
                    strict = position
                continue
            found = level.shortfalls(ranks, missed)
            shortfalls.append(found)
            inapplicable.append(level.inapplicable(ranks))
            missed_at[position] = missed
            if Shortfall.BLOCKING in found or inapplicable[-1]:
                break
            weight += level_weight(found, level.units)
            if weight > tolerance:
                break
        reached, tolerated, _ = reached_level(shortfalls, tolerance, model.units[: len(shortfalls)], inapplicable)
        level = levels[reached]
        # The gaps: the misses tolerated, then the unmet criteria of the next level.
        gaps = [levels[position].criteria[index] for position, index in tolerated]
        following = levels[reached + 1] if reached + 1 < len(levels) else None
        if following is not None:
            missed = missed_at.get(reached + 1) or following.missed(ranks) or []
            gaps += [following.criteria[owner] for owner in dict.fromkeys(compress(following.owners, missed))]
        # Their open steps, each once; a gap whose steps are all done lists them all, as in scoring.
        helping: dict[str, StepTable] = {}
        for criterion in gaps:
            steps = [step for step in criterion.steps if not all(map(ge, step.done.take(ranks), step.done.required))]
            for step in steps or criterion.steps:
                helping.setdefault(step.id, step)
        # A step lifts the team when, its answers reached, the level rule reaches the next level.
        lifting: list[str] = []
        if following is not None:
            positions = sorted({*(position for position in missed_at if position <= reached), reached + 1})
            # Only a step that raises an answer some level short of its requirement can change anything.
            short = {
                answer
                for position in positions
                for answer, _ in compress(
                    levels[position].check.requirements, missed_at.get(position) or levels[position].missed(ranks) or []
                )
            }
            lifting = [
                step_id
                for step_id, step in helping.items()
                if any(answer in short and rank > ranks[answer] for answer, rank in step.targets.items())
                and self._reaches(model, ranks, step, positions)
            ]
        return TeamStanding(
            level=level.number,
            native_level=level.native_number,
            strict_level=levels[strict].number,
            next_level=following.number if following is not None else None,
            blocking=[criterion.id for criterion in gaps],
            helping=list(helping),
            lifting=lifting,
            below_threshold=floor is not None and level.number < floor,
        )

    @staticmethod
    def _reaches(model: ModelTable, ranks: list[int], step: StepTable, positions: list[int]) -> bool:
        """Whether, with the step's answers reached, the level rule reaches the last of
        `positions`: the levels up to it that miss something (the others are all met, and
        raising answers cannot change that)."""
        raised = list(ranks)
        for position, rank in step.targets.items():
            if rank > raised[position]:
                raised[position] = rank
        weight = 0
        for position in positions:
            level = model.levels[position]
            missed = level.missed(raised)
            if missed is None:
                continue
            found = level.shortfalls(raised, missed)
            if Shortfall.BLOCKING in found or level.inapplicable(raised):
                return False
            weight += level_weight(found, level.units)
            if weight > model.tolerance:
                return False
        return True

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
    ranks_of = answer_ranks(questionnaires)
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
        units = model_units(model)
        levels: list[LevelTable] = []
        for level in model.levels:
            criteria: list[CriterionTable] = []
            every: list[Requirement] = []
            owners: list[int] = []
            defining: list[tuple[int, ...]] = []
            for criterion in level.criteria:
                needed = requirements(criterion.requires)
                if needed is None or any(step_id not in steps for step_id in criterion.next_steps):
                    return None
                owners += [len(criteria)] * len(needed)
                every += needed
                if criterion.defining:
                    defining.append(tuple(position for position, _ in needed))
                criteria.append(
                    CriterionTable(
                        id=criterion.id,
                        steps=tuple(steps[step_id] for step_id in criterion.next_steps),
                        defining=criterion.defining,
                        supporting=criterion.supporting,
                    )
                )
            levels.append(
                LevelTable(
                    number=level.number,
                    native_number=level.source_number,
                    check=Check.of(tuple(every)),
                    owners=tuple(owners),
                    criteria=tuple(criteria),
                    all_met=(Shortfall.MET,) * len(criteria),
                    units=tuple(units[len(levels)]),
                    defining=tuple(defining),
                )
            )
        models[model.id] = ModelTable(levels=tuple(levels), tolerance=in_halves(model.tolerance))
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
