"""The answers file: one team's answers, with where each came from and its evidence.

Loading is two steps: the file's own shape (`AnswersFile`, pydantic), then a check
against the questionnaire (known question ids, answers on the scale, `n/a` only where
allowed, the same questionnaire version). Every problem names file, line and key.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from mlops_maturity.errors import AnswersError
from mlops_maturity.questionnaire import QuestionnaireSet
from mlops_maturity.yamlio import YamlDocument, load_yaml_file


class Answer(BaseModel):
    """One question's answer, with its note, evidence and origin."""

    # NOTE: descriptions as Field(...) rather than attribute docstrings, which pydantic
    # would read from the source at every start-up; they appear in `mlops-maturity schema`.
    model_config = ConfigDict(extra="forbid", frozen=True)

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

    model_config = ConfigDict(extra="forbid", frozen=True)

    questionnaire_version: str = Field(
        min_length=1,
        description="The version of the questionnaire the answers were given to (see `mlops-maturity models`).",
    )
    team: str = Field(min_length=1, description="The team assessed.")
    date: datetime.date = Field(description="When the answers were given (YYYY-MM-DD).")
    assessor: str | None = Field(default=None, description="Who answered, optionally with their role.")
    answers: dict[str, Answer] = Field(
        default_factory=dict,
        description="Question id -> answer. `question_id: mostly` is short for `question_id: {answer: mostly}`.",
    )

    @field_validator("questionnaire_version", mode="before")
    @classmethod
    def _version_as_text(cls, value: Any) -> Any:
        # A version such as 2026.11 written without quotes reads as a number.
        return str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value

    @field_validator("answers", mode="before")
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


@dataclass(frozen=True)
class LoadedAnswers:
    """An answers file that fits the questionnaire, and where it came from."""

    path: str
    answers: AnswersFile


def load_answers(path: Path, questionnaires: QuestionnaireSet) -> LoadedAnswers:
    """Read an answers file and check it against the questionnaire.

    Raises:
        InputFileError: the file cannot be read or is not valid YAML.
        AnswersError: the content does not fit (every problem listed).
    """
    document = load_yaml_file(path, what="an answers file (YAML or JSON)")
    try:
        answers = parse_answers(document)
        problems: list[str] = []
        written = document.scalar_text(("questionnaire_version",))
        if written is not None and written != answers.questionnaire_version:
            # An unquoted 2026.10 reads as the number 2026.1: keep the version as written.
            answers = answers.model_copy(update={"questionnaire_version": written})
    except AnswersError as error:
        if not error.problems:  # empty, or not a mapping: nothing more to check
            raise
        answers, problems = None, list(error.problems)
    # NOTE: the answers are checked against the questionnaire even when the file's shape has
    # problems (a missing date, say), so that one run lists everything to fix.
    problems += [problem for problem in check_answers(document, questionnaires) if problem not in problems]
    if problems or answers is None:
        raise AnswersError(f"{document.path}: {_count(problems)} in the answers file", problems=tuple(problems))
    return LoadedAnswers(path=document.path, answers=answers)


def _count(problems: list[str]) -> str:
    return "1 problem" if len(problems) == 1 else f"{len(problems)} problems"


def parse_answers(document: YamlDocument) -> AnswersFile:
    """Validate an answers file's shape.

    Raises:
        AnswersError: the document is empty, not a mapping, or has wrong keys or types.
    """
    data = document.data
    if data is None:
        raise AnswersError(
            f"{document.path}: the file is empty; expected an answers file "
            "(run `mlops-maturity template` for one to fill in)"
        )
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else f"a single value ({type(data).__name__})"
        raise AnswersError(
            f"{document.where()}: expected a mapping with questionnaire_version, team, date "
            f"and answers at the top of the file, found {kind}"
        )
    try:
        return AnswersFile.model_validate(data)
    except ValidationError as error:
        problems = [_describe_validation_error(detail, document) for detail in error.errors()]
        raise AnswersError(
            f"{document.path}: {_count(problems)} in the answers file", problems=tuple(problems)
        ) from None


def _describe_validation_error(detail: Any, document: YamlDocument) -> str:
    from mlops_maturity.validation import describe

    loc = tuple(detail["loc"])
    line, key, message = describe(detail, document, AnswersFile)
    if loc == ("answers",) and detail["type"] == "dict_type":
        message = "expected a mapping of question ids to answers, e.g. `experiment_tracking: mostly`"
    elif len(loc) == 2 and loc[0] == "answers" and detail["type"] in ("model_type", "dict_type"):
        message = (
            "expected an answer such as `mostly`, or a mapping with answer, note and evidence "
            f"(found {type(detail['input']).__name__})"
        )
    elif loc == ("date",) and detail["type"] != "missing":
        message = f"expected a date as YYYY-MM-DD, found {detail['input']!r}"
    where = f"{document.path}:{line}" if line else document.path
    return f"{where}: {key}: {message}"


def check_answers(document: YamlDocument, questionnaires: QuestionnaireSet) -> list[str]:
    """Problems of an answers file's content against the questionnaire, one message each.

    Works on the raw data, so that it runs even when the file's shape is invalid; what
    the shape check reports (wrong types) is left to it.
    """
    data = document.data if isinstance(document.data, dict) else {}
    version = data.get("questionnaire_version")
    if isinstance(version, (int, float)) and not isinstance(version, bool):
        version = document.scalar_text(("questionnaire_version",)) or str(version)
    if isinstance(version, str) and version != questionnaires.version:
        return [
            f"{document.where(('questionnaire_version',))}: questionnaire_version: the answers were given to "
            f"questionnaire version {version}, but this questionnaire is version "
            f"{questionnaires.version} (from {questionnaires.location}); answer the current questionnaire "
            "(`mlops-maturity template`) or point --questionnaires at the matching version"
        ]
    given_answers = data.get("answers")
    if not isinstance(given_answers, dict):
        return []
    from mlops_maturity.validation import did_you_mean

    problems: list[str] = []
    questions = questionnaires.questions_by_id
    scale = [option.value for option in questionnaires.bank.scale]
    not_applicable = questionnaires.bank.not_applicable.value
    for question_id, given in given_answers.items():
        question_id = str(question_id)
        if question_id not in questions:
            hint = did_you_mean(question_id, list(questions)) or "; `mlops-maturity template` lists the questions"
            key_line = document.key_line_of(("answers", question_id))
            at = f"{document.path}:{key_line}" if key_line else document.path
            problems.append(f"{at}: answers.{question_id}: unknown question id{hint}")
            continue
        raw = given.get("answer") if isinstance(given, dict) else given
        value = Answer.normalise(raw)
        if raw is True:  # YAML 1.1 reads on, yes and true as True: name the word the user wrote
            written = document.scalar_text(
                ("answers", question_id, "answer") if isinstance(given, dict) else ("answers", question_id)
            )
            value = written or value
        question = questions[question_id]
        allowed = scale + ([not_applicable] if question.not_applicable else [])
        if not isinstance(value, str) or value in allowed:
            continue  # unanswered, or a wrong type the shape check reports
        loc: tuple[str | int, ...] = ("answers", question_id, "answer")
        if value == not_applicable:
            problems.append(
                f"{document.where(loc)}: answers.{question_id}: 'n/a' is not allowed for this question "
                f"(expected one of: {', '.join(scale)})"
            )
            continue
        hint = did_you_mean(value.lower(), allowed, cutoff=0.5)
        problems.append(
            f"{document.where(loc)}: answers.{question_id}: '{value}' is not an answer "
            f"(expected one of: {', '.join(allowed)}){hint}"
        )
    return problems
