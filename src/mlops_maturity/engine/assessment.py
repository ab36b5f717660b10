"""Result models: what scoring says about one team, as plain data any renderer can take.

Data, not wording: labels and sentences are made by the renderers. The JSON output is these
fields in this order (`result_data.as_data`, plus the labels the JSON renderer adds), and
reads back with `result_data.from_data`. Change them only with a new `SCHEMA_VERSION`.

NOTE: plain dataclasses, not pydantic models: results are built by the engine, never
parsed from input, and class building is start-up time for every `score` in CI (pydantic
models cost about ten times as much, frozen dataclasses twice; generated `__eq__` too).
Treat them as read-only.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass
from enum import StrEnum

SCHEMA_VERSION = 1
"""Version of the JSON result; bumped on any change that could break a consumer."""


class Status(StrEnum):
    """How a criterion (or one question's part in it) stands."""

    met = "met"
    unmet = "unmet"
    not_applicable = "n/a"
    unanswered = "unanswered"


@dataclass(frozen=True, kw_only=True, slots=True, eq=False)
class Source:
    """The part of the source document a level or criterion encodes."""

    section: str
    item: str
    quote: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True, eq=False)
class QuestionOutcome:
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


@dataclass(frozen=True, kw_only=True, slots=True, eq=False)
class CriterionResult:
    id: str
    title: str
    status: Status
    """`n/a` when every question it needs was answered `n/a`; n/a counts as met."""
    gap: str
    next_steps: list[str]
    """Step ids, most important first."""
    source: Source
    questions: list[QuestionOutcome]
    defining: bool = False
    """The change its level is named for: the level rule never reaches the level without it."""
    supporting: bool = False
    """About the team around the model (Microsoft's People and Application Integration
    columns): short, it weighs as one step short at most."""


@dataclass(frozen=True, kw_only=True, slots=True, eq=False)
class LevelRef:
    """A level, named the way every output shows it."""

    number: int
    """The level as this tool numbers it."""
    native_number: int
    """The level as the source numbers it (Microsoft: 0-4; Google: the same as `number`)."""
    name: str


@dataclass(frozen=True, kw_only=True, slots=True, eq=False)
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


@dataclass(frozen=True, kw_only=True, slots=True, eq=False)
class Progress:
    """Criteria of the next level met so far."""

    met: int
    total: int
    percent: int


@dataclass(frozen=True, kw_only=True, slots=True, eq=False)
class Gap:
    """A criterion that holds the team at its level: fix these first."""

    level: LevelRef
    criterion: str
    title: str
    status: Status
    """`unmet`, or `unanswered` (scored as unmet)."""
    gap: str
    next_steps: list[str]
    source: Source
    tolerated: bool = False
    """A criterion missed that a level reached holds without (the level rule's tolerance): it
    leads the gaps and the plan, since meeting it makes the level hold outright."""


@dataclass(frozen=True, kw_only=True, slots=True, eq=False)
class Unlock:
    """A criterion that a next step helps to meet."""

    model: str
    level: LevelRef
    criterion: str
    title: str


class Priority(StrEnum):
    """Why a step is where it is in the plan (see `engine.plan`)."""

    incident = "incident"
    """Closes a gap the team says caused a recent incident."""
    holds_level = "holds-level"
    """Completes a criterion a level was reached without."""
    safeguard = "safeguard"
    """The team already automates what this step protects: risk before polish."""
    next_level = "next-level"
    """Needed for the next level of a model."""
    later = "later"
    """Needed for a level beyond the next."""


@dataclass(frozen=True, kw_only=True, slots=True, eq=False)
class NextStepResult:
    id: str
    action: str
    """What to do: the questionnaire's text for where the team is (see `partial`)."""
    tools: str
    unlocks: list[Unlock]
    """The criteria this step helps to meet, lowest level first."""
    priority: Priority
    partial: bool
    """The team already has part of it, and `action` is the step from there."""
    incidents: list[str] = dataclasses.field(default_factory=list)
    """The questions of this step whose gap the team says caused a recent incident."""


