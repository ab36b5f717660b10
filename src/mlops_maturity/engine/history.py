"""A team's assessments over time: one row per version of its answers file in git.

Each version is scored as it was written (older questionnaire versions through their
migrations); each row says the levels then, and the criteria gained and lost since the
previous version. Versions that cannot be read are rows with their problem, not gaps.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from mlops_maturity.answers.history import FileVersion
from mlops_maturity.engine.assessment import Assessment
from mlops_maturity.engine.diff import CriterionChange, diff
from mlops_maturity.errors import MaturityError
from mlops_maturity.questionnaire.model import QuestionnaireSet


@dataclass(frozen=True, kw_only=True, slots=True, eq=False)
class HistoryEntry:
    commit: str
    date: str
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
    """Oldest first."""


def history(
    answers_file: str, versions: Iterable[FileVersion], questionnaires: QuestionnaireSet, model_ids: tuple[str, ...]
) -> History:
    """Every version scored, with what changed from the previous readable one."""
    from mlops_maturity.answers.load import load_answers_text
    from mlops_maturity.engine.scoring import score

    entries: list[HistoryEntry] = []
    previous: Assessment | None = None
    team = None
    for version in versions:
        shown = f"{version.path}@{version.commit[:12]}"
        try:
            loaded = load_answers_text(version.text, shown, questionnaires)
        except MaturityError as error:
            entries.append(
                HistoryEntry(
                    commit=version.commit,
                    date=version.date,
                    subject=version.subject,
                    path=version.path,
                    questionnaire_version=None,
                    levels={},
                    native_levels={},
                    error=error.message,
                )
            )
            continue
        assessment = score(questionnaires, loaded.answers, model_ids, answers_file=shown)
        team = assessment.team
        change = diff(previous, assessment) if previous is not None else None
        entry = HistoryEntry(
            commit=version.commit,
            date=version.date,
            subject=version.subject,
            path=version.path,
            questionnaire_version=loaded.written_version,
            levels={model_id: model.level for model_id, model in assessment.models.items()},
            native_levels={model_id: model.native_level for model_id, model in assessment.models.items()},
            gained={model.model: model.newly_met for model in change.models if model.newly_met} if change else {},
            lost={model.model: model.newly_lost for model in change.models if model.newly_lost} if change else {},
        )
        entries.append(entry)
        previous = assessment
    return History(
        answers_file=answers_file,
        team=team,
        models={model.id: model.name for model in questionnaires.models if model.id in model_ids},
        entries=entries,
    )
