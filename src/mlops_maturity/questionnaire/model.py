"""Questionnaire models: the shared question bank and the maturity models built on it.

A questionnaire folder holds `questions.yaml` (version, answer scale, dimensions,
questions and next steps) and one YAML file per maturity model (`google.yaml`,
`microsoft.yaml`), whose levels hold criteria that refer to questions. A team answers
each question once and is scored on every model.
"""

# NOTE: no `from __future__ import annotations`: pydantic would compile and evaluate each
# annotation's text when the classes are made, at every start.
from collections.abc import Mapping
from functools import cached_property
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from mlops_maturity.safe_text import printable

Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
# NOTE: questionnaire folders are untrusted: their text is made printable once, here, at load.
# The shipped questionnaires' fast path (shipped.py) skips validation; the test suite lints them.
Text = Annotated[str, AfterValidator(printable), Field(min_length=1)]
OptionalText = Annotated[str, AfterValidator(printable)] | None


class _Model(BaseModel):
    # NOTE: no use_attribute_docstrings: it reads the source at import, slowing every start.
    # defer_build: the validators are built only when a folder is validated (lint, an
    # organisation's folder), not when the shipped, already-linted questionnaires load.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class ScaleOption(_Model):
    """One answer on the scale, from worst to best."""

    value: Annotated[str, Field(pattern=r"^[a-z]+$")]
    """What a user writes in an answers file, e.g. `partially`."""
    label: Text
    """How the answer is shown, e.g. `Partially`."""
    meaning: Text
    """What the answer means, shown beside every question."""


class NotApplicableOption(_Model):
    """The `n/a` answer, allowed only where a question says so."""

    value: Annotated[str, Field(pattern=r"^[a-z/]+$")] = "n/a"
    label: Text = "Not applicable"
    meaning: Text
    """What choosing it means, shown where a question allows it."""


class Dimension(_Model):
    """A capability area, used to group questions and for the profile."""

    id: Identifier
    name: Text
    description: Text


class Question(_Model):
    """One fact about the team, asked once and used by any number of criteria."""

    id: Identifier
    """Stable identifier, the key in answers files; never reuse or rename."""
    dimension: Identifier
    text: Text
    """The question: one fact, answerable honestly by a practitioner."""
    help: Text
    """What counts, what does not, and an example."""
    not_applicable: OptionalText = None
    """When `n/a` is an honest answer; absent means `n/a` is not allowed."""


class Scope(_Model):
    """Questions that cannot apply to some teams, put out of scope by one answer in the file.

    An answers file's `scope: {id: false}` makes every question listed here `n/a`, with
    `out_of_scope_reason` as its note: a team that trains no models says so once, rather than
    answering `no` to every training question.
    """

    id: Identifier
    """The key under `scope:` in answers files; never rename or reuse one."""
    text: Text
    """The question asked, answered yes (in scope: the default) or no (out of scope)."""
    help: Text
    """What counts as yes and as no."""
    out_of_scope_reason: Text
    """The note of each question it puts out of scope, e.g. `The team trains no models.`"""
    questions: Annotated[tuple[Identifier, ...], Field(min_length=1)]
    """The questions that cannot apply when the answer is no."""


class NextStep(_Model):
    """A concrete improvement, referred to by criteria; shared steps are listed once."""

    id: Identifier
    action: Text
    """What to build or change, in one or two imperative sentences."""
    tools: Text
    """Which kinds of tools do it, with examples."""
    done_when: Annotated[dict[Identifier, str], Field(min_length=1)]
    """Question id -> the answer at which this step counts as done; a done step is left
    out of a team's plan even where a criterion that lists it is unmet."""
    partial_action: OptionalText = None
    """What to do instead where the team already has part of it (a `done_when` question
    answered above the scale's lowest answer): the step from where it is."""
    after: tuple[Identifier, ...] = ()
    """Steps to do before this one when they are in the plan too (data validation before
    automated retraining; staged environments before pipeline delivery)."""
    after_when: dict[Identifier, dict[Identifier, str]] = Field(default_factory=dict)
    """Steps to do before this one only for teams whose answers are exactly these (step id ->
    question id -> answer): agreeing what may be captured before logging predictions,
    where no quality signal can come back from production."""
    safeguards: dict[Identifier, str] = Field(default_factory=dict)
    """Question id -> the answer at which a team already automates what this step protects
    (models deployed automatically; retraining on a schedule). The step then comes first in
    the plan, whatever its level: risk before polish."""
    safeguard_needs: dict[Identifier, str] = Field(default_factory=dict)
    """Question id -> the answer at which the team has what the step works on: a safeguard
    only where every one is reached too (CI for the training pipeline guards automated
    releases only where there is a training pipeline)."""


