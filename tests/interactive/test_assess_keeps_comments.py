"""A resumed `assess` saves the team's YAML answers file with its comments: only the answers
given change."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from mlops_maturity.answers.load import load_answers
from mlops_maturity.cli import app
from mlops_maturity.questionnaire.model import QuestionnaireSet

from ..commented import END_COMMENT, SCHEMA_LINE, comments, in_order, with_comments
from ..conftest import EXAMPLES


def run_assess(runner: CliRunner, path: Path, typed: list[str], *extra: str):  # type: ignore[no-untyped-def]
    """`assess` on the shipped questionnaire, as `test_assess.run_assess` runs it on the mini one."""
    return runner.invoke(
        app, ["assess", "-o", str(path), "--force-interactive", *extra], input="".join(line + "\n" for line in typed)
    )


def test_a_resume_that_changes_one_answer_keeps_every_comment(
    runner: CliRunner, tmp_path: Path, shipped: QuestionnaireSet
) -> None:
    path = tmp_path / "answers.yaml"
    example = (EXAMPLES / "fraud-platform.yaml").read_text(encoding="utf-8")
    path.write_text(with_comments(example, above="experiment_tracking", line_end="experiment_tracking"), "utf-8")
    before = path.read_text(encoding="utf-8")
    kept = load_answers(path, shipped).answers
    # Yes to the scope question, then Partially for the first question (Fully before), and quit.
    result = run_assess(runner, path, ["y", "2", "q"], "--review")
    assert result.exit_code == 0, result.output
    after = path.read_text(encoding="utf-8")
    assert in_order(comments(before), comments(after))
    written = after.splitlines()
    assert written[0] == SCHEMA_LINE and written[-1] == END_COMMENT
    assert "  experiment_tracking:  # settled with the data team in October" in written
    saved = load_answers(path, shipped).answers
    assert saved.answers["experiment_tracking"].answer == "partially"
    assert {key: given for key, given in saved.answers.items() if key != "experiment_tracking"} == {
        key: given for key, given in kept.answers.items() if key != "experiment_tracking"
    }
    # Every other answer is written as it was.
    untouched = before.split("  same_pipeline_dev_prod:", 1)[1]
    assert after.endswith(untouched)
