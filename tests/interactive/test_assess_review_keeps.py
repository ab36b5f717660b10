"""Issue 19, item 2: `assess --review` keeps every stored answer exactly, field by field.

Enter on an answered question keeps the answer as the file holds it: the respondents'
`responses` of a combined file, the scan's `confidence`, a migration's `carried_from`,
`source`, the estimate, note and evidence. A new answer replaces the value and keeps the
respondents' answers. The session's rules with plain calls first; then the real entry
point in a pseudo-terminal (the helpers of `test_assess_pty.py`).
"""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

import pytest

from mlops_maturity.answers.load import load_answers
from mlops_maturity.answers.model import Answer, AnswersFile
from mlops_maturity.interactive.session import Session, session_questions
from mlops_maturity.questionnaire.folder import load_questionnaires
from mlops_maturity.questionnaire.model import QuestionnaireSet

from ..conftest import MINI

STORED = """\
questionnaire_version: test-1
team: T
date: 2026-11-01
answers:
  code_vc:
    answer: mostly
    note: Most repositories are in git.
    evidence:
      - https://git.example/ml
    source: combine
    estimate: true
    responses:
      - assessor: Ana
        answer: fully
        note: Every repository is in git.
        evidence:
          - https://git.example/ana
      - assessor: Ben
        answer: mostly
        estimate: true
      - assessor: Cy
        answer: partially
        note: The notebooks are not.
  tracking:
    answer: partially
    note: "proposed by scan: MLflow is imported"
    evidence:
      - "scan: train.py:3 imports mlflow"
    source: scan
    confidence: high
  pipeline:
    answer: fully
    note: An Airflow DAG retrains weekly.
    source: assess
    carried_from: training_pipeline@test-0
  feature_store:
    answer: n/a
    note: No tabular features.
    evidence:
      - docs/features.md
    carried_from: features@test-0
  auto_deploy: "no"
"""
"""Every question answered, each with fields an answer rebuilt from a few would lose."""


def _mini() -> QuestionnaireSet:
    return load_questionnaires(MINI)


def _stored(tmp_path: Path) -> Path:
    path = tmp_path / "answers.yaml"
    path.write_text(STORED, encoding="utf-8")
    return path


def _answers(path: Path) -> dict[str, Answer]:
    return dict(load_answers(path, _mini()).answers.answers)


def _session(path: Path, question_id: str) -> Session:
    """A review of the stored file, at `question_id`."""
    questionnaires = _mini()
    loaded: AnswersFile = load_answers(path, questionnaires).answers
    questions = session_questions(questionnaires, tuple(model.id for model in questionnaires.models))
    session = Session(
        path=path,
        questionnaires=questionnaires,
        questions=questions,
        team=loaded.team,
        date=datetime.date(2026, 11, 1),
        assessor=None,
        answers=dict(loaded.answers),
        review=True,
    )
    session.index = next(i for i, question in enumerate(questions) if question.id == question_id)
    return session


# ── The session's rules ─────────────────────────────────────────────────────


@pytest.mark.parametrize("question_id", ["code_vc", "tracking", "pipeline", "feature_store", "auto_deploy"])
def test_keeping_an_answer_leaves_the_stored_answer_itself(tmp_path: Path, question_id: str) -> None:
    session = _session(_stored(tmp_path), question_id)
    stored = session.answers[question_id]
    assert session.keep() is False  # nothing changed: nothing to save
    assert session.answers[question_id] is stored


def test_a_new_n_a_reason_on_keep_changes_only_the_note(tmp_path: Path) -> None:
    session = _session(_stored(tmp_path), "feature_store")
    stored = session.answers["feature_store"]
    assert session.keep("We buy our features.") is True
    assert session.answers["feature_store"] == stored.model_copy(update={"note": "We buy our features."})