@dataclass(frozen=True, kw_only=True, slots=True, eq=False)
class Hinge:
    """One answer the level hinges on: changed by one step, the level would be `level`."""

    question: str
    answer: str | None
    """The team's answer, or null when unanswered."""
    changed_to: str
    """The answer one step higher (for `one_answer_away`) or lower (for `fragile`)."""
    level: int
    """The level the team would then reach, as this tool numbers it."""
    estimate: bool
    """The team marked the answer as an estimate."""


@dataclass(frozen=True, kw_only=True, slots=True, eq=False)
class Hinges:
    """What a model's level hinges on."""

    one_answer_away: list[Hinge]
    """Answers which, one step higher, would lift the level; estimates first."""
    fragile: list[Hinge]
    """Answers which, one step lower, would drop the level; estimates first."""


@dataclass(frozen=True, kw_only=True, slots=True, eq=False)
class ModelResult:
    """Where the team stands on one maturity model, and why."""

    id: str
    model_name: str
    source_title: str
    source_url: str
    source_quoted_text: str | None = None
    """A permanent link to the text the criteria's quotes come from, where `source_url`
    now serves a newer version; null when `source_url` serves it."""
    numbering_note: str | None
    level: int
    """The level reached, as this tool numbers it."""
    native_level: int
    """The level reached, as the source numbers it."""
    name: str
    """The name of the level reached."""
    strict: LevelRef
    """The level reached when every criterion must be met, no miss tolerated (`--strict`)."""
    next_level: LevelRef | None
    """Null at the top level."""
    progress: Progress | None
    """Towards the next level; null at the top level."""
    levels: list[LevelResult]
    gaps: list[Gap]
    """The criteria tolerated missed at the levels reached (first), then the unmet
    criteria of the next level."""
    next_steps: list[NextStepResult]
    """Every step towards the levels not reached, ordered by level, then questionnaire order."""
    hinges: Hinges
    """The answers the level hinges on."""
    beyond: list[str]
    """Ids of criteria met at levels above the one reached: what the team has beyond its level."""
    tolerance: float = 0
    """How much may be short at a level and below for it to be reached (the model's declared
    tolerance; 0 with `--strict`)."""
    short_weight: float = 0
    """What is short at the level reached and below weighs, by the level rule (a criterion one
    step short 0.5, one further short 1): at most `tolerance`."""


@dataclass(frozen=True, kw_only=True, slots=True, eq=False)
class DimensionScore:
    """Share of the best answers reached in one dimension."""

    id: str
    name: str
    percent: int | None
    """0-100; null when every question was n/a. Unanswered questions count as the lowest answer."""
    questions: int
    answered: int
    not_applicable: int


@dataclass(frozen=True, kw_only=True, slots=True, eq=False)
class Respondent:
    """One person's answer in a combined answers file (`combine`)."""

    assessor: str | None
    answer: str | None
    note: str | None


@dataclass(frozen=True, kw_only=True, slots=True, eq=False)
class AnsweredQuestion:
    """A question with the team's answer, for appendices."""

    id: str
    dimension: str
    text: str
    answer: str | None
    answer_label: str | None
    note: str | None
    evidence: list[str]
    source: str | None
    estimate: bool = False
    """The team marked the answer as an estimate."""
    incident: bool = False
    """The team said this gap caused a recent incident."""
    responses: list[Respondent] = dataclasses.field(default_factory=list)
    """In a combined file: who answered what."""
    disagreement: bool = False
    """The respondents' answers are two or more steps apart, or mix n/a with answers."""


@dataclass(frozen=True, kw_only=True, slots=True, eq=False)
class Assessment:
    """One team's result on every selected model."""

    schema_version: int = SCHEMA_VERSION
    tool_version: str
    questionnaire_version: str
    answers_file: str | None
    team: str
    date: datetime.date
    assessor: str | None
    entity: str | None = None
    """The team's system in a developer portal's catalogue (e.g. `component:default/fraud`)."""
    owner: str | None = None
    labels: dict[str, str] = dataclasses.field(default_factory=dict)
    models: dict[str, ModelResult]
    plan: list[NextStepResult]
    """Next steps across all models, each listed once with every criterion it unlocks."""
    profile: list[DimensionScore]
    unanswered: list[str]
    """Ids of questions the selected models use that have no answer."""
    answers: list[AnsweredQuestion]
