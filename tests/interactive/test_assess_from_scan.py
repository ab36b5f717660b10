"""`assess --from-scan DRAFT` in a real pseudo-terminal: a scan's answers as defaults, with their evidence.

The draft is what `mlops-maturity scan` writes: answers with `source: scan`, a confidence,
and evidence entries marked `scan: `. A person stays in charge: Enter accepts a proposal
(keeping its evidence, so the report shows the answer as both theirs and the scan's),
anything typed overrides it, and questions answered already are never changed.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from ..conftest import MINI
from .test_assess_pty import Assess, answers_in

if sys.platform == "win32":  # pragma: no cover - no pseudo-terminals
    pytest.skip("pseudo-terminals need a Unix-like system", allow_module_level=True)

PROMPT = re.compile(r"Answer(?: \[Enter (?:keeps|accepts the scan's) [^\]]*\])?: ")

DRAFT = """\
questionnaire_version: test-1
team: Payments
date: 2026-11-20
answers:
  code_vc:
    answer: fully
    source: scan
    confidence: high
    evidence:
      - "scan: .git/HEAD:1 the repository is under git"
  tracking:
    answer: mostly
    source: scan
    confidence: medium
    evidence:
      - "scan: train.py:3 imports mlflow and logs metrics"
      - "scan: train.py:18 mlflow.log_metric"
  pipeline:
"""


def _draft(folder: Path, text: str = DRAFT) -> Path:
    path = folder / "draft.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _wait(run: Assess, number: int) -> None:
    run.expect(f"question {number} of 5")
    run.child.expect(PROMPT)


def test_enter_accepts_the_scans_proposal_and_keeps_its_evidence_as_the_scans(tmp_path: Path) -> None:
    _draft(tmp_path)
    run = Assess(tmp_path, "answers.yaml", "--team", "Payments", "--from-scan", "draft.yaml")
    try:
        _wait(run, 1)
        screen = run.on_screen
        assert "The scan proposes 'fully', high confidence. Enter accepts it." in screen
        assert ".git/HEAD:1 the repository is under git" in screen
        assert "Answer [Enter accepts the scan's fully]: " in screen
        run.type("")  # accept
        _wait(run, 2)
        assert "train.py:18 mlflow.log_metric" in run.on_screen
        run.type("2")  # the person knows better: partially
        _wait(run, 3)
        # No proposal: the usual prompt, no default.
        assert "The scan proposes" not in run.on_screen
        run.type("q")
        assert run.finish() == 0
    finally:
        run.close()
    saved = yaml.safe_load((tmp_path / "answers.yaml").read_text(encoding="utf-8"))["answers"]
    assert saved["code_vc"]["answer"] == "fully"
    assert saved["code_vc"]["source"] == "assess"
    assert saved["code_vc"]["evidence"] == ["scan: .git/HEAD:1 the repository is under git"]
    assert "confidence" not in saved["code_vc"]  # a person's answer, not the scan's guess
    # Overridden: the person's answer, without the evidence of a proposal they did not accept.
    assert saved["tracking"]["answer"] == "partially"
    assert not saved["tracking"].get("evidence")
    assert answers_in(tmp_path / "answers.yaml")["pipeline"] is None


def test_the_report_shows_who_gave_each_answer(tmp_path: Path) -> None:
    _draft(tmp_path)
    run = Assess(tmp_path, "answers.yaml", "--team", "Payments", "--from-scan", "draft.yaml")
    try:
        _wait(run, 1)
        run.type("")
        _wait(run, 2)
        run.type("q")
        assert run.finish() == 0
    finally:
        run.close()
    # The draft itself, scored: the scan's answers; the confirmed file: both.
    for name, expected in (("draft.yaml", "the scan"), ("answers.yaml", "both")):
        report = subprocess.run(
            [sys.executable, "-m", "mlops_maturity", "report", name, "--questionnaires", str(MINI)],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        row = next(line for line in report.splitlines() if "(`code_vc`)" in line and line.startswith("|"))
        assert f"| {expected} |" in row, row
        assert "blocked for lack of evidence (marked unanswered), not by a negative answer" in report


def test_resuming_with_a_draft_never_changes_an_answer_given(tmp_path: Path) -> None:
    (tmp_path / "answers.yaml").write_text(
        "questionnaire_version: test-1\nteam: Payments\ndate: 2026-11-01\nanswers:\n  code_vc: partially\n",
        encoding="utf-8",
    )
    _draft(tmp_path)
    run = Assess(tmp_path, "answers.yaml", "--from-scan", "draft.yaml")
    try:
        _wait(run, 2)  # question 1 is answered: resume starts at 2, with the scan's proposal
        assert "The scan proposes 'mostly', medium confidence." in run.on_screen
        run.type("b")
        _wait(run, 1)
        # The person's own answer is the default, not the scan's.
        assert "The scan proposes" not in run.on_screen
        assert "Answer [Enter keeps partially]: " in run.on_screen
        run.type("q")
        assert run.finish() == 0
    finally:
        run.close()
    assert "--from-scan draft.yaml" in run.shown  # the resume command keeps the draft
    assert answers_in(tmp_path / "answers.yaml")["code_vc"] == "partially"


@pytest.mark.parametrize(
    ("draft", "expected"),
    [
        ("questionnaire_version: test-1\nteam: T\ndate: 2026-11-01\nanswers:\n  code_vc: sometimes\n", "draft.yaml:5"),
        (
            "questionnaire_version: test-1\nteam: T\ndate: 2026-11-01\nanswers:\n  code_vc: {answer: fully, confidence: sure}\n",
            "confidence",
        ),
    ],
    ids=["not-an-answer", "not-a-confidence"],
)
def test_a_bad_draft_is_refused_before_any_question(tmp_path: Path, draft: str, expected: str) -> None:
    _draft(tmp_path, draft)
    run = Assess(tmp_path, "answers.yaml", "--team", "T", "--from-scan", "draft.yaml")
    try:
        assert run.finish() == 2
    finally:
        run.close()
    assert "draft.yaml" in run.shown and expected in run.shown
    assert "Traceback" not in run.shown
    assert not (tmp_path / "answers.yaml").exists()


def test_the_draft_cannot_be_the_answers_file_itself(tmp_path: Path) -> None:
    _draft(tmp_path)
    run = Assess(tmp_path, "draft.yaml", "--from-scan", "draft.yaml")
    try:
        assert run.finish() == 2
    finally:
        run.close()
    assert "is the answers file itself" in run.shown
