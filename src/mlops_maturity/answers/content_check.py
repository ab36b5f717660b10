"""An answers file's content against the questionnaire: known ids, answers on the scale, `n/a`
only where allowed and with a reason, a version that can be read.

Works on the raw data, so that it runs even where the file's shape is invalid; each
problem is built, located and worded only when it is shown.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from mlops_maturity.answers.model import Answer
from mlops_maturity.errors import Problem
from mlops_maturity.messages import _
from mlops_maturity.questionnaire.model import QuestionnaireSet
from mlops_maturity.yaml_document import Suggestions, YamlDocument, did_you_mean

MAX_PROBLEMS = 50
"""Most problems an error lists; the rest are counted, at a dictionary lookup each."""

LazyProblem = Callable[[], Problem]
"""A problem found, located and worded only if it is shown: locating and did-you-mean
cost more than finding, and only the first `MAX_PROBLEMS` are shown."""


def written_version(document: YamlDocument) -> str | None:
    """The file's questionnaire version as written (an unquoted 2026.10 is a number to YAML)."""
    data = document.data if isinstance(document.data, dict) else {}
    version = data.get("questionnaire_version")
    if isinstance(version, (int, float)) and not isinstance(version, bool):
        version = document.scalar_text(("questionnaire_version",)) or str(version)
    return version if isinstance(version, str) else None


def _version_problem(document: YamlDocument, questionnaires: QuestionnaireSet) -> Problem | None:
    """The problem when the file was answered for a questionnaire version that cannot be read."""
    version = written_version(document)
    if version is None or version == questionnaires.version:
        return None
    from mlops_maturity.answers.migrate import migration_path  # an older file only

    if migration_path(questionnaires, version) is not None:
        return None
    return Problem(
        document.path,
        document.line_of(("questionnaire_version",)),
        key="questionnaire_version",
        message=_(
            "the answers were given to questionnaire version {version}, but this questionnaire is "
            "version {current} (from {location})"
        ).format(version=version, current=questionnaires.version, location=questionnaires.location),
        hint=_(
            "answer the current questionnaire (`mlops-maturity template`) or point --questionnaires "
            "at the matching version"
        ),
    )


def content_problems(document: YamlDocument, questionnaires: QuestionnaireSet) -> list[LazyProblem]:
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
        listed = (
            _("this questionnaire's scopes: {scopes}").format(scopes=", ".join(known))
            if known
            else _("this questionnaire defines no scopes")
        )
        return Problem(
            document.path,
            document.key_line_of(("scope", scope_id)),
            key=f"scope.{scope_id}",
            message=_("unknown scope id"),
            hint=hints(scope_id) or listed,
        )

    return [functools.partial(unknown, str(scope_id)) for scope_id in scope if str(scope_id) not in known]


class _Checker:
    """One answer's problem against the questionnaire, with did-you-mean for the first ones."""

    def __init__(self, document: YamlDocument, questionnaires: QuestionnaireSet) -> None:
        self.document = document
        self.questions = questionnaires.questions_by_id
        version = written_version(document)
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
        """The problem with one answer (or with a respondent's answer kept under it), if any,
        built when it is shown."""
        problem = self._answer(str(question_id), given)
        if problem is None and isinstance(given, dict) and isinstance(given.get("responses"), list):
            problem = self._responses(str(question_id), given["responses"])
        return problem

    def _responses(self, question_id: str, responses: list[Any]) -> LazyProblem | None:
        """The first respondent's answer (`combine`'s `responses`) that is not a word of the scale."""
        allowed = [*self.scale, self.not_applicable]
        for index, response in enumerate(responses):
            raw = response.get("answer") if isinstance(response, dict) else None
            if raw is None or (type(raw) is str and raw in allowed):
                continue
            loc = ("answers", question_id, "responses", index, "answer")
            value = self.document.as_written(loc, raw)
            if isinstance(value, str) and value not in allowed:
                message = _("'{value}' is not an answer (expected one of: {allowed})").format(
                    value=value, allowed=", ".join(allowed)
                )
                key = f"answers.{question_id}.responses.{index}.answer"
                line = self.document.line_of(loc)
                return lambda: Problem(self.document.path, line, key=key, message=message)
        return None

    def _answer(self, question_id: str, given: Any) -> LazyProblem | None:
        if question_id not in self.known:
            return functools.partial(self.unknown, question_id)
        raw = given.get("answer") if isinstance(given, dict) else given
        if isinstance(given, dict) and given.get("incident") is True:
            problem = self._incident(question_id, Answer.normalise(raw))
            if problem is not None:
                return problem
        if type(raw) is str and raw in self.scale_values:
            return None  # the common case: a word of the scale, which every question takes
        loc = ("answers", question_id, "answer") if isinstance(given, dict) else ("answers", question_id)
        value = Answer.normalise(self.document.as_written(loc, raw))
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
                    _("'n/a' needs a reason: a note saying why the question does not apply"),
                    _("write it as `{example}`").format(example=f"{question_id}: {{answer: n/a, note: ...}}"),
                )
            return None
        if not isinstance(value, str) or value in allowed:
            return None  # unanswered, or a wrong type the shape check reports
        if value == self.not_applicable:
            message = _("'n/a' is not allowed for this question (expected one of: {allowed})").format(
                allowed=", ".join(self.scale)
            )
            return functools.partial(self.at, question_id, message, self.scope_hint(question_id))
        message = _("'{value}' is not an answer (expected one of: {allowed})").format(
            value=value, allowed=", ".join(allowed)
        )
        return lambda: self.at(question_id, message, did_you_mean(value.lower(), allowed, cutoff=0.5))

    def scope_hint(self, question_id: str) -> str | None:
        """Where a scope can put the question out: how, for a team that tried n/a on it."""
        scope = next((scope for scope in self.questionnaires.bank.scopes if question_id in scope.questions), None)
        if scope is None:
            return None
        return _("if the answer to '{question}' is no, say so once, `{example}`: it is then n/a").format(
            question=scope.text, example=f"scope: {{{scope.id}: false}}"
        )

    def unknown(self, question_id: str) -> Problem:
        document = self.document
        return Problem(
            document.path,
            document.key_line_of(("answers", question_id)),
            key=f"answers.{question_id}",
            message=_("unknown question id"),
            hint=self.question_hints(question_id) or _("`mlops-maturity template` lists the questions"),
        )

    def _incident(self, question_id: str, answer: Any) -> LazyProblem | None:
        """The problem with `incident: true` on this answer: it marks a gap the plan can close,
        so never on no answer, on n/a, or on an answer at which every step for it is done."""
        if answer == self.not_applicable:
            message = _("'incident: true' marks a gap that caused an incident, but the answer is n/a")
            hint = _("answer the question on the scale, or remove `incident: true`")
        elif answer is None:
            message = _("'incident: true' needs an answer: the gap that caused the incident")
            hint = _("answer the question, or remove `incident: true`")
        elif answer in self.scale_values and not self.questionnaires.leaves_a_step(question_id, answer):
            message = _("'incident: true' marks a gap that caused an incident, but '{answer}' leaves none").format(
                answer=answer
            )
            hint = _(
                "the plan's steps for this question count as done at '{answer}': mark a lower answer, or remove "
                "`incident: true`"
            ).format(answer=answer)
        else:
            return None  # a gap, or an answer that is not one (said by the checks that follow)
        return functools.partial(self.at, question_id, message, hint)

    def at(self, question_id: str, message: str, hint: str | None) -> Problem:
        line = self.document.line_of(("answers", question_id, "answer"))
        return Problem(self.document.path, line, key=f"answers.{question_id}", message=message, hint=hint)