class SourceRef(_Model):
    """Which part of the source document a level or criterion encodes."""

    section: Text
    """The section path in the source, e.g. `Level 1: ML pipeline automation > Characteristics`."""
    item: Text
    """The item's identifier in the project's source notes, e.g. `g.l1.characteristics.ct_in_production`."""
    quote: OptionalText = None
    """The source's own words for the item, verbatim and short, shown in reports."""
    translated_quote: OptionalText = None
    """The quote in the language shown, where it is not English (`questionnaire.translation`)."""


class Criterion(_Model):
    """A condition a level needs: every required question answered at least as given."""

    id: Identifier
    title: Text
    """What must be true, as a statement, e.g. `Experiments are tracked centrally`."""
    requires: Annotated[dict[Identifier, str], Field(min_length=1)]
    """Question id -> the lowest answer that meets the criterion."""
    source: SourceRef
    gap: Text
    """Shown when the criterion is unmet: the gap, in one sentence."""
    next_steps: Annotated[tuple[Identifier, ...], Field(min_length=1)]
    """Ids of the steps (in `questions.yaml`) that close the gap, most important first."""
    rationale: OptionalText = None
    """Why the requirement reads the source this way, where the source leaves room
    (hedged words such as "can include", "consider", "optional", "less")."""
    defining: bool = False
    """The change the level is named for: the level rule never holds the level without it."""
    supporting: bool = False
    """Describes the team around the model rather than the model's own life cycle (Microsoft's
    People and Application Integration columns): short, it weighs as one step short at
    most, so it decides close cases rather than the level. Never `defining`."""
    counted_with: Identifier | None = None
    """The criterion of the same level whose source item this one encodes a part of (a
    check the source lists under a validation step): the level rule weighs them as one."""


class Level(_Model):
    """One level of a model, holding when all its criteria are met."""

    number: int
    """The level as this product numbers it."""
    native_number: int | None = None
    """The level as the source numbers it, where that differs (Microsoft: 0-4)."""

    @property
    def source_number(self) -> int:
        """The level's number in the source document."""
        return self.number if self.native_number is None else self.native_number

    name: Text
    summary: Text
    """What a team at this level looks like, in a sentence or two."""
    source: SourceRef
    criteria: tuple[Criterion, ...] = ()
    """Empty only for the base level, which every team holds."""


class SourceDocument(_Model):
    """The published document a model encodes."""

    title: Text
    publisher: Text
    url: Text
    quoted_text: OptionalText = None
    """A permanent link to the text the quotes are taken from, where `url` now serves a
    newer version of the document."""
    version: Text
    """Which version of the document was encoded, e.g. a date."""
    translated_title: OptionalText = None
    """The title in the language shown, where it is not English."""


class MaturityModel(_Model):
    """A maturity model: ordered levels, each with criteria over the question bank."""

    id: Identifier
    """Short name used on the command line, e.g. `google`."""
    name: Text
    """Display name, e.g. `Google`; also names the source's own numbering."""
    source: SourceDocument
    numbering_note: OptionalText = None
    """Shown where levels are shown, when the product's numbering differs from the source's."""
    tolerance: Annotated[float, Field(ge=0, le=10, multiple_of=0.5)] = 0
    """How much may be short, at a level and every level below it, while the level is still
    reached (`engine.level_rule`): a criterion one step short weighs 0.5, one further short
    weighs 1, none defining; 0 asks for every criterion."""
    levels: Annotated[tuple[Level, ...], Field(min_length=2)]


Version = Annotated[str, Field(pattern=r"^[0-9A-Za-z.\-]+$")]


class QuestionMigration(_Model):
    """What became of one question of the older version."""

    becomes: tuple[Identifier, ...]
    """The question(s) of the newer version that take over its answer: one for a rename,
    several for a split (each gets the answer), none when the question was retired (the
    answer is kept in the file, under `retired_answers`). Several old questions naming the
    same new one are a merge: it takes the lowest of their answers."""
    answers: dict[str, str] = Field(default_factory=dict)
    """Old answer -> new answer, where the scale's meaning for it changed; others carry over."""
    reason: OptionalText = None
    """Why it changed, shown to the team when its answers are carried over."""


class Migration(_Model):
    """How answers given to one version are read by the next."""

    from_version: Version
    to_version: Version
    questions: dict[Identifier, QuestionMigration] = Field(default_factory=dict)
    """Old question id -> what became of it; questions not named keep their id and answer."""
    added: tuple[Identifier, ...] = ()
    """Questions new in `to_version` that no old answer carries over to: left unanswered."""
    not_applicable: tuple[Identifier, ...] | None = None
    """The questions of `from_version` that allowed n/a: a file of that version answering n/a
    to any other is refused, as that version refused it, before it is migrated. Not given:
    any question the current version does not know, or that allows n/a now, takes it."""


