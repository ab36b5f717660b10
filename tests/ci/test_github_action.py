"""The GitHub action (action.yml): its shell steps run as the runner would run them.

The runner is played by this test: `${{ ... }}` expressions are filled in, each `run:` is
run with bash the way GitHub runs `shell: bash`, with fake GITHUB_OUTPUT and
GITHUB_STEP_SUMMARY files. Only the install step is not run (it would install into the
test's own environment): its command is checked, and the pre-commit test installs the
same checkout for real.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from ..conftest import EXAMPLES, INVALID, PLAIN_ENV, ROOT
from ..report.conftest import parse, text_of

ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
STEPS: list[dict[str, Any]] = ACTION["runs"]["steps"]
INSTALL = 'python -m pip install --quiet --disable-pip-version-check "$GITHUB_ACTION_PATH"'
EXPRESSION = re.compile(r"\$\{\{\s*(.+?)\s*\}\}")

FRAUD_NOTICE = (
    "::notice file=mlops/answers.yaml,title=MLOps maturity::Card fraud detection (Payments risk): "
    "Google: Level 1: ML pipeline automation; Microsoft: Level 4 (Microsoft level 3): Automated Model Deployment"
)


def _inputs(**given: str) -> dict[str, str]:
    declared = ACTION["inputs"]
    unknown = set(given) - set(declared)
    assert not unknown, f"not inputs of the action: {unknown}"
    return {name: given.get(name, str(spec.get("default", ""))) for name, spec in declared.items()}


def _fill(text: str, context: dict[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        expression = match.group(1)
        assert expression in context, f"the test does not know the expression {expression!r}"
        return context[expression]

    return EXPRESSION.sub(value, text)


class Runner:
    """One job's files and environment, as the GitHub runner provides them."""

    def __init__(self, workspace: Path) -> None:
        self.workspace = workspace
        self.temp = workspace.parent / "runner-temp"
        self.temp.mkdir()
        self.output = self.temp / "github-output"
        self.summary = self.temp / "step-summary.md"
        self.output.touch()
        self.summary.touch()

    def run_action(self, **given: str) -> subprocess.CompletedProcess[str]:
        """Every shell step of the action, in order, stopping at the first that fails (as the runner does)."""
        inputs = _inputs(**given)
        context = {f"inputs.{name}": value for name, value in inputs.items()} | {"runner.temp": str(self.temp)}
        env = {
            **os.environ,
            **PLAIN_ENV,
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
            "GITHUB_ACTION_PATH": str(ROOT),
            "GITHUB_OUTPUT": str(self.output),
            "GITHUB_STEP_SUMMARY": str(self.summary),
            "RUNNER_TEMP": str(self.temp),
        }
        result = subprocess.CompletedProcess[str]([], 0, "", "")
        for step in STEPS:
            if "run" not in step:
                continue
            if step["run"] == INSTALL:
                continue
            script = self.temp / "step.sh"
            script.write_text(_fill(step["run"], context), encoding="utf-8")
            step_env = env | {name: _fill(str(value), context) for name, value in step.get("env", {}).items()}
            # GitHub's `shell: bash`: bash --noprofile --norc -eo pipefail {0}
            result = subprocess.run(
                ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
                cwd=self.workspace,
                env=step_env,
                capture_output=True,
                text=True,
                timeout=300,
            )
            if result.returncode:
                break
        return result

    def outputs(self) -> dict[str, str]:
        return dict(line.split("=", 1) for line in self.output.read_text(encoding="utf-8").splitlines())

    def report_files(self) -> list[str]:
        return sorted(path.name for path in (self.temp / "mlops-maturity-report").iterdir())


@pytest.fixture
def runner(tmp_path: Path) -> Runner:
    workspace = tmp_path / "workspace"
    (workspace / "mlops").mkdir(parents=True)
    shutil.copy(EXAMPLES / "fraud-platform.yaml", workspace / "mlops" / "answers.yaml")
    return Runner(workspace)


def test_the_action_declares_what_the_script_sets() -> None:
    assert ACTION["runs"]["using"] == "composite"
    assert ACTION["inputs"]["answers"]["required"] is True
    assert set(ACTION["inputs"]) == {"answers", "fail-under", "report", "summary", "python-version", "artifact-name"}
    run_step = next(step for step in STEPS if step.get("id") == "score")
    for name, output in ACTION["outputs"].items():
        assert output["value"] == f"${{{{ steps.score.outputs.{name} }}}}"
        assert output["description"]
    assert run_step["run"] == 'bash "$GITHUB_ACTION_PATH/ci/github-action/run.sh"'
    # The tool comes from the action's own checkout, never from a package index.
    assert [step["run"] for step in STEPS if "run" in step and "pip" in step["run"]] == [INSTALL]
    upload = next(step for step in STEPS if str(step.get("uses", "")).startswith("actions/upload-artifact@"))
    assert "!cancelled()" in upload["if"]  # the reports are uploaded when the gate fails too
    assert upload["with"]["path"] == "${{ runner.temp }}/mlops-maturity-report"


