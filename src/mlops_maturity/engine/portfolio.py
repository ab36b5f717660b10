"""An organisation's portfolio: every team's level per model, and where investment lifts most.

Each answers file becomes a small `TeamSummary` (scored where it is read, possibly in a
worker process); `portfolio` then aggregates the summaries: teams by level, the
distribution per level, the blocking gaps most teams share, and the next steps that
would lift the most teams to their next level.

A step **lifts** a team on a model when doing it (its `done_when` answers reached) would
meet every unmet criterion of the team's next level; it **helps** a team when it is among
the open steps of the team's blocking gaps.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import TypedDict

from mlops_maturity.answers.model import AnswersFile
from mlops_maturity.engine.assessment import ModelResult
from mlops_maturity.engine.criteria import defining_inapplicable_per_level
from mlops_maturity.engine.gate import Threshold
from mlops_maturity.engine.level_rule import (
    answer_ranks,
    criterion_shortfall,
    in_halves,
    model_units,
    reached_level,
    requirement_shortfall,
)
from mlops_maturity.errors import ExitCode, Problem
from mlops_maturity.questionnaire.model import QuestionnaireSet


@dataclass(frozen=True, kw_only=True, slots=True, eq=False)
class TeamStanding:
    """One team on one model."""

    level: int
    native_level: int
    strict_level: int
    """The level when every criterion must be met (`--strict`)."""
    next_level: int | None
    blocking: list[str]
    """Unmet criteria of the next level."""
    helping: list[str]
    """Open steps of those criteria."""
    lifting: list[str]
    """Steps that alone would complete the next level."""
    below_threshold: bool = False


@dataclass(frozen=True, kw_only=True, slots=True, eq=False)
class TeamSummary:
    """What the portfolio needs of one answers file."""

    answers_file: str
    team: str
    date: datetime.date
    models: dict[str, TeamStanding]
    entity: str | None = None
    owner: str | None = None
    labels: dict[str, str] = field(default_factory=dict)
    respondents: int = 1
    """People whose answers the file holds: more than one for a combined file (`combine`)."""


class Identity(TypedDict):
    """The summary's fields that say whose the answers file is."""

    team: str
    date: datetime.date
    entity: str | None
    owner: str | None
    labels: dict[str, str]
    respondents: int


def identity(answers: AnswersFile) -> Identity:
    """Whose the answers file is, as the summary holds it."""
    respondents = max((len(answer.responses) for answer in answers.answers.values()), default=0)
    return Identity(
        team=answers.team,
        date=answers.date,
        entity=answers.entity,
        owner=answers.owner,
        labels=dict(answers.labels),
        respondents=max(respondents, 1),
    )


@dataclass(frozen=True, kw_only=True, slots=True, eq=False)
class UnreadFile:
    """An answers file that could not be scored, and why."""

    answers_file: str
    message: str
    problems: list[Problem]
    exit_code: ExitCode


@dataclass(frozen=True, kw_only=True, slots=True, eq=False)
class SharedGap:
    model: str
    criterion: str
    title: str
    level: int
    teams: int


@dataclass(frozen=True, kw_only=True, slots=True, eq=False)
class LiftingStep:
    step: str
    action: str
    lifts: dict[str, int]
    """Model id -> teams this step alone would lift to their next level."""
    helps: int
    """Teams (on any model) whose blocking gaps this step is part of."""

    @property
    def total_lifts(self) -> int:
        return sum(self.lifts.values())


@dataclass(frozen=True, kw_only=True, slots=True, eq=False)
class Superseded:
    """An answers file left out of the portfolio: the same team's newer assessment stands."""

    answers_file: str
    team: str
    date: datetime.date
    by: str
    """The answers file that stands for the team."""
    by_date: datetime.date
    """Its date: later than `date` for the team's history, the same for a respondent's file."""


@dataclass(frozen=True, kw_only=True, slots=True, eq=False)
class TeamGroup:
    """The teams of one owner, label value or folder, rolled up."""

    name: str
    teams: int
    distribution: dict[str, dict[int, int]]
    """Model id -> level -> number of the group's teams at it."""
    median_level: dict[str, int]
    """Model id -> the median of the group's levels (the lower middle one for an even count)."""
    lifting_steps: list[LiftingStep]
    """Within the group: the steps that would lift the most of its teams, first few."""


@dataclass(frozen=True, kw_only=True, slots=True, eq=False)
class Portfolio:
    """An organisation's view of many teams' assessments."""

    schema_version: int = 1
    questionnaire_version: str
    teams: list[TeamSummary]
    unread: list[UnreadFile]
    distribution: dict[str, dict[int, int]]
    """Model id -> level -> number of teams at it (every level listed, zeros too)."""
    shared_gaps: list[SharedGap]
    """Blocking criteria by the number of teams they block, most first."""
    lifting_steps: list[LiftingStep]
    """Next steps by the teams they would lift, then by the teams they help."""
    model_names: dict[str, str] = field(default_factory=dict)
    superseded: list[Superseded] = field(default_factory=list)
    """Files left out because a newer assessment of the same team stands."""
    group_by: str | None = None
    """`owner`, `folder` or `label:KEY`; null when the teams are not grouped."""
    groups: list[TeamGroup] = field(default_factory=list)

    @property
    def exit_code(self) -> ExitCode:
        """2 when a file could not be read, else 1 when a team is below a threshold, else 0."""
        if self.unread:
            return max(unread.exit_code for unread in self.unread)
        if any(standing.below_threshold for team in self.teams for standing in team.models.values()):
            return ExitCode.BELOW_THRESHOLD
        return ExitCode.OK


