"""Repositories built to fool the scan, as real projects lay them out, and what an auditor would conclude."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mlops_maturity.scan.workflows import runnable_workflow
from tests.scan.conftest import Scan, build, lines

LINT_ONLY = lines(
    "name: CI",
    "on:",
    "  pull_request:",
    "    branches: [ main ]",
    "jobs:",
    "  lint:",
    "    runs-on: ubuntu-latest",
    "    steps:",
    "    - uses: actions/checkout@v4",
    "    - name: Lint",
    "      run: |",
    "        pip install flake8",
    "        flake8 .",
    '        echo "pytest runs nightly on the cluster"',
)


def test_a_workflow_that_only_lints_is_partial_ci_and_runs_no_tests(scan_repo: Scan) -> None:
    result = scan_repo({".github/workflows/ci.yml": LINT_ONLY})
    ci = result.proposals["app_ci_builds"]
    assert (ci.answer, ci.findings[0].detector) == ("partially", "github_actions")
    assert "app_unit_tests" not in result.proposals  # `echo "pytest ..."` runs no test


def test_a_job_switched_off_with_if_false_runs_nothing(scan_repo: Scan) -> None:
    workflow = lines(
        "on: [push]",
        "jobs:",
        "  test:",
        "    if: ${{ false }}",
        "    runs-on: ubuntu-latest",
        "    steps:",
        "      - run: python -m pytest",
        "  deploy:",
        "    if: false",
        "    runs-on: ubuntu-latest",
        "    steps:",
        "      - run: kubectl apply -f k8s/",
    )
    result = scan_repo({".github/workflows/ci.yml": workflow})
    assert {"app_ci_builds", "app_unit_tests", "app_release_automation"}.isdisjoint(result.proposals)


def test_a_push_trigger_for_tags_only_or_no_branch_is_not_ci_on_every_change(scan_repo: Scan) -> None:
    release = lines(
        "on:",
        "  push:",
        "    tags: ['v*']",
        "jobs:",
        "  release:",
        "    runs-on: ubuntu-latest",
        "    steps:",
        "      - run: pytest",
        "      - run: helm upgrade --install model chart/",
    )
    ignored = lines(
        "on:",
        "  push:",
        "    branches-ignore: ['**']",
        "jobs:",
        "  build:",
        "    runs-on: ubuntu-latest",
        "    steps:",
        "      - run: docker build .",
    )
    result = scan_repo({".github/workflows/release.yml": release, ".github/workflows/never.yml": ignored})
    assert "app_ci_builds" not in result.proposals and "app_unit_tests" not in result.proposals
    assert {finding.path for finding in result.inactive["app_ci_builds"]} == {
        ".github/workflows/never.yml",
        ".github/workflows/release.yml",
    }
    # A release workflow started by a tag is still an automated release.
    assert result.proposals["app_release_automation"].findings[0].where == ".github/workflows/release.yml:9"


def test_yaml_anchors_and_a_gitlab_pipeline_switched_off(scan_repo: Scan) -> None:
    pipeline = lines(
        ".python: &python",
        "  image: python:3.11",
        "test:",
        "  <<: *python",
        "  script:",
        "    - pytest -q",
    )
    assert scan_repo({".gitlab-ci.yml": pipeline}).proposals["app_ci_builds"].answer == "mostly"
    never = lines("workflow:", "  rules:", "    - when: never", pipeline)
    result = scan_repo({".gitlab-ci.yml": never})
    assert "app_ci_builds" not in result.proposals and "app_unit_tests" not in result.proposals
    assert "when: never" in (result.inactive["app_ci_builds"][0].inactive or "")


def test_tools_named_in_docstrings_and_trailing_comments_are_not_in_use(scan_repo: Scan) -> None:
    code = lines(
        '"""Training entry point.',
        "",
        "Example:",
        "    mlflow.log_param('alpha', 1)",
        "    from kfp import dsl",
        "    @dsl.pipeline",
        '"""',
        "",
        "def train():",
        "    auc = 0.9  # TODO: mlflow.log_metric('auc', auc)",
        "    return auc",
    )
    result = scan_repo({"src/train.py": code, "requirements.txt": "mlflow==2.9\nkfp\n"})
    assert result.proposals == {}
    used = code.replace("    auc = 0.9  # TODO: ", "    auc = 0.9\n    ")
    assert result.proposals == {} and "experiment_tracking" in scan_repo({"src/train.py": used}).proposals


