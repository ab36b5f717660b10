"""A team's assessments over time: one row per version of its answers file in git.

Each version is scored as it was written (older questionnaire versions through their
migrations); each row says the levels then, and the criteria gained and lost since the
previous version. Versions that cannot be read are rows with their problem, not gaps.

A row is placed at the assessment's own date (`assessed`, the file's `date:`): a file
committed long after the team answered, or corrected later, is placed when the team
answered. Only a version that cannot be read falls back to its commit's day. Rows are in
that order (commits on the same day in commit order), and gains and losses are counted
along it; `date` stays the commit's.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field

from mlops_maturity.answers.history import FileVersion
from mlops_maturity.answers.model import AnswersFile
from mlops_maturity.engine.assessment import Assessment
from mlops_maturity.engine.diff import CriterionChange, diff
from mlops_maturity.errors import MaturityError
from mlops_maturity.questionnaire.model import QuestionnaireSet


@dataclass(frozen=True, kw_only=True, slots=True, eq=False)
class HistoryEntry:
    commit: str
    date: str
    """The commit's date, ISO 8601."""
    assessed: str
    """The assessment's own date (YYYY-MM-DD); the commit's day for a version that cannot be read."""
    subject: str
    path: str
    questionnaire_version: str | None
    levels: dict[str, int]
    """Model id -> level reached, as this tool numbers it; empty when unreadable."""
    native_levels: dict[str, int]
    gained: dict[str, list[CriterionChange]] = field(default_factory=dict)
    """Model id -> criteria met here that the previous readable version did not meet."""
    lost: dict[str, list[CriterionChange]] = field(default_factory=dict)
    error: str | None = None
    """Why this version could not be scored."""


@dataclass(frozen=True, kw_only=True, slots=True, eq=False)
class History:
    schema_version: int = 1
    answers_file: str
    team: str | None
    models: dict[str, str]
    """Model id -> display name."""
    entries: list[HistoryEntry]
    """By the assessment's own date, oldest first."""
    newest_commit: str | None = None
    """The newest commit read: the file as it is committed now."""


@dataclass(frozen=True, slots=True)
class _Version:
    """One version as read: where it goes in time, and its assessment or why there is none."""

    date: str
    position: int
    """Its place in commit order, for versions of the same date."""
    version: FileVersion
    answers: AnswersFile | None = None
    written_version: str | None = None
    error: str | None = None


def history(
    answers_file: str, versions: Iterable[FileVersion], questionnaires: QuestionnaireSet, model_ids: tuple[str, ...]
) -> History:
    """Every version scored, with what changed from the previous readable one."""
    from mlops_maturity.answers.load import load_answers_text
    from mlops_maturity.engine.scoring import score

    read: list[_Version] = []
    for position, version in enumerate(versions):
        shown = f"{version.path}@{version.commit[:12]}"
        try:
            loaded = load_answers_text(version.text, shown, questionnaires)
        except MaturityError as problem:
            read.append(_Version(version.date[:10], position, version, error=problem.message))
            continue
        # The answers, not their assessment, wait for the sort: a fraction of the memory.
        read.append(
            _Version(loaded.answers.date.isoformat(), position, version, loaded.answers, loaded.written_version)
        )
    read.sort(key=lambda row: (row.date, row.position))
    entries: list[HistoryEntry] = []
    previous: Assessment | None = None
    team = None
    for row in read:
        version = row.version
        entry = functools.partial(
            HistoryEntry,
            commit=version.commit,
            date=version.date,
            assessed=row.date,
            subject=version.subject,
            path=version.path,
        )
        if row.answers is None:
            entries.append(entry(questionnaire_version=None, levels={}, native_levels={}, error=row.error))
            continue
        shown = f"{version.path}@{version.commit[:12]}"
        assessment = score(questionnaires, row.answers, model_ids, answers_file=shown)
        team = assessment.team
        change = diff(previous, assessment) if previous is not None else None
        entries.append(
            entry(
                questionnaire_version=row.written_version,
                levels={model_id: model.level for model_id, model in assessment.models.items()},
                native_levels={model_id: model.native_level for model_id, model in assessment.models.items()},
                gained={model.model: model.newly_met for model in change.models if model.newly_met} if change else {},
                lost={model.model: model.newly_lost for model in change.models if model.newly_lost} if change else {},
            )
        )
        previous = assessment
    newest = max(read, key=lambda row: row.position, default=None)
    return History(
        newest_commit=newest.version.commit if newest is not None else None,
        answers_file=answers_file,
        team=team,
        models={model.id: model.name for model in questionnaires.models if model.id in model_ids},
        entries=entries,
    )
