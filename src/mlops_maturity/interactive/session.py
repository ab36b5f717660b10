"""The state of one run of the questionnaire.

Deciding only: no terminal here, so it is unit-tested with plain calls. What a typed line
means is `replies.py`; asking is `screens.py`; the loop that joins them is `flow.py`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from mlops_maturity.answers.model import Answer, AnswersFile
from mlops_maturity.answers.provenance import with_scan_evidence
from mlops_maturity.answers.write import answers_text
from mlops_maturity.files import read_text_file, write_text_atomic
from mlops_maturity.interactive.lock import FileChanged, Fingerprint, fingerprint
from mlops_maturity.interactive.signals import signals_deferred
from mlops_maturity.messages import _
from mlops_maturity.questionnaire.model import Question, QuestionnaireSet, Scope

ANSWER_SOURCE = "assess"
"""Recorded as each answer's `source`."""


@dataclass
class Session:
    """The state of one run of the questionnaire: which question, and every answer so far."""

    path: Path
    questionnaires: QuestionnaireSet
    questions: tuple[Question, ...]
    team: str
    date: datetime.date
    assessor: str | None
    answers: dict[str, Answer] = field(default_factory=dict)
    index: int = 0
    review: bool = False
    """Go through every question in order, answered or not (Enter keeps an answer)."""
    skipped: set[str] = field(default_factory=set)
    """Questions passed without an answer, in this session or an earlier one: marked when shown again."""
    seen: Fingerprint | None = None
    """What the file held when this session last read or wrote it; a save over anything else is refused."""
    proposals: dict[str, Answer] = field(default_factory=dict)
    """Answers a repository scan proposed (`--from-scan`): the default of each question still unanswered."""
    scope: dict[str, bool] = field(default_factory=dict)
    """The file's `scope`: scope id -> whether its questions apply (absent: they do)."""
    kept: AnswersFile | None = None
    """The file as found: what the session does not ask (`retired_answers`) is written back."""
    json_format: bool = False
    """The file was JSON: it is saved as JSON."""

    @property
    def answered(self) -> int:
        """Questions answered, those out of scope included: they are settled as n/a."""
        outside = self.out_of_scope
        return sum(1 for question in self.questions if question.id in outside or self._has_answer(question.id))

    @property
    def scopes(self) -> tuple[Scope, ...]:
        """The questionnaire's scopes that put out some question of this run, asked first."""
        asked = {question.id for question in self.questions}
        return tuple(scope for scope in self.questionnaires.bank.scopes if asked.intersection(scope.questions))

    @property
    def out_of_scope(self) -> dict[str, Scope]:
        """Question id -> the scope answered no that puts it out: not asked, n/a when scored."""
        return self.questionnaires.out_of_scope(self.scope)

    def scopes_to_ask(self) -> list[int]:
        """Positions in `scopes` to ask before the questions: every one when reviewing, else
        those not answered yet whose questions are not all answered already."""
        asked = {question.id for question in self.questions}
        return [
            position
            for position, scope in enumerate(self.scopes)
            if self.review
            or (
                scope.id not in self.scope and any(not self._has_answer(q) for q in asked.intersection(scope.questions))
            )
        ]

    def _has_answer(self, question_id: str) -> bool:
        given = self.answers.get(question_id)
        return given is not None and given.answer is not None

    def _next_from(self, start: int) -> int:
        """The first question from `start` on to visit: in scope, and unanswered unless
        reviewing; past the end when there is none."""
        outside = self.out_of_scope
        for position in range(start, len(self.questions)):
            question_id = self.questions[position].id
            if question_id not in outside and (self.review or not self._has_answer(question_id)):
                return position
        return len(self.questions)

    def first_question(self) -> int:
        """Where the questions start, after the scope questions: the first in scope when
        reviewing, else the first unanswered (past the end when there is none)."""
        return self._next_from(0)

    def previous_question(self) -> int | None:
        """The question before the current one that is in scope; None at the first."""
        outside = self.out_of_scope
        return next((i for i in range(self.index - 1, -1, -1) if self.questions[i].id not in outside), None)

    def advance(self) -> None:
        """Move on to the next unanswered question after this one, or past the end.

        After going back to change an answer, this returns to where the user was. When
        reviewing, every question in scope comes in turn.
        """
        self.index = self._next_from(self.index + 1)

    def set_scope(self, scope_id: str, applies: bool | None) -> None:
        """Record a scope's answer; None takes it back (its questions apply, as by default)."""
        if applies is None:
            self.scope.pop(scope_id, None)
        else:
            self.scope[scope_id] = applies

    def left_unanswered_before(self) -> bool:
        """The current question was passed without an answer (skipped), and is still unanswered."""
        question_id = self.questions[self.index].id
        return question_id in self.skipped and not self._has_answer(question_id)

    def find_skipped(self) -> None:
        """On resume: questions skipped before carry a `source` and no answer, or come before an answer.

        Only answers given count, and questions out of scope were never passed: not asked.
        """
        last = max((i for i, q in enumerate(self.questions) if self._has_answer(q.id)), default=-1)
        outside = self.out_of_scope
        for position, question in enumerate(self.questions):
            given = self.answers.get(question.id)
            if question.id in outside or self._has_answer(question.id):
                continue
            if position < last or (given is not None and given.source):
                self.skipped.add(question.id)

    def current_answer(self) -> Answer | None:
        return self.answers.get(self.questions[self.index].id)

    def current_proposal(self) -> Answer | None:
        """The scan's proposal for the current question, while the question has no answer."""
        question_id = self.questions[self.index].id
        if self._has_answer(question_id):
            return None
        return self.proposals.get(question_id)

    def default_answer(self) -> str | None:
        """What Enter answers: the answer given, or else the scan's proposal."""
        current = self.current_answer()
        if current is not None and current.answer is not None:
            return current.answer
        proposal = self.current_proposal()
        return proposal.answer if proposal is not None else None

    def default_is_estimate(self) -> bool:
        """What Enter keeps is an answer marked as an estimate (a scan's proposal never is)."""
        current = self.current_answer()
        return current is not None and current.answer is not None and current.estimate

    def default_is_incident(self) -> bool:
        """What Enter keeps is an answer whose gap the person said caused an incident."""
        current = self.current_answer()
        return current is not None and current.answer is not None and current.incident

    def offered_reason(self) -> str | None:
        """What the n/a reason prompt offers: the note there, an earlier reason or one typed with `+`."""
        current = self.current_answer()
        return current.note if current is not None and current.note else None

    def keep(self, reason: str | None = None) -> bool:
        """Enter on an answered question: the stored answer stays exactly as the file holds it.

        NOTE: the stored answer itself, never one rebuilt from a few fields: an answer carries
        more than the questionnaire asks (a combined file's `responses`, the scan's `confidence`,
        a migration's `carried_from`), and Enter means "leave it as it is". `reason`: an n/a
        reason typed anew at the prompt, the one change Enter allows. Whether anything changed.
        """
        question_id = self.questions[self.index].id
        stored = self.answers[question_id]
        if reason is None or reason == stored.note:
            return False
        self.answers[question_id] = stored.model_copy(update={"note": reason})
        return True

    def record(
        self,
        value: str | None,
        note: str | None,
        evidence: tuple[str, ...],
        *,
        estimate: bool | None = None,
        incident: bool | None = None,
    ) -> None:
        """Record the person's answer to the current question; `estimate` and `incident` None keep
        what was recorded before (n/a and the top answer drop an incident: they leave no gap).

        Everything else stored stays (`responses`, note and evidence unless new ones are given);
        the scan's `confidence` goes, as the answer is now the person's, and a migration's
        `carried_from` goes with the value it described. An answer that confirms the scan's
        proposal keeps the scan's evidence beside the person's.
        """
        question_id = self.questions[self.index].id
        previous = self.answers.get(question_id)
        proposal = self.current_proposal()
        kept = evidence or (previous.evidence if previous else ())
        if proposal is not None and value is not None and value == proposal.answer:
            kept = with_scan_evidence(kept, proposal.evidence)
        update: dict[str, object] = {
            "answer": value,
            "evidence": kept,
            "source": ANSWER_SOURCE,
            "estimate": estimate if estimate is not None else bool(previous and previous.estimate),
            # A gap the plan can close only: never n/a, none, or an answer its steps count as done.
            "incident": (incident if incident is not None else bool(previous and previous.incident))
            and self.questionnaires.leaves_a_step(question_id, value),
            "confidence": None,
        }
        if note is not None:
            update["note"] = note
        if previous is None or previous.answer != value:
            update["carried_from"] = None
        self.answers[question_id] = (previous or Answer()).model_copy(update=update)

    def annotate(self, note: str | None, evidence: tuple[str, ...]) -> None:
        """A note and evidence typed with `+`: they replace those stored (empty keeps them), nothing else.

        The answer, where it came from and how sure it is stay as they are: a note is not an
        answer. A question without an answer is marked as visited (`source`), so that a resumed
        session shows it as left unanswered.
        """
        question_id = self.questions[self.index].id
        previous = self.answers.get(question_id) or Answer()
        update: dict[str, object] = {"note": note or previous.note, "evidence": evidence or previous.evidence}
        if previous.answer is None:
            update["source"] = ANSWER_SOURCE
        self.answers[question_id] = previous.model_copy(update=update)

    def skip(self) -> None:
        question_id = self.questions[self.index].id
        previous = self.answers.get(question_id)
        # Saved with its source, so that a resumed session knows the question was skipped.
        self.answers[question_id] = (
            previous.model_copy(update={"answer": None, "source": ANSWER_SOURCE, "incident": False})
            if previous is not None
            else Answer(answer=None, source=ANSWER_SOURCE)
        )
        self.skipped.add(question_id)

    def answers_file(self) -> AnswersFile:
        asked = {
            "questionnaire_version": self.questionnaires.version,
            "team": self.team,
            "date": self.date,
            "assessor": self.assessor,
            "scope": dict(self.scope),
            "answers": dict(self.answers),
        }
        if self.kept is None:
            return AnswersFile(**asked)
        return self.kept.model_copy(update=asked)

    def save(self) -> None:
        """Write the whole file atomically: it is always complete and valid. A YAML file on disk
        keeps its comments (`answers_text`). Ctrl-C, SIGTERM and SIGHUP wait until the save is
        done: the answer just typed is kept, and no temporary file is left behind.

        Raises:
            FileChanged: the file changed on disk since this session read or wrote it; it is
                left as it is.
        """
        with signals_deferred():
            if fingerprint(self.path) != self.seen:
                raise FileChanged(
                    _(
                        "{path}: changed on disk since this session read it (another program or "
                        "session wrote it); it was not overwritten"
                    ).format(path=self.path)
                )
            found = None if self.seen is None or self.json_format else read_text_file(self.path, what="an answers file")
            text = answers_text(
                self.answers_file(), self.questionnaires, self.questions, json_format=self.json_format, existing=found
            )
            write_text_atomic(self.path, text)
            self.seen = fingerprint(self.path)


def session_questions(questionnaires: QuestionnaireSet, model_ids: tuple[str, ...]) -> tuple[Question, ...]:
    """The questions to ask, each once, grouped by dimension in the questionnaire's order."""
    asked = questionnaires.questions_for(model_ids)
    order = [dimension.id for dimension in questionnaires.bank.dimensions]
    return tuple(sorted(asked, key=lambda question: order.index(question.dimension)))