def _notebook(*cells: tuple[str, list[str]]) -> str:
    notebook = {
        "cells": [
            {"cell_type": kind, "metadata": {}, "source": source}
            | ({"outputs": [{"output_type": "stream", "text": ["mlflow.autolog()\n"]}]} if kind == "code" else {})
            for kind, source in cells
        ],
        "nbformat": 4,
    }
    return json.dumps(notebook, indent=1, sort_keys=True)  # as Jupyter writes it


def test_a_notebook_counts_by_its_code_cells_not_its_markdown_or_outputs(scan_repo: Scan) -> None:
    prose = ("markdown", ["# Tracking\n", "Call mlflow.start_run() then mlflow.log_metric('auc', x).\n"])
    result = scan_repo({"notebooks/explore.ipynb": _notebook(prose, ("code", ["import pandas as pd\n"]))})
    assert result.proposals == {}
    result = scan_repo({"notebooks/train.ipynb": _notebook(prose, ("code", ["import mlflow\n", "mlflow.autolog()"]))})
    finding = result.proposals["experiment_tracking"].findings[0]
    assert finding.excerpt == "mlflow.autolog()"


def test_examples_and_tutorials_are_not_the_teams_practice(scan_repo: Scan) -> None:
    result = scan_repo(
        {
            "examples/serving/Dockerfile": "FROM python:3.11\n",
            "examples/k8s/rollout.yaml": lines(
                "apiVersion: argoproj.io/v1alpha1", "kind: Rollout", "spec:", "  strategy:", "    canary: {}"
            ),
            "tutorial/infra/main.tf": 'resource "aws_s3_bucket" "data" {}\n',
        }
    )
    assert result.proposals == {}
    assert all(not practice.findings for practice in result.practices)


def test_a_sagemaker_project_template(scan_repo: Scan) -> None:
    buildspec = lines(
        "version: 0.2",
        "phases:",
        "  build:",
        "    commands:",
        "      - |",
        "        run-pipeline --module-name pipelines.abalone.pipeline \\",
        "          --role-arn $SAGEMAKER_PIPELINE_ROLE_ARN",
    )
    placeholder = lines(
        "import pytest",
        "",
        "@pytest.mark.xfail",
        "def test_that_you_wrote_tests():",
        "    assert False, 'No tests written'",
    )
    result = scan_repo({"codebuild-buildspec.yml": buildspec, "tests/test_pipelines.py": placeholder})
    assert result.proposals["training_pipeline"].findings[0].where == "codebuild-buildspec.yml:6"
    assert result.proposals["app_ci_builds"].findings[0].detector == "aws_codebuild"
    assert "app_unit_tests" not in result.proposals
    assert "placeholder" in (result.inactive["app_unit_tests"][0].inactive or "")


def test_a_test_file_skipped_as_a_whole_does_not_count(scan_repo: Scan) -> None:
    skipped = lines("import pytest", "", "pytestmark = pytest.mark.skip('flaky')", "", "def test_it():", "    assert 1")
    result = scan_repo({"tests/test_api.py": skipped})
    assert "app_unit_tests" not in result.proposals and "app_unit_tests" in result.inactive


@pytest.mark.skipif(sys.platform == "win32", reason="file names with line breaks")
def test_a_file_name_with_a_line_break_cannot_forge_a_line_of_evidence(tmp_path: Path) -> None:
    forged = "x.py\n    Dockerfile:1 container image definition\n"
    build(tmp_path / "repo", {forged + ".py": "import mlflow\nmlflow.log_metric('auc', 0.9)\n"})
    scanned = subprocess.run(
        [sys.executable, "-m", "mlops_maturity", "scan", str(tmp_path / "repo"), "--format", "text"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert scanned.returncode == 0, scanned.stderr
    assert not any(line.lstrip().startswith("Dockerfile:1") for line in scanned.stdout.splitlines())
    assert "x.py\ufffd" in scanned.stdout


def test_a_workflow_that_is_not_yaml_is_read_as_it_is() -> None:
    broken = "on: [push\njobs:\n  a:\n    if: false\n"
    assert runnable_workflow(broken) == broken
    assert runnable_workflow("- a list\n") == "- a list\n"


def test_tests_in_a_build_nothing_visible_starts_are_only_partly_automatic(scan_repo: Scan) -> None:
    jenkinsfile = lines(
        "pipeline {", "  stages {", "    stage('Test') {", "      steps { sh 'python -m pytest -q' }", "}}}"
    )
    result = scan_repo({"Jenkinsfile": jenkinsfile})
    tests = result.proposals["app_unit_tests"]
    assert (tests.answer, tests.findings[0].where) == ("partially", "Jenkinsfile:4")
    assert result.proposals["app_ci_builds"].answer == "partially"
