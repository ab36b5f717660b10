"""The draft answers file, and --merge: a person's answers are never overwritten."""

from __future__ import annotations

import datetime

from mlops_maturity.answers.model import Answer, AnswersFile
from mlops_maturity.questionnaire.model import QuestionnaireSet
from mlops_maturity.scan.draft import draft_answers, merge_answers
from tests.scan.conftest import Scan, lines

TRACKING = lines("import mlflow", "mlflow.log_metric('auc', 0.9)")
SKIPPED = lines(
    "from sagemaker.workflow.quality_check_step import QualityCheckStep",
    "check = QualityCheckStep(name='ModelQuality', quality_check_config=model_quality_config, skip_check=True)",
)
DAY = datetime.date(2026, 12, 1)


def test_the_draft_marks_every_proposal_and_keeps_inactive_evidence_out_of_answers(
    scan_repo: Scan, shipped: QuestionnaireSet
) -> None:
    result = scan_repo({"src/train.py": TRACKING, "pipelines/check.py": SKIPPED})
    draft = draft_answers(result, shipped, team="Churn", date=DAY)
    tracking = draft.answers["experiment_tracking"]
    assert (tracking.answer, tracking.source, tracking.confidence) == ("partially", "scan", "medium")
    assert tracking.evidence == ("scan: src/train.py:2 MLflow run logging",)
    gate = draft.answers["model_validation"]
    assert gate.answer is None  # found but inactive: never proposed as met
    assert gate.note is not None and gate.note.startswith("found but inactive: ")
    assert "pipelines/check.py:2" in gate.note
    assert "ds_de_collaboration" not in draft.answers  # a person answers these


def test_merge_fills_only_unanswered_questions_and_marks_added_evidence(
    scan_repo: Scan, shipped: QuestionnaireSet
) -> None:
    result = scan_repo({"src/train.py": TRACKING, "tests/test_x.py": "def test_x():\n    pass\n"})
    draft = draft_answers(result, shipped, team="scanned-folder", date=DAY)
    person = AnswersFile(
        questionnaire_version=shipped.version,
        team="Churn",
        date=datetime.date(2026, 11, 1),
        assessor="Ada (lead)",
        answers={
            "experiment_tracking": Answer(answer="no", note="we stopped using it", evidence=("https://wiki/x",)),
            "app_unit_tests": Answer(note="ask Bob"),
        },
        retired_answers={"old_question": Answer(answer="mostly")},
    )
    merged = merge_answers(person, draft)
    kept = merged.answers["experiment_tracking"]
    assert (kept.answer, kept.note, kept.source, kept.confidence) == ("no", "we stopped using it", None, None)
    assert kept.evidence == ("https://wiki/x", "scan: src/train.py:2 MLflow run logging")
    filled = merged.answers["app_unit_tests"]
    assert (filled.answer, filled.source, filled.note) == ("partially", "scan", "ask Bob")
    assert (merged.team, merged.assessor, merged.date) == ("Churn", "Ada (lead)", datetime.date(2026, 11, 1))
    assert merged.retired_answers == person.retired_answers
    assert merge_answers(merged, draft) == merged  # merging twice adds nothing
