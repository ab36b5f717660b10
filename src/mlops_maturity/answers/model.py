"""The answers file's content: one team's answers, with where each came from and its evidence.

No I/O here: this is what the engine imports. Reading and checking files is `load.py`,
writing them `write.py`.
"""

# NOTE: no `from __future__ import annotations`: pydantic would compile and evaluate each
# annotation's text when the classes are made, at every start.
import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, field_validator


class Response(BaseModel):
    """One respondent's answer to a question, kept in a combined answers file (`combine`)."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    assessor: str | None = Field(default=None, description="Who gave this answer.")
    answer: str | None = Field(default=None, description="Their answer, or empty for none.")
    note: str | None = Field(default=None, description="Their note.")
    evidence: tuple[str, ...] = Field(default=(), description="Their links or paths.")
    estimate: bool = Field(default=False, description="They marked the answer as an estimate.")
    incident: bool = Field(default=False, description="They said this gap caused a recent incident.")

    @field_validator("answer", mode="before")
    @classmethod
    def _answer_as_text(cls, value: Any) -> Any:
        return Answer.normalise(value)

    @field_validator("evidence", mode="before")
    @classmethod
    def _single_evidence(cls, value: Any) -> Any:
        return (value,) if isinstance(value, str) else value


class Answer(BaseModel):
    """One question's answer, with its note, evidence and origin."""

    # NOTE: descriptions as Field(...) rather than attribute docstrings, which pydantic
    # would read from the source at every start-up; they appear in `mlops-maturity schema`.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    answer: str | None = Field(
        default=None,
        description="A value on the scale (no, partially, mostly, fully), n/a where the question "
        "allows it, or empty for not answered yet.",
    )
    note: str | None = Field(default=None, description="Free text; for n/a, the reason.")
    evidence: tuple[str, ...] = Field(
        default=(),
        description="Links or paths that back the answer (a pipeline definition, a dashboard, a wiki page).",
    )
    source: str | None = Field(
        default=None,
        description="Where the answer came from, e.g. `assess` for the interactive questionnaire; "
        "empty for an answer written by hand.",
    )
    estimate: bool = Field(
        default=False,
        description="true when the respondent is not sure: the answer is scored, and shown as an "
        "estimate to confirm with evidence, first where the level hinges on it.",
    )
    incident: bool = Field(
        default=False,
        description="true when this gap caused a recent incident: a failure, a loss or a delay that the "
        "practice asked about would have prevented or caught (bad data reaching a model, a stale model, a "
        "regression nobody noticed). The plan starts with the step that closes it where the team can start it; "
        "only on an answer the plan's steps for the question do not count as done.",
    )
    confidence: Literal["high", "medium", "low"] | None = Field(
        default=None,
        description="For an answer proposed by `mlops-maturity scan` (`source: scan`): how sure the scan is.",
    )
    carried_from: str | None = Field(
        default=None,
        description="Set when a newer questionnaire carried the answer over from another question: "
        "`question_id@version` (several, comma-separated, for a merge).",
    )
    responses: tuple[Response, ...] = Field(
        default=(),
        description="In a combined answers file (`mlops-maturity combine`): every respondent's own "
        "answer, note and evidence; `answer` is then their median.",
    )

    @field_validator("answer", mode="before")
    @classmethod
    def _answer_as_text(cls, value: Any) -> Any:
        return cls.normalise(value)

    @staticmethod
    def normalise(value: Any) -> Any:
        """An answer as written, with YAML 1.1's booleans turned back into the words typed.

        NOTE: YAML 1.1 reads a bare `no` as False; users write `no` and mean the answer.
        """
        if value is False:
            return "no"
        if value is True:
            return "yes"
        return value

    @field_validator("evidence", mode="before")
    @classmethod
    def _single_evidence(cls, value: Any) -> Any:
        return (value,) if isinstance(value, str) else value


def _short_form(value: Any) -> Any:
    """`question_id: mostly` means `question_id: {answer: mostly}`; empty means unanswered."""
    if value is None or isinstance(value, (str, bool)):
        return {"answer": value}
    return value


class AnswersFile(BaseModel):
    """An answers file, as written by `assess` or by hand from `template`."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    questionnaire_version: str = Field(
        min_length=1,
        description="The version of the questionnaire the answers were given to (see `mlops-maturity models`).",
    )
    team: str = Field(min_length=1, description="The team assessed.")
    date: datetime.date = Field(description="When the answers were given (YYYY-MM-DD).")
    assessor: str | None = Field(default=None, description="Who answered, optionally with their role.")
    entity: str | None = Field(
        default=None,
        min_length=1,
        description="The team's system in a developer portal's catalogue, as the portal refers to it, e.g. "
        "Backstage's `component:default/fraud-scoring`. Carried into every result, so a portal can join it.",
    )
    owner: str | None = Field(
        default=None,
        min_length=1,
        description="Who owns the team's ML system, e.g. `group:default/payments`; `portfolio --group-by owner` "
        "rolls levels up by it.",
    )
    labels: dict[str, str] = Field(
        default_factory=dict,
        description="Free `key: value` labels, e.g. `domain: payments`; `portfolio --group-by label:KEY` rolls "
        "levels up by one. Values are text: quote a number (`tier: '1'`), which YAML would otherwise read "
        "otherwise (0042 as 34).",
    )
    # NOTE: strict: a quoted "no" is text, refused, rather than read one way here and another
    # wherever the raw data is checked; YAML's bare no, false and off are booleans already.
    scope: dict[str, StrictBool] = Field(
        default_factory=dict,
        description="Scope id -> whether its questions apply to the team (e.g. `trains_models: false` for a "
        "team that trains no models). false: every question of the scope is n/a, with the scope's reason "
        "as its note, and needs no answer. Absent or true: every question applies.",
    )
    answers: dict[str, Answer] = Field(
        default_factory=dict,
        description="Question id -> answer. `question_id: mostly` is short for `question_id: {answer: mostly}`.",
    )
    retired_answers: dict[str, Answer] = Field(
        default_factory=dict,
        description="Answers to questions a newer questionnaire retired, kept as they were written.",
    )

    @field_validator("questionnaire_version", mode="before")
    @classmethod
    def _version_as_text(cls, value: Any) -> Any:
        # A version such as 2026.11 written without quotes reads as a number.
        return str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value

    @field_validator("answers", "retired_answers", mode="before")
    @classmethod
    def _expand_short_forms(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {key: _short_form(answer) for key, answer in value.items()}
        return value

    def answer_for(self, question_id: str) -> Answer | None:
        """The given answer, or None when the question is unanswered."""
        given = self.answers.get(question_id)
        return given if given is not None and given.answer is not None else None

    def value_of(self, question_id: str) -> str | None:
        """The answer's value (`mostly`, `n/a`, ...), or None when unanswered."""
        given = self.answer_for(question_id)
        return given.answer if given else None
