"""A switch turns off the step it is written in, not its neighbours; a skip under a condition is not every test skipped."""

from __future__ import annotations

from tests.scan.conftest import Scan, lines

TWO_GATES = lines(
    "from sagemaker.workflow.quality_check_step import QualityCheckStep",
    "from sagemaker.workflow.condition_step import ConditionStep",
    "from sagemaker.workflow.conditions import ConditionGreaterThanOrEqualTo",
    "",
    "data_quality = QualityCheckStep(",
    "    name='DataQuality',",
    "    skip_check=True,",
    "    register_new_baseline=True,",
    ")",
    "model_gate = ConditionStep(",
    "    name='AucGate',",
    "    conditions=[ConditionGreaterThanOrEqualTo(auc, 0.8)],",
    "    if_steps=[register],",
    ")",
)


def test_a_check_skipped_in_one_step_leaves_the_other_steps_gate_on(scan_repo: Scan) -> None:
    gate = scan_repo({"pipelines/pipeline.py": TWO_GATES}).proposals["model_validation"]
    assert (gate.answer, gate.findings[0].line) == ("partially", 10)
    assert gate.findings[0].excerpt == "model_gate = ConditionStep("


def test_when_every_step_is_switched_off_the_gate_is_inactive_at_the_first_switch(scan_repo: Scan) -> None:
    both_off = TWO_GATES.replace("    if_steps=[register],\n", "    if_steps=[register],\n    skip_check=True,\n")
    result = scan_repo({"pipelines/pipeline.py": both_off})
    assert "model_validation" not in result.proposals
    assert result.inactive["model_validation"][0].line == 7


def test_a_flag_outside_every_step_switches_off_the_whole_file(scan_repo: Scan) -> None:
    flagged = lines("SKIP_VALIDATION = True", "", TWO_GATES.replace("skip_check=True", "skip_check=False"))
    result = scan_repo({"pipelines/pipeline.py": flagged})
    assert "model_validation" not in result.proposals
    assert result.inactive["model_validation"][0].where == "pipelines/pipeline.py:1"


def test_a_module_skipped_on_one_platform_still_tests_on_the_others(scan_repo: Scan) -> None:
    conditional = lines(
        "import sys",
        "import pytest",
        "",
        "if sys.platform == 'win32':",
        "    pytest.skip('no fork on Windows', allow_module_level=True)",
        "",
        "def test_workers_share_the_model():",
        "    assert load_model() is load_model()",
    )
    tests = scan_repo({"tests/test_workers.py": conditional}).proposals["app_unit_tests"]
    assert tests.findings[0].where == "tests/test_workers.py:7"
    guarded_import = conditional.replace("if sys.platform == 'win32':", "try:\n    import torch\nexcept ImportError:")
    assert "app_unit_tests" in scan_repo({"tests/test_workers.py": guarded_import}).proposals


def test_a_module_skipped_unconditionally_runs_no_test(scan_repo: Scan) -> None:
    skipped = lines(
        "import pytest",
        "",
        "pytest.skip(",
        "    'the scoring service is retired',",
        "    allow_module_level=True,",
        ")",
        "",
        "def test_scores():",
        "    assert score() == 1",
    )
    result = scan_repo({"tests/test_scoring.py": skipped})
    assert "app_unit_tests" not in result.proposals
    assert result.inactive["app_unit_tests"][0].where == "tests/test_scoring.py:3"
