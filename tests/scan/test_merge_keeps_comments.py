"""`scan --merge` keeps a person's YAML answers file with its comments: only the answers the
scan completes change."""

from __future__ import annotations

from pathlib import Path

from mlops_maturity.answers.load import load_answers
from mlops_maturity.questionnaire.model import QuestionnaireSet
from tests.commented import END_COMMENT, SCHEMA_LINE, comments, in_order, with_comments
from tests.conftest import EXAMPLES, CliRun
from tests.scan.conftest import build, lines

TRACKING = lines("import mlflow", "mlflow.log_metric('auc', 0.9)")
WORKFLOW = lines("on: [push, pull_request]", "jobs:", "  test:", "    steps:", "      - run: pytest")


def test_merge_keeps_every_comment_and_completes_the_unanswered_question(
    cli: CliRun, tmp_path: Path, shipped: QuestionnaireSet
) -> None:
    repo = build(tmp_path / "fraud-repo", {"src/train.py": TRACKING, ".github/workflows/ci.yml": WORKFLOW})
    answers = tmp_path / "answers.yaml"
    example = (EXAMPLES / "fraud-platform.yaml").read_text(encoding="utf-8")
    unanswered = example.replace("  app_ci_builds: fully\n", "  app_ci_builds:\n")
    answers.write_text(with_comments(unanswered, above="experiment_tracking", line_end="app_ci_builds"), "utf-8")
    before = answers.read_text(encoding="utf-8")
    result = cli("scan", repo, "--merge", answers, "-o", answers)
    assert result.returncode == 0, result.stderr
    after = answers.read_text(encoding="utf-8")
    assert in_order(comments(before), comments(after))
    written = after.splitlines()
    assert written[0] == SCHEMA_LINE and written[1].startswith("# Completed by `mlops-maturity scan")
    assert written[-1] == END_COMMENT
    assert "  app_ci_builds:  # settled with the data team in October" in written
    merged = load_answers(answers, shipped).answers
    filled = merged.answers["app_ci_builds"]
    assert (filled.answer, filled.source) == ("mostly", "scan")
    tracking = merged.answers["experiment_tracking"]  # the person's answer, with the scan's evidence
    assert tracking.answer == "fully" and tracking.evidence[0].startswith("scan: src/train.py:")
    # A second merge changes nothing, and says once that the scan completed the file.
    assert cli("scan", repo, "--merge", answers, "-o", answers).returncode == 0
    assert answers.read_text(encoding="utf-8") == after
