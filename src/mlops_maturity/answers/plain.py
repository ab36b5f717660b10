"""Answers files built without pydantic's validator, when every value plainly fits.

NOTE: the common case, a well-formed file, then costs no validator build at start-up
(`load._shape` falls back to `AnswersFile.model_validate` for anything unusual).
"""

from __future__ import annotations

import datetime
from typing import Any

from mlops_maturity.answers.model import Answer, AnswersFile

FILE_KEYS = frozenset({"questionnaire_version", "team", "date", "assessor", "answers"})
_ANSWER_KEYS = frozenset({"answer", "note", "evidence", "source", "confidence"})


def _optional_text(value: Any) -> bool:
    return value is None or type(value) is str


# NOTE: every field is passed to `model_construct`, the defaults too: pydantic's own filling
# of defaults costs more than the rest of building an answer (a default factory's signature is
# inspected each time). The fields set stay those the file gave, as validation records them.
_ANSWER_DEFAULTS = {name: field.default for name, field in Answer.model_fields.items() if not field.is_required()}


def _answer(given: set[str], **values: Any) -> Answer:
    return Answer.model_construct(given, **{**_ANSWER_DEFAULTS, **values})


def _plain_answer(value: Any, build: bool = True) -> Answer | None:
    """An answer built directly when it is plainly valid (None: pydantic decides); with `build`
    false, only checked: `_PLAIN` stands for every answer that fits."""
    if value is None or type(value) in (str, bool):
        return _answer({"answer"}, answer=Answer.normalise(value)) if build else _PLAIN
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
        and value.get("confidence") in (None, "high", "medium", "low")
    ):
        return None
    if not build:
        return _PLAIN
    note, source, confidence = value.get("note"), value.get("source"), value.get("confidence")
    return _answer(
        set(value),
        answer=Answer.normalise(answer),
        note=note,
        evidence=evidence,
        source=source,
        confidence=confidence,
    )


_PLAIN = Answer.model_construct()


def construct_plain(data: dict[Any, Any], *, build: bool = True) -> AnswersFile | None:
    """The answers file built without pydantic's validator, when every value plainly fits.

    NOTE: the common case, a well-formed file, then costs no validator build at start-up.
    Anything unusual (a wrong type, a missing or unknown key, a date that is not a plain
    date) returns None, and `AnswersFile.model_validate` decides, with its messages.
    With `build` false the answers are checked, not built: for a file refused anyway.
    """
    if not data.keys() <= FILE_KEYS:
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
        answer = _plain_answer(value, build)
        if type(question_id) is not str or answer is None:
            return None
        built[question_id] = answer
    return AnswersFile.model_construct(
        set(data),
        questionnaire_version=version,
        team=team,
        date=date,
        assessor=data.get("assessor"),
        answers=built,
        retired_answers={},
    )
