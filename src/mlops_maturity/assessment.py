"""Result models: what scoring says about one team, as plain data any renderer can take.

The JSON output is `Assessment.model_dump_json()`; field order here is the order in the
JSON. Change it only with a new `SCHEMA_VERSION`.
"""

from __future__ import annotations

import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

SCHEMA_VERSION = 1
"""Version of the JSON result; bumped on any change that could break a consumer."""


class _Result(BaseModel):
    model_config = ConfigDict(frozen=True, use_attribute_docstrings=True)


class Status(StrEnum):
    """How a criterion (or one question's part in it) stands."""

    met = "met"
    unmet = "unmet"
    not_applicable = "n/a"
    unanswered = "unanswered"


class Source(_Result):
    """The part of the source document a level or criterion encodes."""

    section: str
    item: str
    quote: str | None = None


class QuestionOutcome(_Result):
    """One question's part in a criterion."""

    question: str
    """Question id."""
    text: str
    required: str
    """The lowest answer that meets the criterion."""
    answer: str | None
    """The team's answer, or null when unanswered."""
    note: str | None
    status: Status


class CriterionResult(_Result):
    id: str
    title: str
    status: Status
    """`n/a` when every question it needs was answered `n/a`; n/a counts as met."""
    gap: str
    next_steps: list[str]
    """Step ids, most important first."""
    source: Source
    questions: list[QuestionOutcome]


class LevelRef(_Result):
    """A level, named the way every output shows it."""

    number: int
    """The level as this tool numbers it."""
    native_number: int
    """The level as the source numbers it (Microsoft: 0-4; Google: the same as `number`)."""
    name: str
    label: str
    """For display: `Level 3 (Microsoft level 2): Automated Training`."""


class LevelResult(LevelRef):
    summary: str
    source: Source
    holds: bool
    """Every criterion of this level is met (or n/a)."""
    reached: bool
    """This level and every level below it hold."""
    met: int
    total: int
    criteria: list[CriterionResult]


class Progress(_Result):
    """Criteria of the next level met so far."""

    met: int
    total: int
    percent: int


class Gap(_Result):
    """A criterion that holds the team at its level: fix these first."""

    level: LevelRef
    criterion: str
    title: str
    status: Status
    """`unmet`, or `unanswered` (scored as unmet)."""
    gap: str
    next_steps: list[str]
    source: Source


class Unlock(_Result):
    """A criterion that a next step helps to meet."""

    model: str
    level: LevelRef
    criterion: str
    title: str


class NextStepResult(_Result):
    id: str
    action: str
    tools: str
    unlocks: list[Unlock]
    """The criteria this step helps to meet, lowest level first."""


class ModelResult(_Result):
    """Where the team stands on one maturity model, and why."""

    id: str
    model_name: str
    source_title: str
    source_url: str
    numbering_note: str | None
    level: int
    """The level reached, as this tool numbers it."""
    native_level: int
    """The level reached, as the source numbers it."""
    name: str
    """The name of the level reached."""
    label: str
    next_level: LevelRef | None
    """Null at the top level."""
    progress: Progress | None
    """Towards the next level; null at the top level."""
    levels: list[LevelResult]
    gaps: list[Gap]
    """The unmet criteria of the lowest level that does not hold."""
    next_steps: list[NextStepResult]
    """Every step towards the levels not reached, ordered by level, then questionnaire order."""


class DimensionScore(_Result):
    """Share of the best answers reached in one dimension."""

    id: str
    name: str
    percent: int | None
    """0-100; null when every question was n/a. Unanswered questions count as the lowest answer."""
    questions: int
    answered: int
    not_applicable: int


class AnsweredQuestion(_Result):
    """A question with the team's answer, for appendices."""

    id: str
    dimension: str
    text: str
    answer: str | None
    answer_label: str | None
    note: str | None
    evidence: list[str]
    source: str | None


class Assessment(_Result):
    """One team's result on every selected model."""

    schema_version: int = SCHEMA_VERSION
    tool_version: str
    questionnaire_version: str
    answers_file: str | None
    team: str
    date: datetime.date
    assessor: str | None
    models: dict[str, ModelResult]
    plan: list[NextStepResult]
    """Next steps across all models, each listed once with every criterion it unlocks."""
    profile: list[DimensionScore]
    unanswered: list[str]
    """Ids of questions the selected models use that have no answer."""
    answers: list[AnsweredQuestion]
