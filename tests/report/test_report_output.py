"""Where reports go: `-o` (atomic), stdout, and GitHub's job summary (`--github-summary`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from mlops_maturity.cli import app
from mlops_maturity.errors import ExitCode

from ..conftest import EXAMPLES
from .conftest import headings, parse, tables

FRAUD = EXAMPLES / "fraud-platform.yaml"
STARTUP = EXAMPLES / "startup-notebooks.yaml"


def test_output_file_holds_what_stdout_would(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "maturity-report.md"
    written = runner.invoke(app, ["report", str(FRAUD), "-o", str(target)])
    assert written.exit_code == 0, written.output
    assert written.stdout == ""
    assert f"wrote {target}" in written.stderr
    printed = runner.invoke(app, ["report", str(FRAUD)])
    assert target.read_text(encoding="utf-8") == printed.stdout


def test_output_file_is_left_unchanged_when_rendering_fails(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "maturity-report.md"
    target.write_text("last quarter's report\n", encoding="utf-8")
    bad = tmp_path / "bad.md.j2"
    bad.write_text("{{ assessment.nothing_here }}\n", encoding="utf-8")
    result = runner.invoke(app, ["report", str(FRAUD), "-o", str(target), "--template", str(bad)])
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert target.read_text(encoding="utf-8") == "last quarter's report\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["bad.md.j2", "maturity-report.md"]


def test_output_into_a_missing_folder(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "reports" / "maturity-report.md"
    result = runner.invoke(app, ["report", str(FRAUD), "-o", str(target)])
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert result.stdout == ""
    assert f"error: {target}: the folder {target.parent} does not exist" in result.stderr
    assert "Traceback" not in result.stderr
    assert not target.parent.exists()


def short_markdown(runner: CliRunner, path: Path) -> str:
    result = runner.invoke(app, ["score", "--format", "markdown", str(path)])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("command", [["report"], ["score"]])
def test_github_summary_is_appended_to_the_job_summary(runner: CliRunner, tmp_path: Path, command: list[str]) -> None:
    summary = tmp_path / "step_summary.md"
    summary.write_text("## Earlier step\n\n", encoding="utf-8")
    environment = {"GITHUB_STEP_SUMMARY": str(summary)}
    for path in (FRAUD, STARTUP):
        result = runner.invoke(app, [*command, str(path), "--github-summary"], env=environment)
        assert result.exit_code == 0, result.output
    assert summary.read_text(encoding="utf-8") == (
        "## Earlier step\n\n" + short_markdown(runner, FRAUD) + "\n" + short_markdown(runner, STARTUP) + "\n"
    )


@pytest.mark.parametrize("command", [["report"], ["score"]])
def test_github_summary_without_the_variable_is_an_error(runner: CliRunner, command: list[str]) -> None:
    result = runner.invoke(app, [*command, str(FRAUD), "--github-summary"])
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert "GITHUB_STEP_SUMMARY is not set" in result.stderr
    assert "Traceback" not in result.stderr


def test_score_markdown_is_the_short_report(runner: CliRunner) -> None:
    markdown = short_markdown(runner, FRAUD)
    tokens = parse(markdown)
    assert headings(tokens) == [("h3", "MLOps maturity: Card fraud detection (Payments risk) (2026-11-12)")]
    (summary,) = tables(markdown)  # short: no criteria, profile or appendix tables
    assert summary.header == ["Model", "Level", "Name", "Next level", "Progress"]
    assert summary.rows == [
        ["Google", "1", "ML pipeline automation", "Level 2: CI/CD pipeline automation", "7/10 criteria"],
        [
            "Microsoft",
            "4 (Microsoft level 3)",
            "Automated Model Deployment",
            "Level 5 (Microsoft level 4): Full MLOps Automated Operations",
            "5/8 criteria",
        ],
    ]
    assert "**Google: gaps** (towards Level 2: CI/CD pipeline automation)" in markdown
    assert "- New pipeline versions are deployed to target environments automatically: " in markdown
    assert "**Microsoft: gaps** (towards Level 5 (Microsoft level 4): Full MLOps Automated Operations)" in markdown
    assert "- Production metrics trigger retraining automatically: " in markdown
    assert "\n1. Add CI for the pipeline repository" in markdown


def test_score_markdown_keeps_warnings_off_stdout(runner: CliRunner, tmp_path: Path) -> None:
    partial = tmp_path / "partial.yaml"
    partial.write_text(
        'questionnaire_version: "2026.11"\nteam: Search\ndate: 2026-11-01\nanswers:\n  experiment_tracking: mostly\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["score", "--format", "markdown", str(partial)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("### MLOps maturity: Search (2026-11-01)\n")
    assert "warning" not in result.stdout
    assert "unanswered, scored as not met" in result.stderr
    assert "question(s) unanswered, scored as not met." in result.stdout  # the note in the report itself
    assert "*(unanswered)*" in result.stdout  # unanswered blocking gaps are marked as such


def test_score_markdown_of_a_team_at_the_top(runner: CliRunner) -> None:
    markdown = short_markdown(runner, EXAMPLES / "full-mlops.yaml")
    assert [row[3] for row in tables(markdown)[0].rows] == ["top level reached", "top level reached"]
    assert "blocking gaps" not in markdown


def test_github_summary_without_the_variable_fails_before_writing_anything(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "maturity-report.md"
    result = runner.invoke(app, ["report", str(FRAUD), "-o", str(target), "--github-summary"])
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert not target.exists()
