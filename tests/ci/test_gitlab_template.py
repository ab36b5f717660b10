"""The GitLab CI template: it parses, and its script lines do what the job promises.

The job's script lines are run the way GitLab's runner runs them with bash (one shell,
stopping at the first failing line), with the variables a project's job would set. The
install line is not run (it would install into the test's own environment): its command is
checked, and the pre-commit test installs a checkout for real.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from ..conftest import EXAMPLES, INVALID, PLAIN_ENV, ROOT

TEMPLATE = ROOT / "ci" / "gitlab" / "mlops-maturity.gitlab-ci.yml"
JOB: dict[str, Any] = yaml.safe_load(TEMPLATE.read_text(encoding="utf-8"))[".mlops-maturity"]
SCRIPT: list[str] = JOB["script"]
INSTALL = 'python -m pip install --quiet --disable-pip-version-check "$MLOPS_MATURITY_SOURCE"'


def _run_job(project: Path, lines: list[str], **variables: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        **PLAIN_ENV,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        **{name: str(value) for name, value in JOB["variables"].items()},
        **variables,
    }
    script = "set -eo pipefail\n" + "\n".join(line for line in lines if line != INSTALL) + "\n"
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-c", script],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "mlops").mkdir()
    shutil.copy(EXAMPLES / "fraud-platform.yaml", tmp_path / "mlops" / "answers.yaml")
    return tmp_path


def test_the_template_is_a_hidden_job_that_installs_from_a_source_you_name() -> None:
    document = yaml.safe_load(TEMPLATE.read_text(encoding="utf-8"))
    assert list(document) == [".mlops-maturity"]  # hidden: runs only where a job extends it
    assert INSTALL in SCRIPT
    assert not any("pip install mlops-maturity" in line for line in SCRIPT)  # no package index is implied
    assert JOB["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert JOB["artifacts"]["when"] == "always"
    assert JOB["variables"]["MLOPS_MATURITY_SOURCE"] == ""


def test_the_log_gets_the_text_form_and_markdown_goes_only_to_the_artifacts() -> None:
    scoring = [line for line in SCRIPT if line.startswith("mlops-maturity score ")]
    # The one score line whose stdout reaches the log prints the text form.
    to_log = [line for line in scoring if ">" not in line.replace("2>", "")]
    assert to_log == ["mlops-maturity score --format text -- $MLOPS_MATURITY_ANSWERS 2> /dev/null || true"]
    assert not any("score" in line and "--format markdown" in line for line in SCRIPT)
    # The markdown report of each file is still written, into the artifacts' folder, its format
    # named so that a project's configuration file cannot change it.
    (reports,) = [line for line in SCRIPT if line.startswith("for answers in ")]
    assert 'mlops-maturity report --format markdown -o "mlops-maturity-report/$name.md"' in reports
    assert "mlops-maturity-report/" in JOB["artifacts"]["paths"]


def test_without_a_source_the_job_says_what_to_set(project: Path) -> None:
    result = _run_job(project, SCRIPT)
    assert result.returncode == 2
    assert "set MLOPS_MATURITY_SOURCE to where pip installs mlops-maturity from" in result.stderr
    assert not (project / "gl-code-quality-report.json").exists()


def test_a_passing_job_writes_an_empty_code_quality_report_and_the_reports(project: Path) -> None:
    result = _run_job(
        project, SCRIPT, MLOPS_MATURITY_SOURCE=str(ROOT), MLOPS_MATURITY_FAIL_UNDER="microsoft=4 google=1"
    )
    assert result.returncode == 0, result.stderr
    assert json.loads((project / "gl-code-quality-report.json").read_text(encoding="utf-8")) == []
    # The short report, in the log as plain text, not raw markdown.
    assert "Card fraud detection (Payments risk)  ·  2026-11-12" in result.stdout
    assert "Level 1: ML pipeline automation" in result.stdout
    assert "###" not in result.stdout and "|---|" not in result.stdout
    reports = sorted(path.name for path in (project / "mlops-maturity-report").iterdir())
    assert reports == ["mlops-answers.html", "mlops-answers.md", "result.json"]
    result_data = json.loads((project / "mlops-maturity-report" / "result.json").read_text(encoding="utf-8"))
    assert result_data[0]["gate"]["passed"] is True


def test_a_failed_gate_and_an_invalid_file_fail_the_job_after_the_report(project: Path) -> None:
    shutil.copy(INVALID / "answers" / "unknown-key.yaml", project / "mlops" / "broken.yaml")
    result = _run_job(
        project,
        SCRIPT,
        MLOPS_MATURITY_SOURCE=str(ROOT),
        MLOPS_MATURITY_ANSWERS="mlops/answers.yaml mlops/broken.yaml",
        MLOPS_MATURITY_FAIL_UNDER="microsoft=5",
    )
    assert result.returncode == 2
    issues = json.loads((project / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    assert [
        (issue["check_name"], issue["location"]["path"], issue["location"]["lines"]["begin"]) for issue in issues
    ] == [
        ("mlops-maturity/below-threshold", "mlops/answers.yaml", 1),
        ("mlops-maturity/invalid-answers", "mlops/broken.yaml", 4),
        ("mlops-maturity/invalid-answers", "mlops/broken.yaml", 1),
    ]
    assert "mlops/broken.yaml:4: colour: unknown key" in result.stderr
    assert (project / "mlops-maturity-report" / "mlops-answers.md").is_file()
    assert not (project / "mlops-maturity-report" / "mlops-broken.md").exists()


def test_a_failed_gate_alone_exits_1(project: Path) -> None:
    result = _run_job(project, SCRIPT, MLOPS_MATURITY_SOURCE=str(ROOT), MLOPS_MATURITY_FAIL_UNDER="microsoft=5")
    assert result.returncode == 1
    (issue,) = json.loads((project / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    assert issue["description"].startswith("microsoft is at Level 4 (Microsoft level 3)")
