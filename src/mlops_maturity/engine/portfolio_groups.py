"""One team counted once, and teams rolled up by owner, label or folder.

**Same team.** Answers files name their team (`team`) and, optionally, its catalogue entity
(`entity`). Files with the same entity, or with the same team name (case and spacing aside)
where at most one entity goes by that name, are one team's assessments: its history kept
as dated copies, its respondents' files beside the file `combine` made of them. The newest
(`date`) stands; on the same date, the file holding more respondents (the combined one),
then the file nearest the top of the folders given (the team's file before its
respondents' in `respondents/`), then the first listed. A respondent's file dated after the
team's stands: it is the newest word on the team. The others are reported as superseded,
never silently dropped.

**Groups.** `owner` groups by the file's `owner`, `label:KEY` by its label KEY, `folder`
by the folder the file is in. Teams without the field form a group of their own.
"""

from __future__ import annotations

import statistics
from pathlib import PurePath
from typing import TYPE_CHECKING

from mlops_maturity.engine.portfolio import Superseded, TeamGroup, TeamSummary, aggregate
from mlops_maturity.errors import UsageError

if TYPE_CHECKING:
    from mlops_maturity.questionnaire.model import QuestionnaireSet

GROUPINGS = ("owner", "folder", "label:KEY")
"""What `--group-by` takes."""
STEPS_PER_GROUP = 3
"""Steps listed per group: where investment lifts most within it."""


def check_group_by(value: str) -> str:
    """`value` when it names a grouping (`owner`, `folder`, `label:KEY`).

    Raises:
        UsageError: it does not.
    """
    if value in ("owner", "folder") or (value.startswith("label:") and value.removeprefix("label:").strip()):
        return value
    raise UsageError(f"--group-by: {value!r} is not one of: {', '.join(GROUPINGS)}")


def _name(team: TeamSummary) -> str:
    return " ".join(team.team.split()).casefold()


def _team_keys(teams: list[TeamSummary]) -> list[tuple[str, str]]:
    """Each file's team: its entity; without one, the entity of the only entity its team name
    goes with (a respondent's file beside the team's own), else its team name."""
    entities: dict[str, set[str]] = {}
    for team in teams:
        if team.entity:
            entities.setdefault(_name(team), set()).add(team.entity)
    keys = []
    for team in teams:
        named = entities.get(_name(team), set())
        if team.entity:
            keys.append(("entity", team.entity))
        elif len(named) == 1:
            keys.append(("entity", next(iter(named))))
        else:
            keys.append(("team", _name(team)))
    return keys


def _rank(team: TeamSummary) -> tuple[object, ...]:
    """Which of one team's files stands: the newest, then the combined one, then the shallowest."""
    return (team.date, team.respondents, -len(PurePath(team.answers_file).parts))


def newest_per_team(teams: list[TeamSummary]) -> tuple[list[TeamSummary], list[Superseded]]:
    """Each team's standing assessment, in the order given, and the files it supersedes."""
    keys = _team_keys(teams)
    standing: dict[tuple[str, str], int] = {}
    for index, team in enumerate(teams):
        key = keys[index]
        held = standing.get(key)
        if held is None or _rank(team) > _rank(teams[held]):
            standing[key] = index
    kept = sorted(standing.values())
    superseded = [
        Superseded(
            answers_file=team.answers_file,
            team=team.team,
            date=team.date,
            by=teams[standing[keys[index]]].answers_file,
            by_date=teams[standing[keys[index]]].date,
        )
        for index, team in enumerate(teams)
        if standing[keys[index]] != index
    ]
    return [teams[index] for index in kept], superseded


def group_name(team: TeamSummary, group_by: str) -> str:
    """The group a team belongs to; teams without the field share one named for it."""
    if group_by == "owner":
        return team.owner or "(no owner)"
    if group_by == "folder":
        return str(PurePath(team.answers_file).parent)
    key = group_by.removeprefix("label:")
    return team.labels.get(key) or f"(no label {key})"


def group_teams(
    teams: list[TeamSummary], group_by: str, questionnaires: QuestionnaireSet, model_ids: tuple[str, ...]
) -> list[TeamGroup]:
    """The teams rolled up per group, the largest group first, then by name."""
    members: dict[str, list[TeamSummary]] = {}
    for team in teams:
        members.setdefault(group_name(team, group_by), []).append(team)
    groups = []
    for name, group in sorted(members.items(), key=lambda item: (-len(item[1]), item[0])):
        distribution, _, lifting = aggregate(group, questionnaires, model_ids)
        groups.append(
            TeamGroup(
                name=name,
                teams=len(group),
                distribution=distribution,
                # The lower of the two middle levels, as `combine` takes: a level, never 2.5.
                median_level={
                    model_id: statistics.median_low(team.models[model_id].level for team in group)
                    for model_id in model_ids
                },
                lifting_steps=lifting[:STEPS_PER_GROUP],
            )
        )
    return groups
