"""`score --format github|gitlab|badge` through the real entry point: streams and exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from mlops_maturity.errors import ExitCode

from ..conftest import EXAMPLES, INVALID, CliRun


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A repository-like folder: a valid and an invalid answers file, named relative to it."""
    (tmp_path / "mlops").mkdir()
    shutil.copy(EXAMPLES / "fraud-platform.yaml", tmp_path / "mlops" / "answers.yaml")
    shutil.copy(INVALID / "answers" / "unknown-key.yaml", tmp_path / "mlops" / "broken.yaml")
    return tmp_path


def test_github_annotations_use_the_paths_as_given(cli: CliRun, project: Path) -> None:
    result = cli("score", "mlops/answers.yaml", "--format", "github", cwd=project)
    assert result.returncode == ExitCode.OK, result.stderr
    assert result.stdout.splitlines() == [
        "::notice file=mlops/answers.yaml,title=MLOps maturity::Card fraud detection (Payments risk): "
        "Google: Level 1: ML pipeline automation; Microsoft: Level 4 (Microsoft level 3): Automated Model Deployment"
    ]


def test_github_an_invalid_file_alone_is_annotated_and_exits_2(cli: CliRun, project: Path) -> None:
    result = cli("score", "mlops/broken.yaml", "--format", "github", cwd=project)
    assert result.returncode == ExitCode.INVALID_INPUT
    lines = result.stdout.splitlines()
    assert [line.split("::")[1] for line in lines] == [
        "error file=mlops/broken.yaml,line=4,title=Invalid answers file",
        "error file=mlops/broken.yaml,line=1,title=Invalid answers file",
    ]
    assert "mlops/broken.yaml:4: colour: unknown key" in result.stderr  # people reading the log see it too
    assert "Traceback" not in result.stderr


def test_github_a_failed_gate_is_an_error_and_exits_1(cli: CliRun, project: Path) -> None:
    result = cli("score", "mlops/answers.yaml", "-f", "github", "--fail-under", "microsoft=5", cwd=project)
    assert result.returncode == ExitCode.BELOW_THRESHOLD
    assert result.stdout.splitlines()[1] == (
        "::error file=mlops/answers.yaml,title=Below the required MLOps maturity level::microsoft is at "
        "Level 4 (Microsoft level 3): Automated Model Deployment, below the required level 5"
    )


def test_github_invalid_input_outranks_a_failed_gate(cli: CliRun, project: Path) -> None:
    result = cli(
        "score", "mlops/answers.yaml", "mlops/broken.yaml", "-f", "github", "--fail-under", "google=2", cwd=project
    )
    assert result.returncode == ExitCode.INVALID_INPUT
    commands = [line.split(" ", 1)[0] for line in result.stdout.splitlines()]
    assert commands == ["::notice", "::error", "::error", "::error"]


def test_github_with_the_job_summary(cli: CliRun, project: Path) -> None:
    summary = project / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    env = {"GITHUB_STEP_SUMMARY": str(summary)}
    result = cli("score", "mlops/answers.yaml", "-f", "github", "--github-summary", cwd=project, env=env)
    assert result.returncode == 0, result.stderr
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n### MLOps maturity: Card fraud detection")
    assert result.stdout.startswith("::notice ")


def test_gitlab_all_good_is_an_empty_array(cli: CliRun, project: Path) -> None:
    result = cli("score", "mlops/answers.yaml", "--format", "gitlab", "--fail-under", "microsoft=4", cwd=project)
    assert result.returncode == ExitCode.OK, result.stderr
    assert json.loads(result.stdout) == []


def test_gitlab_reports_invalid_files_and_failed_gates(cli: CliRun, project: Path) -> None:
    result = cli(
        "score", "mlops/answers.yaml", "mlops/broken.yaml", "-f", "gitlab", "--fail-under", "google=2", cwd=project
    )
    assert result.returncode == ExitCode.INVALID_INPUT
    issues = json.loads(result.stdout)
    assert [
        (issue["check_name"], issue["location"]["path"], issue["location"]["lines"]["begin"]) for issue in issues
    ] == [
        ("mlops-maturity/below-threshold", "mlops/answers.yaml", 1),
        ("mlops-maturity/invalid-answers", "mlops/broken.yaml", 4),
        ("mlops-maturity/invalid-answers", "mlops/broken.yaml", 1),
    ]
    again = cli(
        "score", "mlops/answers.yaml", "mlops/broken.yaml", "-f", "gitlab", "--fail-under", "google=2", cwd=project
    )
    assert again.stdout == result.stdout  # stable fingerprints


def test_badge_of_one_file(cli: CliRun, project: Path) -> None:
    result = cli("score", "mlops/answers.yaml", "--format", "badge", cwd=project)
    assert result.returncode == ExitCode.OK, result.stderr
    assert result.stdout == (
        '{"schemaVersion": 1, "label": "MLOps maturity", "message": "Google 1 · Microsoft 4 (Microsoft level 3)", "color": "yellow"}\n'
    )


def test_badge_of_several_files_is_a_usage_error(cli: CliRun, project: Path) -> None:
    result = cli("score", "mlops/answers.yaml", "mlops/answers.yaml", "--format", "badge", cwd=project)
    assert result.returncode == ExitCode.INVALID_INPUT
    assert result.stdout == ""
    assert result.stderr == "error: --format badge: one answers file at a time (a badge shows one team), got 2\n"


def test_badge_of_an_invalid_file_writes_nothing(cli: CliRun, project: Path) -> None:
    result = cli("score", "mlops/broken.yaml", "--format", "badge", cwd=project)
    assert result.returncode == ExitCode.INVALID_INPUT
    assert result.stdout == ""
    assert "mlops/broken.yaml:4: colour: unknown key" in result.stderr


def test_the_formats_are_listed_in_help(cli: CliRun) -> None:
    help_text = " ".join(cli("score", "--help").stdout.split())
    for words in ("github: annotations for GitHub Actions", "gitlab: GitLab Code Quality report", "badge: shields.io"):
        assert words in help_text.replace("│ ", "")
