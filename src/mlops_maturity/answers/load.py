"""Reading an answers file and checking it against the questionnaire.

Loading is two steps: the file's own shape (`AnswersFile`, pydantic), then a check
against the questionnaire (known question ids, answers on the scale, `n/a` only where
allowed and with a reason, the same questionnaire version). Every problem names file,
line and key; a file with more than `MAX_PROBLEMS` shows the first ones and counts the rest.

An answer is one of the scale's words exactly as the questionnaire spells it. YAML 1.1
reads `no`, `off`, `false` and `NO` all as False: the word as written in the file decides,
so `no` is the answer and the others are refused like any other unknown word.
"""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from mlops_maturity.answers.content_check import MAX_PROBLEMS, LazyProblem, content_problems
from mlops_maturity.answers.model import AnswersFile
from mlops_maturity.errors import AnswersError, Problem, count_problems
from mlops_maturity.messages import _
from mlops_maturity.questionnaire.model import QuestionnaireSet
from mlops_maturity.yaml_document import (
    YamlDocument,
    found_text,
    load_yaml_file,
    validation_problem,
)

if TYPE_CHECKING:  # NOTE: the migrations are imported for an older file only; most are current
    from mlops_maturity.answers.migrate import MigrationResult


@dataclass(frozen=True, slots=True)
class LoadedAnswers:
    """An answers file that fits the questionnaire, and where it came from."""

    path: str
    answers: AnswersFile
    """At the current questionnaire version (migrated when the file is older)."""
    migration: MigrationResult | None = None
    """What reading a file of an older questionnaire version did; None for a current one."""
    written_version: str = ""
    """The questionnaire version the file was answered for, as written."""
    json_format: bool = False
    """Written as JSON (a flow mapping at the top): a command that rewrites it keeps it JSON."""


def load_answers(path: Path, questionnaires: QuestionnaireSet) -> LoadedAnswers:
    """Read an answers file and check it against the questionnaire.

    Raises:
        InputFileError: the file cannot be read or is not valid YAML.
        AnswersError: the content does not fit (every problem listed).
    """
    return _load(load_yaml_file(path, what="an answers file (YAML or JSON)"), questionnaires)


def load_answers_text(text: str, shown_path: str, questionnaires: QuestionnaireSet) -> LoadedAnswers:
    """`load_answers` for text read elsewhere (e.g. a file's version in git); `shown_path`
    names it in messages.

    Raises:
        InputFileError: not valid YAML.
        AnswersError: the content does not fit (the first problems listed).
    """
    from mlops_maturity.yaml_document import parse_yaml

    return _load(parse_yaml(text, shown_path), questionnaires)


def _load(document: YamlDocument, questionnaires: QuestionnaireSet) -> LoadedAnswers:
    content = content_problems(document, questionnaires)
    answers, problems = _shape(document)
    if answers is not None:
        written = document.scalar_text(("questionnaire_version",))
        if written is not None and written != answers.questionnaire_version:
            # An unquoted 2026.10 reads as the number 2026.1: keep the version as written.
            answers = answers.model_copy(update={"questionnaire_version": written})
    # NOTE: the answers are checked against the questionnaire even when the file's shape has
    # problems (a missing date, say), so that one run lists everything to fix. The two
    # checks find different things (types and keys; ids and values), so nothing repeats.
    problems += content
    if problems or answers is None:
        raise _refusal(document, problems)
    written = answers.questionnaire_version
    migration = None
    if written != questionnaires.version:  # an older version a migration leads from (checked above)
        from mlops_maturity.answers.migrate import migrate

        migration = migrate(answers, questionnaires)
        answers = migration.answers
    return LoadedAnswers(
        path=document.path,
        answers=answers,
        migration=migration,
        written_version=written,
        json_format=getattr(document.node, "flow_style", False) is True,
    )


def _refusal(document: YamlDocument, problems: list[LazyProblem]) -> AnswersError:
    """The error for an answers file's problems: the first `MAX_PROBLEMS` listed, the rest counted."""
    message = _("{path}: {problems} in the answers file").format(path=document.path, problems=count_problems(problems))
    shown = tuple(make() for make in problems[:MAX_PROBLEMS])
    if len(shown) == len(problems):
        return AnswersError(message, problems=shown)
    hint = _("... and {number} more not shown; fix these first").format(number=len(problems) - len(shown))
    return AnswersError(message, problems=shown, hint=hint)