def _lifting(model: ModelResult, answers: AnswersFile, questionnaires: QuestionnaireSet) -> list[str]:
    """The open steps that alone would bring the team to the model's next level, by the level
    rule (`engine.level_rule`): with the step's answers reached, the next level is reached."""
    if model.next_level is None:
        return []
    ranks = answer_ranks(questionnaires)
    maturity_model = questionnaires.model(model.id)
    tolerance, units = in_halves(maturity_model.tolerance), model_units(maturity_model)
    position = [level.number for level in model.levels].index(model.level)
    candidates = dict.fromkeys(step for gap in model.gaps for step in gap.next_steps)
    # Raising answers never changes what is n/a, so which levels' defining change does not apply is fixed.
    inapplicable = defining_inapplicable_per_level([level.criteria for level in model.levels])
    lifting = []
    for step_id in candidates:
        done_when = questionnaires.steps_by_id[step_id].done_when
        shortfalls = [
            [
                criterion_shortfall(
                    (
                        requirement_shortfall(
                            ranks[_raised(outcome.answer, done_when.get(outcome.question), questionnaires)],
                            ranks[outcome.required],
                        )
                        for outcome in criterion.questions
                    ),
                    defining=criterion.defining,
                    supporting=criterion.supporting,
                )
                for criterion in level.criteria
            ]
            for level in model.levels
        ]
        if reached_level(shortfalls, tolerance, units, inapplicable)[0] > position:
            lifting.append(step_id)
    return lifting


def _raised(value: str | None, target: str | None, questionnaires: QuestionnaireSet) -> str | None:
    """The answer once a step is done: its `done_when` answer where that is higher."""
    if target is None:
        return value
    if value is None or value == questionnaires.bank.not_applicable.value:
        return target if value is None else value
    return target if questionnaires.scale_rank(target) > questionnaires.scale_rank(value) else value


def summarise(
    answers_file: str,
    answers: AnswersFile,
    models: dict[str, ModelResult],
    questionnaires: QuestionnaireSet,
    thresholds: list[Threshold],
) -> TeamSummary:
    """The portfolio's view of one scored team."""
    # A threshold on a model not scored is skipped, as `gate.failed_thresholds` does.
    below = {
        threshold.model
        for threshold in thresholds
        if threshold.model in models and models[threshold.model].level < threshold.level
    }
    return TeamSummary(
        answers_file=answers_file,
        **identity(answers),
        models={
            model_id: TeamStanding(
                level=model.level,
                native_level=model.native_level,
                strict_level=model.strict.number,
                next_level=model.next_level.number if model.next_level else None,
                blocking=[gap.criterion for gap in model.gaps],
                helping=list(dict.fromkeys(step for gap in model.gaps for step in gap.next_steps)),
                lifting=_lifting(model, answers, questionnaires),
                below_threshold=model_id in below,
            )
            for model_id, model in models.items()
        },
    )


def portfolio(
    teams: list[TeamSummary],
    unread: list[UnreadFile],
    questionnaires: QuestionnaireSet,
    model_ids: tuple[str, ...],
    *,
    group_by: str | None = None,
) -> Portfolio:
    """The organisation view of the summaries (see the module docstring); each team once,
    by its newest assessment, and rolled up by `group_by` when given."""
    from mlops_maturity.engine.portfolio_groups import group_teams, newest_per_team

    teams, superseded = newest_per_team(teams)
    distribution, shared, lifting = aggregate(teams, questionnaires, model_ids)
    return Portfolio(
        questionnaire_version=questionnaires.version,
        teams=teams,
        unread=unread,
        distribution=distribution,
        shared_gaps=shared,
        lifting_steps=lifting,
        model_names={model.id: model.name for model in questionnaires.models if model.id in model_ids},
        superseded=superseded,
        group_by=group_by,
        groups=group_teams(teams, group_by, questionnaires, model_ids) if group_by else [],
    )


def aggregate(
    teams: list[TeamSummary], questionnaires: QuestionnaireSet, model_ids: tuple[str, ...]
) -> tuple[dict[str, dict[int, int]], list[SharedGap], list[LiftingStep]]:
    """The teams per level of each model, the blocking gaps they share, and the steps that lift most."""
    distribution = {
        model_id: dict.fromkeys((level.number for level in questionnaires.model(model_id).levels), 0)
        for model_id in model_ids
    }
    gaps: Counter[tuple[str, str]] = Counter()
    lifts: dict[str, Counter[str]] = {}
    helps: Counter[str] = Counter()
    for team in teams:
        helped: set[str] = set()
        for model_id, standing in team.models.items():
            distribution[model_id][standing.level] += 1
            gaps.update((model_id, criterion) for criterion in standing.blocking)
            for step in standing.lifting:
                lifts.setdefault(step, Counter())[model_id] += 1
            helped.update(standing.helping)
        helps.update(helped)
    criteria = questionnaires.criteria_by_model_and_id
    shared = [
        SharedGap(
            model=model_id,
            criterion=criterion,
            title=criteria[model_id, criterion][0],
            level=criteria[model_id, criterion][1],
            teams=count,
        )
        for (model_id, criterion), count in gaps.most_common()
    ]
    steps = questionnaires.steps_by_id
    order = questionnaires.step_positions
    lifting = sorted(
        (
            LiftingStep(step=step_id, action=steps[step_id].action, lifts=dict(lifts.get(step_id, {})), helps=count)
            for step_id, count in helps.items()
        ),
        key=lambda step: (-step.total_lifts, -step.helps, order[step.step]),
    )
    return distribution, shared, lifting
