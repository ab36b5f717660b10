"""The detectors of issue 22, each on a repository that has its practice, on decoys that only name it, and switched off."""

from __future__ import annotations

import pytest

from mlops_maturity.scan.result import Finding, ScanResult
from tests.scan.conftest import Scan, lines
from tests.scan.detector_cases import CASES, Case

_COMMENT = {"ts": "// ", "js": "// ", "java": "// "}


def _findings(result: ScanResult, detector: str) -> list[Finding]:
    every = [finding for practice in result.practices for finding in (*practice.findings, *practice.inactive)]
    return [finding for finding in every if finding.detector == detector]


def _decoys(case: Case) -> dict[str, str]:
    """The case's files as prose, examples, commented-out code and lock files: none of them is the practice."""
    decoys: dict[str, str] = {}
    for path, text in case.files.items():
        marker = _COMMENT.get(path.rsplit(".", 1)[-1], "# ")
        name = path.rsplit("/", 1)[-1]
        decoys[f"commented/{path}"] = "".join(f"{marker}{line}\n" for line in text.splitlines())
        decoys[f"README-{name}.md"] = f"Our setup:\n\n```\n{text}```\n"
        decoys[f"docs/{path}"] = text
        decoys[f"examples/{path}"] = text
        decoys["poetry.lock"] = decoys.get("poetry.lock", "") + text
        decoys["package-lock.json"] = '{"packages": {"' + text.replace('"', "'").replace("\n", " ") + '": {}}}'
    return decoys


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_the_detector_finds_its_practice_at_its_line(scan_repo: Scan, case: Case) -> None:
    result = scan_repo(case.files)
    found = [finding for finding in _findings(result, case.detector) if finding.inactive is None]
    assert [finding.where for finding in found] == [case.where]
    assert found[0] in result.proposals[case.question].findings


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_the_same_words_in_prose_comments_examples_and_lock_files_are_not_evidence(scan_repo: Scan, case: Case) -> None:
    assert _findings(scan_repo(_decoys(case)), case.detector) == []


@pytest.mark.parametrize("case", [case for case in CASES if case.inactive], ids=lambda case: case.name)
def test_switched_off_it_is_found_but_inactive(scan_repo: Scan, case: Case) -> None:
    found = _findings(scan_repo(case.inactive), case.detector)
    assert found and all(finding.inactive is not None for finding in found)
    assert case.inactive_reason in (found[0].inactive or "")


def test_specific_decoys(scan_repo: Scan) -> None:
    crud = lines(
        "from flask import Flask, jsonify",
        "app = Flask(__name__)",
        "@app.route('/users')",
        "def users():",
        "    return jsonify(load_users())",
    )
    training = lines("import joblib", "model = joblib.load('model.joblib')", "print(model.predict(x_test))")
    all_at_once = lines(
        "Resources:",
        "  Fn:",
        "    Type: AWS::Serverless::Function",
        "    Properties:",
        "      DeploymentPreference:",
        "        Type: AllAtOnce",
    )
    manual_dag = lines(
        "from airflow import DAG",
        "with DAG('train', schedule=None) as dag:",
        "    train_task()",
    )
    unrelated_rule = lines(
        "Resources:",
        "  Nightly:",
        "    Type: AWS::Events::Rule",
        "    Properties:",
        "      ScheduleExpression: rate(1 day)",
        "      Targets: [{Arn: !GetAtt CleanupFunction.Arn, Id: cleanup}]",
    )
    scoring_handler = lines(
        "def lambda_handler(event, context):",
        "    return {'statusCode': 200, 'body': 'ok'}",
    )
    result = scan_repo(
        {
            "api/users.py": crud,
            "notebooks/score.py": training,
            "template.yaml": all_at_once,
            "dags/train.py": manual_dag,
            "infra/cleanup.yaml": unrelated_rule,
            "handler.py": scoring_handler,
        }
    )
    assert not {"scoring_code_versioned", "online_validation", "continuous_training"} & set(result.proposals)
    assert "continuous_training" in result.inactive  # the DAG is there, but nothing schedules it


def test_this_repositorys_catalogue_and_fixtures_are_not_evidence_of_the_new_detectors(scan_repo: Scan) -> None:
    from tests.conftest import ROOT
    from tests.scan.conftest import scan_folder_of

    result = scan_folder_of(ROOT)
    new = {case.detector for case in CASES}
    assert [
        finding.where for practice in result.practices for finding in practice.findings if finding.detector in new
    ] == []