def test_a_new_answer_keeps_the_respondents_answers_note_and_evidence(tmp_path: Path) -> None:
    session = _session(_stored(tmp_path), "code_vc")
    stored = session.answers["code_vc"]
    session.record("fully", None, (), estimate=False)
    assert session.answers["code_vc"] == stored.model_copy(
        update={"answer": "fully", "source": "assess", "estimate": False}
    )


def test_a_new_value_drops_only_what_spoke_for_the_old_value(tmp_path: Path) -> None:
    """The scan's confidence and a migration's origin were about the value replaced."""
    session = _session(_stored(tmp_path), "tracking")
    stored = session.answers["tracking"]
    session.record("mostly", None, (), estimate=False)
    assert session.answers["tracking"] == Answer(
        answer="mostly", note=stored.note, evidence=stored.evidence, source="assess"
    )
    session.index = 2  # pipeline
    session.record("mostly", None, (), estimate=False)
    assert session.answers["pipeline"].carried_from is None
    assert session.answers["pipeline"].note == "An Airflow DAG retrains weekly."


def test_the_same_value_typed_again_keeps_where_it_was_carried_from(tmp_path: Path) -> None:
    session = _session(_stored(tmp_path), "pipeline")
    session.record("fully", None, (), estimate=False)
    assert session.answers["pipeline"].carried_from == "training_pipeline@test-0"


def test_a_note_added_with_plus_changes_the_note_and_evidence_only(tmp_path: Path) -> None:
    session = _session(_stored(tmp_path), "tracking")
    stored = session.answers["tracking"]
    session.annotate("Checked by hand too.", ("docs/tracking.md",))
    assert session.answers["tracking"] == stored.model_copy(
        update={"note": "Checked by hand too.", "evidence": ("docs/tracking.md",)}
    )


# ── In a real terminal ──────────────────────────────────────────────────────

if sys.platform != "win32":
    from .test_assess_pty import assess

    def test_pty_review_with_enter_everywhere_keeps_every_answer_exactly(tmp_path: Path) -> None:
        path = _stored(tmp_path)
        before = _answers(path)
        text_before = path.read_text(encoding="utf-8")
        with assess(tmp_path, "answers.yaml", "--review") as run:
            run.screen(1)
            assert "Reviewing answers.yaml: 5 of 5 questions answered; Enter keeps each answer." in run.on_screen
            run.type("")
            for number in (2, 3, 4):
                run.screen(number)
                run.type("")
            run.expect("Why does this not apply? (one line) [Enter keeps: No tabular features.]: ")
            run.type("")
            run.screen(5)
            run.type("")
            assert run.finish() == 0
        after = _answers(path)
        assert after == before
        # Field by field, for a clear failure: what an answer rebuilt from five fields lost.
        assert after["code_vc"].responses == before["code_vc"].responses and len(after["code_vc"].responses) == 3
        assert after["code_vc"].source == "combine"
        assert (after["tracking"].source, after["tracking"].confidence) == ("scan", "high")
        assert after["pipeline"].carried_from == "training_pipeline@test-0"
        assert after["feature_store"].carried_from == "features@test-0"
        # Nothing changed, so nothing was written: not even the file's layout moved.
        assert path.read_text(encoding="utf-8") == text_before

    def test_pty_review_with_a_new_answer_keeps_the_respondents_answers_and_says_so(tmp_path: Path) -> None:
        path = _stored(tmp_path)
        before = _answers(path)
        with assess(tmp_path, "answers.yaml", "--review") as run:
            run.screen(1)
            run.type("4")
            run.screen(2)
            assert "Recorded for question 1: Fully" in run.on_screen
            assert "The 3 respondents' own answers are kept (responses)." in run.on_screen
            run.type("")
            run.screen(3)
            run.type("q")
            assert run.finish() == 0
        after = _answers(path)
        assert after["code_vc"] == before["code_vc"].model_copy(
            update={"answer": "fully", "source": "assess", "estimate": False}
        )
        assert {question: after[question] for question in before if question != "code_vc"} == {
            question: given for question, given in before.items() if question != "code_vc"
        }