class QuestionBank(_Model):
    """`questions.yaml`: what every model is scored on."""

    version: Version
    """The questionnaire set's version, recorded in answers files and results."""
    title: Text
    instructions: OptionalText = None
    """How to answer, shown before the first question and in the template."""
    scale: Annotated[tuple[ScaleOption, ...], Field(min_length=2)]
    """Answers from worst to best; the last is the best."""
    not_applicable: NotApplicableOption
    dimensions: Annotated[tuple[Dimension, ...], Field(min_length=1)]
    questions: Annotated[tuple[Question, ...], Field(min_length=1)]
    steps: Annotated[tuple[NextStep, ...], Field(min_length=1)]
    scopes: tuple[Scope, ...] = ()
    """Questions a team can put out of scope with one answer (`scope:` in answers files)."""
    migrations: tuple[Migration, ...] = ()
    """From the oldest version still read to this one, in order; each `to_version` is the
    next one's `from_version`, the last one's is `version`."""


class QuestionnaireSet(_Model):
    """A whole questionnaire folder, loaded and cross-checked."""

    location: Text
    """Where it was loaded from, for messages."""
    bank: QuestionBank
    models: tuple[MaturityModel, ...]
    language: str = "en"
    """The language of its text (`questionnaire.translation`); ids and answers are the same in every one."""

    @property
    def version(self) -> str:
        return self.bank.version

    def model(self, model_id: str) -> MaturityModel:
        return next(model for model in self.models if model.id == model_id)

    def question(self, question_id: str) -> Question:
        return self.questions_by_id[question_id]

    @cached_property
    def questions_by_id(self) -> dict[str, Question]:
        return {question.id: question for question in self.bank.questions}

    @cached_property
    def steps_by_id(self) -> dict[str, NextStep]:
        return {step.id: step for step in self.bank.steps}

    @cached_property
    def translated_quotes(self) -> dict[str, str]:
        """Criterion id -> its source quote in the language shown, where the set is translated
        (`questionnaire.translation`): reports show it beside the English quote, marked as one."""
        return {
            criterion.id: criterion.source.translated_quote
            for model in self.models
            for level in model.levels
            for criterion in level.criteria
            if criterion.source.translated_quote
        }

    @cached_property
    def criteria_by_model_and_id(self) -> dict[tuple[str, str], tuple[str, int]]:
        """(model id, criterion id) -> the criterion's title and its level's number."""
        return {
            (model.id, criterion.id): (criterion.title, level.number)
            for model in self.models
            for level in model.levels
            for criterion in level.criteria
        }

    @cached_property
    def step_positions(self) -> dict[str, int]:
        """Step id -> its position in the questionnaire's list of steps."""
        return {step.id: position for position, step in enumerate(self.bank.steps)}

    @cached_property
    def scopes_by_id(self) -> dict[str, Scope]:
        return {scope.id: scope for scope in self.bank.scopes}

    def out_of_scope(self, scope: Mapping[str, bool]) -> dict[str, Scope]:
        """Question id -> the scope that puts it out, for every scope answered false (the
        questionnaire's first, where several list a question); ids it does not define are
        ignored (the loader refuses them)."""
        outside: dict[str, Scope] = {}
        for definition in self.bank.scopes:
            if scope.get(definition.id) is False:
                for question_id in definition.questions:
                    outside.setdefault(question_id, definition)
        return outside

    @cached_property
    def scale_values(self) -> frozenset[str]:
        return frozenset(option.value for option in self.bank.scale)

    def allowed_answers(self, question: Question | None) -> list[str]:
        """The answers a question takes, in scale order: the scale, then `n/a` where the question
        allows it (a question unknown to this version, from an older file, may take it)."""
        scale = [option.value for option in self.bank.scale]
        if question is None or question.not_applicable:
            scale.append(self.bank.not_applicable.value)
        return scale

    @cached_property
    def _scale_ranks(self) -> dict[str, int]:
        return {option.value: position for position, option in enumerate(self.bank.scale)}

    def scale_rank(self, value: str) -> int:
        """Position of an answer on the scale (0 = worst).

        Raises:
            ValueError: the value is not on the scale.
        """
        try:
            return self._scale_ranks[value]
        except KeyError:
            raise ValueError(f"{value!r} is not on the scale") from None

    def short_of(self, step: NextStep, question_id: str, value: str | None) -> bool:
        """The answer is on the scale and below what the step's `done_when` asks of the question."""
        required = step.done_when.get(question_id)
        return (
            value in self._scale_ranks
            and required in self._scale_ranks
            and self._scale_ranks[value] < self._scale_ranks[required]
        )

    def leaves_a_step(self, question_id: str, value: str | None) -> bool:
        """At this answer, some step that asks about the question is not done: the gap an
        incident can mark (`incident: true`), which the plan can close."""
        return any(self.short_of(step, question_id, value) for step in self.bank.steps)

    def questions_for(self, model_ids: tuple[str, ...]) -> tuple[Question, ...]:
        """The questions the given models use, in questionnaire order."""
        used = {
            question_id
            for model in self.models
            if model.id in model_ids
            for level in model.levels
            for criterion in level.criteria
            for question_id in criterion.requires
        }
        return tuple(question for question in self.bank.questions if question.id in used)
