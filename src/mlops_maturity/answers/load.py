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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from mlops_maturity.answers.model import Answer, AnswersFile
from mlops_maturity.errors import AnswersError, Problem, count_problems
from mlops_maturity.questionnaire.model import QuestionnaireSet
from mlops_maturity.yaml_document import (
    Suggestions,
    YamlDocument,
    did_you_mean,
    found_text,
    load_yaml_file,
    validation_problem,
)

if TYPE_CHECKING:  # NOTE: the migrations are imported for an older file only; most are current
    from mlops_maturity.answers.migrate import MigrationResult

MAX_PROBLEMS = 50
"""Most problems an error lists; the rest are counted, at a dictionary lookup each."""


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
    content = _content_problems(document, questionnaires)
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


LazyProblem = Callable[[], Problem]
"""A problem found, located and worded only if it is shown: locating and did-you-mean
cost more than finding, and only the first `MAX_PROBLEMS` are shown."""


def _refusal(document: YamlDocument, problems: list[LazyProblem]) -> AnswersError:
    """The error for an answers file's problems: the first `MAX_PROBLEMS` listed, the rest counted."""
    message = f"{document.path}: {count_problems(problems)} in the answers file"
    shown = tuple(make() for make in problems[:MAX_PROBLEMS])
    if len(shown) == len(problems):
        return AnswersError(message, problems=shown)
    hint = f"... and {len(problems) - len(shown)} more not shown; fix these first"
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
                message="the file is empty; expected an answers file "
                "(run `mlops-maturity template` for one to fill in)",
            )
        )
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else f"a single value ({found_text(data)})"
        raise AnswersError.at(
            Problem(
                document.path,
                document.line_of(()),
                message="expected a mapping with questionnaire_version, team, date "
                f"and answers at the top of the file, found {kind}",
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

    def written(value: Any, loc: tuple[Any, ...]) -> Any:
        return (document.scalar_text(loc) or value) if isinstance(value, bool) else value

    def answer(given: Any, loc: tuple[Any, ...]) -> Any:
        if isinstance(given, bool):
            return written(given, loc)
        if not isinstance(given, dict):
            return given
        fixed = {**given, "answer": written(given.get("answer"), (*loc, "answer"))} if "answer" in given else given
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
    why = " (no such day)" if isinstance(value, str) and _DATE.fullmatch(value) else ""
    return Problem(
        document.path,
        document.line_of(("date",)),
        key="date",
        message=f"expected a date as YYYY-MM-DD, found {shown}{why}",
    )


def _extra(key: Any) -> dict[str, Any]:
    """Pydantic's error detail for an unknown key at the top of the file."""
    return {"loc": (key,), "type": "extra_forbidden", "msg": "Extra inputs are not permitted", "input": None}


def _validation_problem(detail: Any, document: YamlDocument) -> Problem:
    problem = validation_problem(detail, document, AnswersFile)
    loc = tuple(detail["loc"])
    message = None
    if loc == ("answers",) and detail["type"] == "dict_type":
        message = "expected a mapping of question ids to answers, e.g. `experiment_tracking: mostly`"
    elif len(loc) == 2 and loc[0] == "answers" and detail["type"] in ("model_type", "dict_type"):
        message = (
            "expected an answer such as `mostly`, or a mapping with answer, note and evidence "
            f"(found {found_text(detail['input'])})"
        )
    elif loc == ("scope",) and detail["type"] == "dict_type":
        message = "expected a mapping of scope ids to true or false, e.g. `scope: {trains_models: false}`"
    elif len(loc) == 2 and loc[0] == "scope" and detail["type"] == "bool_type":
        message = f"expected true or false (false: the scope's questions do not apply), found {detail['input']!r}"
    elif loc == ("date",) and detail["type"] != "missing":
        message = f"expected a date as YYYY-MM-DD, found {detail['input']!r}"
    return problem if message is None else Problem(problem.file, problem.line, key=problem.key, message=message)


def _written_version(document: YamlDocument) -> str | None:
    """The file's questionnaire version as written (an unquoted 2026.10 is a number to YAML)."""
    data = document.data if isinstance(document.data, dict) else {}
    version = data.get("questionnaire_version")
    if isinstance(version, (int, float)) and not isinstance(version, bool):
        version = document.scalar_text(("questionnaire_version",)) or str(version)
    return version if isinstance(version, str) else None


def _version_problem(document: YamlDocument, questionnaires: QuestionnaireSet) -> Problem | None:
    """The problem when the file was answered for a questionnaire version that cannot be read."""
    version = _written_version(document)
    if version is None or version == questionnaires.version:
        return None
    from mlops_maturity.answers.migrate import migration_path  # an older file only

    if migration_path(questionnaires, version) is not None:
        return None
    return Problem(
        document.path,
        document.line_of(("questionnaire_version",)),
        key="questionnaire_version",
        message=f"the answers were given to questionnaire version {version}, but this questionnaire is "
        f"version {questionnaires.version} (from {questionnaires.location})",
        hint="answer the current questionnaire (`mlops-maturity template`) or point --questionnaires "
        "at the matching version",
    )


def _content_problems(document: YamlDocument, questionnaires: QuestionnaireSet) -> list[LazyProblem]:
    """Problems of an answers file's content against the questionnaire, each built only when shown.

    Works on the raw data, so that it runs even when the file's shape is invalid; what
    the shape check reports (wrong types) is left to it.
    """
    data = document.data if isinstance(document.data, dict) else {}
    mismatch = _version_problem(document, questionnaires)
    if mismatch is not None:
        return [lambda: mismatch]
    problems = _scope_problems(document, questionnaires)
    given_answers = data.get("answers")
    if not isinstance(given_answers, dict):
        return problems
    checker = _Checker(document, questionnaires)
    return problems + [
        problem for question_id, given in given_answers.items() if (problem := checker.check(question_id, given))
    ]


def _given_scope(document: YamlDocument) -> dict[str, bool]:
    """The file's `scope` as written, where it is a mapping of ids to booleans (else the shape check says)."""
    data = document.data if isinstance(document.data, dict) else {}
    scope = data.get("scope")
    if not isinstance(scope, dict):
        return {}
    return {str(scope_id): applies for scope_id, applies in scope.items() if isinstance(applies, bool)}


def _scope_problems(document: YamlDocument, questionnaires: QuestionnaireSet) -> list[LazyProblem]:
    """Scope ids the questionnaire does not define, like unknown question ids."""
    data = document.data if isinstance(document.data, dict) else {}
    scope = data.get("scope")
    if not isinstance(scope, dict):
        return []
    known = list(questionnaires.scopes_by_id)
    hints = Suggestions(known, limit=MAX_PROBLEMS)

    def unknown(scope_id: str) -> Problem:
        listed = f"this questionnaire's scopes: {', '.join(known)}" if known else "this questionnaire defines no scopes"
        return Problem(
            document.path,
            document.key_line_of(("scope", scope_id)),
            key=f"scope.{scope_id}",
            message="unknown scope id",
            hint=hints(scope_id) or listed,
        )

    return [functools.partial(unknown, str(scope_id)) for scope_id in scope if str(scope_id) not in known]


class _Checker:
    """One answer's problem against the questionnaire, with did-you-mean for the first ones."""

    def __init__(self, document: YamlDocument, questionnaires: QuestionnaireSet) -> None:
        self.document = document
        self.questions = questionnaires.questions_by_id
        version = _written_version(document)
        # An older version's file may use the ids of its version; the migration maps them.
        self.known = set(self.questions)
        self.old_not_applicable: frozenset[str] | None = None
        """An older file's questions that took n/a at its version, where its migration says."""
        if version and version != questionnaires.version:
            from mlops_maturity.answers.migrate import known_question_ids, migration_path  # only for an older file

            self.known = known_question_ids(questionnaires, version) or self.known
            path = migration_path(questionnaires, version)
            if path and path[0].not_applicable is not None:
                self.old_not_applicable = frozenset(path[0].not_applicable)
        self.questionnaires = questionnaires
        # n/a is allowed, reason or not, where the file's own scope puts the question out: the
        # scope's reason is its note when scored (engine.scope).
        self.out_of_scope = questionnaires.out_of_scope(_given_scope(document))
        self.scale = [option.value for option in questionnaires.bank.scale]
        self.scale_values = frozenset(self.scale)
        self.not_applicable = questionnaires.bank.not_applicable.value
        self.question_hints = Suggestions(list(self.questions), limit=MAX_PROBLEMS)

    def check(self, question_id: Any, given: Any) -> LazyProblem | None:
        """The problem with one answer, if any, built when it is shown."""
        question_id = str(question_id)
        if question_id not in self.known:
            return functools.partial(self.unknown, question_id)
        raw = given.get("answer") if isinstance(given, dict) else given
        if type(raw) is str and raw in self.scale_values:
            return None  # the common case: a word of the scale, which every question takes
        value = Answer.normalise(raw)
        if isinstance(raw, bool):  # YAML 1.1 reads on, off, NO and false as booleans: the word as written decides
            loc = ("answers", question_id, "answer") if isinstance(given, dict) else ("answers", question_id)
            value = self.document.scalar_text(loc) or value
        question = self.questions.get(question_id)  # None: an older version's question
        if value == self.not_applicable and question_id in self.out_of_scope:
            return None
        allowed = self.questionnaires.allowed_answers(question)
        if self.old_not_applicable is not None:  # the file's own version says where n/a was allowed
            allowed = [*self.scale, self.not_applicable] if question_id in self.old_not_applicable else self.scale
        if value == self.not_applicable and value in allowed:
            note = given.get("note") if isinstance(given, dict) else None
            if note is None or (isinstance(note, str) and not note.strip()):
                return functools.partial(
                    self.at,
                    question_id,
                    "'n/a' needs a reason: a note saying why the question does not apply",
                    f"write it as `{question_id}: {{answer: n/a, note: ...}}`",
                )
            return None
        if not isinstance(value, str) or value in allowed:
            return None  # unanswered, or a wrong type the shape check reports
        if value == self.not_applicable:
            message = f"'n/a' is not allowed for this question (expected one of: {', '.join(self.scale)})"
            return functools.partial(self.at, question_id, message, self.scope_hint(question_id))
        message = f"'{value}' is not an answer (expected one of: {', '.join(allowed)})"
        return lambda: self.at(question_id, message, did_you_mean(value.lower(), allowed, cutoff=0.5))

    def scope_hint(self, question_id: str) -> str | None:
        """Where a scope can put the question out: how, for a team that tried n/a on it."""
        scope = next((scope for scope in self.questionnaires.bank.scopes if question_id in scope.questions), None)
        if scope is None:
            return None
        return f"if the answer to '{scope.text}' is no, say so once, `scope: {{{scope.id}: false}}`: it is then n/a"

    def unknown(self, question_id: str) -> Problem:
        document = self.document
        return Problem(
            document.path,
            document.key_line_of(("answers", question_id)),
            key=f"answers.{question_id}",
            message="unknown question id",
            hint=self.question_hints(question_id) or "`mlops-maturity template` lists the questions",
        )

    def at(self, question_id: str, message: str, hint: str | None) -> Problem:
        line = self.document.line_of(("answers", question_id, "answer"))
        return Problem(self.document.path, line, key=f"answers.{question_id}", message=message, hint=hint)
