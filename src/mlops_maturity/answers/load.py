"""Reading an answers file and checking it against the questionnaire.

Loading is two steps: the file's own shape (`AnswersFile`, pydantic), then a check
against the questionnaire (known question ids, answers on the scale, `n/a` only where
allowed, the same questionnaire version). Every problem names file, line and key.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from mlops_maturity.answers.model import Answer, AnswersFile
from mlops_maturity.errors import AnswersError, Problem, count_problems
from mlops_maturity.questionnaire.model import QuestionnaireSet
from mlops_maturity.yaml_document import YamlDocument, did_you_mean, load_yaml_file, validation_problem


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
    answers: AnswersFile | None
    try:
        answers = parse_answers(document)
        problems: list[Problem] = []
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
        raise AnswersError(f"{document.path}: {count_problems(problems)} in the answers file", problems=tuple(problems))
    return LoadedAnswers(path=document.path, answers=answers)


def parse_answers(document: YamlDocument) -> AnswersFile:
    """Validate an answers file's shape.

    Raises:
        AnswersError: the document is empty, not a mapping, or has wrong keys or types.
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
        kind = "a list" if isinstance(data, list) else f"a single value ({type(data).__name__})"
        raise AnswersError.at(
            Problem(
                document.path,
                document.line_of(()),
                message="expected a mapping with questionnaire_version, team, date "
                f"and answers at the top of the file, found {kind}",
            )
        )
    plain = construct_plain(data)
    if plain is not None:
        return plain
    try:
        return AnswersFile.model_validate(data)
    except ValidationError as error:
        problems = tuple(_validation_problem(detail, document) for detail in error.errors())
        raise AnswersError(
            f"{document.path}: {count_problems(problems)} in the answers file", problems=problems
        ) from None


_FILE_KEYS = frozenset({"questionnaire_version", "team", "date", "assessor", "answers"})
_ANSWER_KEYS = frozenset({"answer", "note", "evidence", "source"})


def _optional_text(value: Any) -> bool:
    return value is None or type(value) is str


def _plain_answer(value: Any) -> Answer | None:
    """An answer built directly when it is plainly valid; None leaves it to pydantic."""
    if value is None or type(value) in (str, bool):
        return Answer.model_construct(answer=Answer.normalise(value))
    if type(value) is not dict or not value.keys() <= _ANSWER_KEYS:
        return None
    answer = value.get("answer")
    evidence = value.get("evidence", ())
    if type(evidence) is str:
        evidence = (evidence,)
    elif type(evidence) is list and all(type(link) is str for link in evidence):
        evidence = tuple(evidence)
    elif evidence != ():
        return None
    if not (
        (answer is None or type(answer) in (str, bool))
        and _optional_text(value.get("note"))
        and _optional_text(value.get("source"))
    ):
        return None
    return Answer.model_construct(
        answer=Answer.normalise(answer), note=value.get("note"), evidence=evidence, source=value.get("source")
    )


def construct_plain(data: dict[Any, Any]) -> AnswersFile | None:
    """The answers file built without pydantic's validator, when every value plainly fits.

    NOTE: the common case, a well-formed file, then costs no validator build at start-up.
    Anything unusual (a wrong type, a missing or unknown key, a date that is not a plain
    date) returns None, and `AnswersFile.model_validate` decides, with its messages.
    """
    if not data.keys() <= _FILE_KEYS:
        return None
    version, team, date = data.get("questionnaire_version"), data.get("team"), data.get("date")
    if type(version) in (int, float):
        version = str(version)
    answers = data.get("answers", {})
    if not (
        type(version) is str
        and version
        and type(team) is str
        and team
        and type(date) is datetime.date
        and _optional_text(data.get("assessor"))
        and type(answers) is dict
    ):
        return None
    built: dict[str, Answer] = {}
    for question_id, value in answers.items():
        answer = _plain_answer(value)
        if type(question_id) is not str or answer is None:
            return None
        built[question_id] = answer
    return AnswersFile.model_construct(
        questionnaire_version=version, team=team, date=date, assessor=data.get("assessor"), answers=built
    )


def _validation_problem(detail: Any, document: YamlDocument) -> Problem:
    problem = validation_problem(detail, document, AnswersFile)
    loc = tuple(detail["loc"])
    message = None
    if loc == ("answers",) and detail["type"] == "dict_type":
        message = "expected a mapping of question ids to answers, e.g. `experiment_tracking: mostly`"
    elif len(loc) == 2 and loc[0] == "answers" and detail["type"] in ("model_type", "dict_type"):
        message = (
            "expected an answer such as `mostly`, or a mapping with answer, note and evidence "
            f"(found {type(detail['input']).__name__})"
        )
    elif loc == ("date",) and detail["type"] != "missing":
        message = f"expected a date as YYYY-MM-DD, found {detail['input']!r}"
    return problem if message is None else Problem(problem.file, problem.line, key=problem.key, message=message)


def check_answers(document: YamlDocument, questionnaires: QuestionnaireSet) -> list[Problem]:
    """Problems of an answers file's content against the questionnaire.

    Works on the raw data, so that it runs even when the file's shape is invalid; what
    the shape check reports (wrong types) is left to it.
    """
    data = document.data if isinstance(document.data, dict) else {}
    version = data.get("questionnaire_version")
    if isinstance(version, (int, float)) and not isinstance(version, bool):
        version = document.scalar_text(("questionnaire_version",)) or str(version)
    if isinstance(version, str) and version != questionnaires.version:
        return [
            Problem(
                document.path,
                document.line_of(("questionnaire_version",)),
                key="questionnaire_version",
                message=f"the answers were given to questionnaire version {version}, but this questionnaire is "
                f"version {questionnaires.version} (from {questionnaires.location})",
                hint="answer the current questionnaire (`mlops-maturity template`) or point --questionnaires "
                "at the matching version",
            )
        ]
    given_answers = data.get("answers")
    if not isinstance(given_answers, dict):
        return []
    problems: list[Problem] = []
    questions = questionnaires.questions_by_id
    scale = [option.value for option in questionnaires.bank.scale]
    not_applicable = questionnaires.bank.not_applicable.value
    for question_id, given in given_answers.items():
        question_id = str(question_id)
        if question_id not in questions:
            problems.append(
                Problem(
                    document.path,
                    document.key_line_of(("answers", question_id)),
                    key=f"answers.{question_id}",
                    message="unknown question id",
                    hint=did_you_mean(question_id, list(questions)) or "`mlops-maturity template` lists the questions",
                )
            )
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
        line = document.line_of(loc)
        if value == not_applicable:
            problems.append(
                Problem(
                    document.path,
                    line,
                    key=f"answers.{question_id}",
                    message=f"'n/a' is not allowed for this question (expected one of: {', '.join(scale)})",
                )
            )
            continue
        problems.append(
            Problem(
                document.path,
                line,
                key=f"answers.{question_id}",
                message=f"'{value}' is not an answer (expected one of: {', '.join(allowed)})",
                hint=did_you_mean(value.lower(), allowed, cutoff=0.5),
            )
        )
    return problems