def _shape(document: YamlDocument) -> tuple[AnswersFile | None, list[LazyProblem]]:
    """The answers file when its shape is valid, else its shape's problems.

    Raises:
        AnswersError: the document is empty or not a mapping (nothing more to check).
    """
    data = document.data
    if data is None:
        raise AnswersError.at(
            Problem(
                document.path,
                message=_(
                    "the file is empty; expected an answers file (run `mlops-maturity template` for one to fill in)"
                ),
            )
        )
    if not isinstance(data, dict):
        kind = _("a list") if isinstance(data, list) else _("a single value ({value})").format(value=found_text(data))
        raise AnswersError.at(
            Problem(
                document.path,
                document.line_of(()),
                message=_(
                    "expected a mapping with questionnaire_version, team, date and answers at the top of the file, "
                    "found {kind}"
                ).format(kind=kind),
            )
        )
    problems: list[LazyProblem] = []
    date_problem = _date_problem(data, document)
    if date_problem is not None:
        problems.append(lambda: date_problem)
    if "date" in data:
        # NOTE: the reader keeps YAML timestamps as text; the date is parsed here, strictly.
        data = {**data, "date": _as_date(data["date"]) or datetime.date.min}
    # NOTE: unknown top-level keys are found here rather than by pydantic, which would
    # describe each of 80,000 of them before the first 50 are shown.
    file_keys = AnswersFile.model_fields
    unknown = [key for key in data if key not in file_keys]
    if unknown:
        data = {key: value for key, value in data.items() if key in file_keys}
        problems += [functools.partial(_validation_problem, _extra(key), document) for key in unknown]
    data = _booleans_as_written(data, document)
    try:
        answers = AnswersFile.model_validate(data)
    except ValidationError as error:
        details = error.errors(include_url=False)
        problems += [functools.partial(_validation_problem, detail, document) for detail in details]
        return None, problems
    return (None if problems else answers), problems


def _booleans_as_written(data: dict[Any, Any], document: YamlDocument) -> dict[Any, Any]:
    """Answers YAML 1.1 read as booleans (`no`, `off`, `on`, `true`), as the words written: the
    checker reads them so, and a custom scale may use any of them (`Answer.normalise` covers
    the common `no` only)."""

    def answer(given: Any, loc: tuple[Any, ...]) -> Any:
        if isinstance(given, bool):
            return document.as_written(loc, given)
        if not isinstance(given, dict):
            return given
        fixed = (
            {**given, "answer": document.as_written((*loc, "answer"), given.get("answer"))}
            if "answer" in given
            else given
        )
        responses = fixed.get("responses")
        if isinstance(responses, list):
            fixed = {
                **fixed,
                "responses": [answer(response, (*loc, "responses", index)) for index, response in enumerate(responses)],
            }
        return fixed

    changed = dict(data)
    for section in ("answers", "retired_answers"):
        given = data.get(section)
        if isinstance(given, dict):
            changed[section] = {key: answer(value, (section, key)) for key, value in given.items()}
    return changed


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _as_date(value: Any) -> datetime.date | None:
    """A `YYYY-MM-DD` date, or None for anything else (a date that does not exist too)."""
    if type(value) is datetime.date:
        return value
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _date_problem(data: dict[Any, Any], document: YamlDocument) -> Problem | None:
    """The problem with the top-level `date`, when it is there and not a real `YYYY-MM-DD`."""
    if "date" not in data or _as_date(data["date"]) is not None:
        return None
    value = data["date"]
    shown = repr(value) if len(repr(value)) <= 80 else repr(value)[:77] + "..."
    why = " " + _("(no such day)") if isinstance(value, str) and _DATE.fullmatch(value) else ""
    return Problem(
        document.path,
        document.line_of(("date",)),
        key="date",
        message=_("expected a date as YYYY-MM-DD, found {value}").format(value=shown) + why,
    )


def _extra(key: Any) -> dict[str, Any]:
    """Pydantic's error detail for an unknown key at the top of the file."""
    return {"loc": (key,), "type": "extra_forbidden", "msg": "Extra inputs are not permitted", "input": None}


def _validation_problem(detail: Any, document: YamlDocument) -> Problem:
    problem = validation_problem(detail, document, AnswersFile)
    loc = tuple(detail["loc"])
    message = None
    if loc == ("answers",) and detail["type"] == "dict_type":
        message = _("expected a mapping of question ids to answers, e.g. `experiment_tracking: mostly`")
    elif len(loc) == 2 and loc[0] == "answers" and detail["type"] in ("model_type", "dict_type"):
        message = _(
            "expected an answer such as `mostly`, or a mapping with answer, note and evidence (found {value})"
        ).format(value=found_text(detail["input"]))
    elif loc == ("scope",) and detail["type"] == "dict_type":
        message = _("expected a mapping of scope ids to true or false, e.g. `scope: {example}`").format(
            example="{trains_models: false}"
        )
    elif len(loc) == 2 and loc[0] == "scope" and detail["type"] == "bool_type":
        message = _("expected true or false (false: the scope's questions do not apply), found {value}").format(
            value=repr(detail["input"])
        )
    elif loc == ("date",) and detail["type"] != "missing":
        message = _("expected a date as YYYY-MM-DD, found {value}").format(value=repr(detail["input"]))
    return problem if message is None else Problem(problem.file, problem.line, key=problem.key, message=message)
