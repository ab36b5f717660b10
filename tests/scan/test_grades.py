"""Graded proposals: evidence of a practice across the repository proposes "mostly", and says why not "fully"."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.conftest import CliRun
from tests.scan.conftest import Scan, build, lines

TRAIN_FLOW = lines(
    "from prefect import flow, task",
    "",
    "@task",
    "def fit_model(data):",
    "    return train(data)",
    "",
    "@flow",
    "def training_pipeline():",
    "    fit_model(load())",
    "",
    "if __name__ == '__main__':",
    "    training_pipeline.serve(name='nightly-training', cron='0 3 * * *')",
)
MONITOR_FLOW = lines(
    "from prefect import flow",
    "",
    "@flow",
    "def drift_report():",
    "    compare(reference(), current())",
)
TEST = lines("def test_features_have_no_gaps():", "    assert not features().isna().any().any()")


def _workflow(trigger: str, command: str) -> str:
    return lines(
        f"on: {trigger}", "jobs:", "  job:", "    runs-on: ubuntu-latest", "    steps:", f"      - run: {command}"
    )


def test_a_pipeline_that_a_schedule_starts_is_mostly_automated_and_says_why_not_fully(scan_repo: Scan) -> None:
    result = scan_repo({"flows/train.py": TRAIN_FLOW})
    proposal = result.proposals["training_pipeline"]
    assert (proposal.answer, proposal.confidence) == ("mostly", "medium")
    assert 'Not "fully"' in proposal.why
    assert [(finding.detector, finding.line) for finding in proposal.findings[:2]] == [
        ("prefect", 1),
        ("orchestrator_schedule", 12),
    ]
    unscheduled = TRAIN_FLOW.replace(
        "training_pipeline.serve(name='nightly-training', cron='0 3 * * *')", "training_pipeline()"
    )
    assert scan_repo({"flows/train.py": unscheduled}).proposals["training_pipeline"].answer == "partially"


def test_the_training_pipeline_is_cited_before_the_monitoring_flow_beside_it(scan_repo: Scan) -> None:
    result = scan_repo({"flows/monitor.py": MONITOR_FLOW, "flows/train.py": TRAIN_FLOW.replace("cron='0 3 * * *'", "")})
    proposal = result.proposals["training_pipeline"]
    assert proposal.answer == "partially"
    assert [finding.path for finding in proposal.findings] == ["flows/train.py", "flows/monitor.py"]


def test_every_push_running_the_test_suite_is_mostly_with_high_confidence(scan_repo: Scan) -> None:
    pushed = scan_repo({".github/workflows/ci.yml": _workflow("[push]", "pytest"), "tests/test_features.py": TEST})
    tests = pushed.proposals["app_unit_tests"]
    assert (tests.answer, tests.confidence) == ("mostly", "high")
    assert [finding.where for finding in tests.findings[:2]] == [
        ".github/workflows/ci.yml:6",
        "tests/test_features.py:1",
    ]
    manual = scan_repo(
        {".github/workflows/ci.yml": _workflow("[workflow_dispatch]", "pytest"), "tests/test_features.py": TEST}
    )
    assert manual.proposals["app_unit_tests"].answer == "partially"


def test_releases_through_a_deploy_job_nobody_starts_by_hand_are_mostly_automated(scan_repo: Scan) -> None:
    image = "FROM python:3.11-slim\nCOPY . /app\n"
    tagged = lines(
        "on:",
        "  push:",
        "    tags: ['v*']",
        "jobs:",
        "  release:",
        "    steps:",
        "      - run: helm upgrade --install churn chart/",
    )
    released = scan_repo({".github/workflows/release.yml": tagged, "Dockerfile": image}).proposals[
        "app_release_automation"
    ]
    assert (released.answer, released.findings[0].detector) == ("mostly", "ci_deploys_automatically")
    by_hand = tagged.replace("  push:\n    tags: ['v*']\n", "  workflow_dispatch:\n")
    manual = scan_repo({".github/workflows/release.yml": by_hand, "Dockerfile": image}).proposals[
        "app_release_automation"
    ]
    assert manual.answer == "partially"


def test_a_graded_draft_scores_and_keeps_its_reasons(cli: CliRun, tmp_path: Path) -> None:
    repo = build(
        tmp_path / "repo",
        {
            "flows/train.py": TRAIN_FLOW,
            ".github/workflows/ci.yml": _workflow("[push, pull_request]", "python -m pytest"),
            "tests/test_features.py": TEST,
        },
    )
    done = cli("scan", repo, "-o", "draft.yaml")
    assert done.returncode == 0, done.stderr
    answers = yaml.safe_load((tmp_path / "draft.yaml").read_text(encoding="utf-8"))["answers"]
    assert answers["training_pipeline"]["answer"] == "mostly"
    assert answers["training_pipeline"]["evidence"][:2] == [
        "scan: flows/train.py:1 Prefect flow",
        "scan: flows/train.py:12 Prefect deployment runs the flow on a schedule",
    ]
    assert answers["app_unit_tests"] == answers["app_unit_tests"] | {"answer": "mostly", "confidence": "high"}
    scored = cli("score", "draft.yaml", "--format", "json")
    assert scored.returncode == 0, scored.stderr


TRACKED_FLOW = TRAIN_FLOW.replace(
    "    return train(data)",
    "    model = train(data)\n    mlflow.log_metric('auc', score(model))\n"
    "    mlflow.register_model('runs:/x/model', 'churn')\n    return model",
).replace("from prefect import flow, task", "import mlflow\nfrom prefect import flow, task")


def test_tracking_and_registration_inside_a_scheduled_pipeline_are_mostly(scan_repo: Scan) -> None:
    # Every run of a pipeline that a schedule starts logs its metrics and registers its model.
    result = scan_repo({"flows/train.py": TRACKED_FLOW})
    for question in ("experiment_tracking", "training_performance_tracking", "model_registry"):
        proposal = result.proposals[question]
        assert proposal.answer == "mostly", question
        assert 'Not "fully"' in proposal.why, question
    # Started by hand, the same code shows the tools, not that every run uses them.
    by_hand = TRACKED_FLOW.replace(
        "training_pipeline.serve(name='nightly-training', cron='0 3 * * *')", "training_pipeline()"
    )
    result = scan_repo({"flows/train.py": by_hand})
    assert result.proposals["experiment_tracking"].answer == "partially"
    assert result.proposals["model_registry"].answer != "mostly"