def test_a_passing_file_annotates_summarises_reports_and_sets_the_levels(runner: Runner) -> None:
    result = runner.run_action(answers="mlops/answers.yaml", **{"fail-under": "microsoft=4 google=1"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [FRAUD_NOTICE]
    assert runner.outputs() == {
        "google-level": "1",
        "microsoft-level": "4",
        "levels": '{"mlops/answers.yaml": {"google": 1, "microsoft": 4}}',
        "scored": "1",
        "not-scored": "0",
        "report-dir": str(runner.temp / "mlops-maturity-report"),
        "exit-code": "0",
    }
    summary = runner.summary.read_text(encoding="utf-8")
    assert summary.startswith("### MLOps maturity: Card fraud detection (Payments risk) (2026-11-12)\n")
    assert "| Google | 1 | ML pipeline automation |" in summary
    assert runner.report_files() == ["mlops-answers.html", "mlops-answers.md", "result.json"]
    report_dir = runner.temp / "mlops-maturity-report"
    assert (report_dir / "mlops-answers.md").read_text(encoding="utf-8").startswith("# ")
    assert "<html" in (report_dir / "mlops-answers.html").read_text(encoding="utf-8").lower()


def test_a_failed_gate_fails_the_step_after_everything_is_written(runner: Runner) -> None:
    result = runner.run_action(answers="mlops/answers.yaml", **{"fail-under": "microsoft=5,google=1"})
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        FRAUD_NOTICE,
        "::error file=mlops/answers.yaml,title=Below the required MLOps maturity level::microsoft is at "
        "Level 4 (Microsoft level 3): Automated Model Deployment, below the required level 5",
    ]
    outputs = runner.outputs()
    assert (outputs["microsoft-level"], outputs["exit-code"]) == ("4", "1")
    assert runner.summary.read_text(encoding="utf-8").startswith("### MLOps maturity: ")
    assert runner.report_files() == ["mlops-answers.html", "mlops-answers.md", "result.json"]


def test_an_invalid_file_is_annotated_line_by_line(runner: Runner) -> None:
    shutil.copy(INVALID / "answers" / "unknown-key.yaml", runner.workspace / "mlops" / "team-b-answers.yaml")
    shutil.copy(INVALID / "answers" / "bad-indentation.yaml", runner.workspace / "mlops" / "team-c-answers.yaml")
    result = runner.run_action(answers="mlops/*.yaml", summary="true")
    assert result.returncode == 2
    lines = result.stdout.splitlines()
    assert lines[0] == FRAUD_NOTICE
    assert lines[1] == (
        "::error file=mlops/team-b-answers.yaml,line=4,title=Invalid answers file::colour: unknown key "
        "(expected one of: questionnaire_version, team, date, assessor, entity, owner, labels, scope, answers, retired_answers)"
    )
    assert lines[2].startswith(
        "::error file=mlops/team-b-answers.yaml,line=1,title=Invalid answers file::questionnaire_version: "
        "the answers were given to questionnaire version test-1"
    )
    assert lines[3] == (
        "::error file=mlops/team-c-answers.yaml,line=6,col=13,title=Invalid answers file::"
        "mapping values are not allowed in this context"
    )
    assert len(lines) == 4
    outputs = runner.outputs()
    assert (outputs["scored"], outputs["not-scored"], outputs["exit-code"]) == ("1", "2", "2")
    assert outputs["levels"] == '{"mlops/answers.yaml": {"google": 1, "microsoft": 4}}'
    assert _paragraphs(runner.summary.read_text(encoding="utf-8"))[-2:] == [
        "mlops/team-b-answers.yaml: invalid (see the errors above)",
        "mlops/team-c-answers.yaml: invalid (see the errors above)",
    ]
    assert runner.report_files() == ["mlops-answers.html", "mlops-answers.md", "result.json"]  # the valid one


def _paragraphs(markdown: str) -> list[str]:
    """Each paragraph's text as the job summary shows it (CommonMark, markup removed)."""
    tokens = parse(markdown)
    return [text_of(tokens[index + 1]) for index, token in enumerate(tokens) if token.type == "paragraph_open"]


@pytest.mark.parametrize(
    ("fail_under", "other", "gate"),
    [
        ("microsoft=4 google=1", None, "Gate: passed"),
        ("microsoft=5,google=1", None, "Gate: failed: microsoft 4 < 5"),
        ("google=1", "devops-team.yaml", "Gate: failed: mlops/other.yaml google 0 < 1"),
    ],
    ids=["passed", "failed", "failed-in-one-of-two"],
)
def test_the_summary_ends_with_the_gate_result(runner: Runner, fail_under: str, other: str | None, gate: str) -> None:
    answers = "mlops/answers.yaml"
    if other is not None:
        shutil.copy(EXAMPLES / other, runner.workspace / "mlops" / "other.yaml")
        answers += " mlops/other.yaml"
    runner.run_action(answers=answers, report="false", **{"fail-under": fail_under})
    summary = runner.summary.read_text(encoding="utf-8")
    assert summary.startswith("### MLOps maturity: ")
    assert _paragraphs(summary)[-1] == gate


def test_without_thresholds_or_a_summary_no_gate_line(runner: Runner) -> None:
    runner.run_action(answers="mlops/answers.yaml", report="false")
    assert not any(line.startswith("Gate:") for line in runner.summary.read_text(encoding="utf-8").splitlines())
    runner.summary.write_text("", encoding="utf-8")
    runner.run_action(answers="mlops/answers.yaml", report="false", summary="false", **{"fail-under": "google=1"})
    assert runner.summary.read_text(encoding="utf-8") == ""


def test_several_files_give_the_lowest_level_per_model(runner: Runner) -> None:
    shutil.copy(EXAMPLES / "devops-team.yaml", runner.workspace / "mlops" / "other.yaml")
    result = runner.run_action(answers="mlops/answers.yaml\nmlops/other.yaml", report="false", summary="false")
    assert result.returncode == 0, result.stderr
    outputs = runner.outputs()
    assert (outputs["google-level"], outputs["microsoft-level"]) == ("0", "2")
    assert outputs["levels"] == (
        '{"mlops/answers.yaml": {"google": 1, "microsoft": 4}, "mlops/other.yaml": {"google": 0, "microsoft": 2}}'
    )
    assert runner.summary.read_text(encoding="utf-8") == ""
    assert runner.report_files() == ["result.json"]


def test_a_glob_that_matches_nothing_fails_with_an_annotation(runner: Runner) -> None:
    result = runner.run_action(answers="teams/**/answers.yaml")
    assert result.returncode == 2
    assert result.stdout == "::error title=mlops-maturity action::answers: no file matches 'teams/**/answers.yaml'\n"


def test_a_recursive_glob_finds_nested_files(runner: Runner) -> None:
    nested = runner.workspace / "teams" / "payments"
    nested.mkdir(parents=True)
    shutil.copy(EXAMPLES / "full-mlops.yaml", nested / "answers.yaml")
    result = runner.run_action(answers="teams/**/answers.yaml", report="false")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("::notice file=teams/payments/answers.yaml,title=MLOps maturity::")
    assert runner.outputs()["microsoft-level"] == "5"


def test_a_malformed_threshold_is_a_usage_error(runner: Runner) -> None:
    result = runner.run_action(answers="mlops/answers.yaml", **{"fail-under": "microsoft3"})
    assert result.returncode == 2
    assert "--fail-under 'microsoft3': expected MODEL=LEVEL" in result.stderr


def test_no_shell_step_interpolates_an_expression() -> None:
    # Inputs reach the scripts through `env:` only: `${{ }}` inside `run:` would be pasted into
    # the script before bash reads it, so an input could run commands.
    for step in STEPS:
        if "run" in step:
            assert "${{" not in step["run"], step["run"]


def test_inputs_holding_shell_syntax_run_nothing(runner: Runner) -> None:
    hostile = "mlops/answers.yaml $(touch run-1) `touch run-2`; touch run-3 && touch run-4 | touch run-5"
    result = runner.run_action(answers=hostile, **{"fail-under": "microsoft=1;touch run-6 $(touch run-7)"})
    assert result.returncode == 2
    assert sorted(path.name for path in runner.workspace.iterdir()) == ["mlops"]


def test_a_matched_file_named_like_an_option_is_scored_as_a_file(runner: Runner) -> None:
    shutil.copy(EXAMPLES / "full-mlops.yaml", runner.workspace / "--format=json-answers.yaml")
    result = runner.run_action(answers="*-answers.yaml")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("::notice file=--format=json-answers.yaml,title=MLOps maturity::")
    assert runner.outputs()["microsoft-level"] == "5"
    assert runner.report_files() == ["--format=json-answers.html", "--format=json-answers.md", "result.json"]


def test_globs_match_file_names_with_spaces(runner: Runner) -> None:
    folder = runner.workspace / "teams" / "fraud team"
    folder.mkdir(parents=True)
    shutil.copy(EXAMPLES / "fraud-platform.yaml", folder / "answers.yaml")
    result = runner.run_action(answers="teams/*/answers.yaml")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("::notice file=teams/fraud team/answers.yaml,title=MLOps maturity::")
    assert runner.report_files() == ["result.json", "teams-fraud team-answers.html", "teams-fraud team-answers.md"]
