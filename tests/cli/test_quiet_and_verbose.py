"""`-q` prints only errors and the gate's result; `-v` adds what was read and decided."""

from __future__ import annotations

from pathlib import Path

from ..conftest import EXAMPLES, CliRun

FRAUD = EXAMPLES / "fraud-platform.yaml"
OLD = Path(__file__).parents[1] / "data" / "answers-2026.12" / "devops-team.yaml"


def test_quiet_prints_only_the_gate_result_and_errors(cli: CliRun) -> None:
    passed = cli("score", FRAUD, "-q", "--fail-under", "google=1")
    assert passed.returncode == 0
    assert passed.stdout == f"{FRAUD}: passed the gate (google=1)\n"
    failed = cli("score", OLD, "-q", "--fail-under", "microsoft=3")
    assert failed.returncode == 1
    assert failed.stdout == f"{OLD}: below the gate (microsoft=3)\n"
    # The gate's failure is said; the migration notice of this older file is not.
    assert failed.stderr.startswith("below threshold:") and "carried" not in failed.stderr
    assert "carried" in cli("score", OLD, "--fail-under", "microsoft=3").stderr  # said without -q
    broken = cli("score", "missing.yaml", "-q")
    assert broken.returncode == 2 and "missing.yaml" in broken.stderr
    assert cli("score", FRAUD, "-q").stdout == ""  # no gate: nothing to say


def test_quiet_leaves_a_requested_data_format_alone(cli: CliRun) -> None:
    result = cli("score", FRAUD, "-q", "--format", "json")
    assert result.stdout.startswith("{") and result.stderr == ""


def test_verbose_says_what_was_read_and_decided(cli: CliRun) -> None:
    result = cli("score", FRAUD, "-v", "--format", "json")
    assert result.returncode == 0
    assert f"read {FRAUD}: team Card fraud detection (Payments risk), questionnaire 2027.01" in result.stderr
    assert "decided Microsoft: Level 4 (Microsoft level 3): Automated Model Deployment; strict:" in result.stderr
    assert "decided" not in cli("score", FRAUD, "--format", "json").stderr


def test_every_command_takes_quiet_and_verbose(cli: CliRun) -> None:
    for command in ("assess", "report", "portfolio", "scan", "migrate", "config"):
        help_text = cli(command, "--help", env={"COLUMNS": "200"}).stdout
        assert "--quiet" in help_text and "--verbose" in help_text, command


def test_quiet_views_say_only_the_gate(cli: CliRun) -> None:
    portfolio = cli("portfolio", EXAMPLES, "-q", "--fail-under", "microsoft=3")
    assert portfolio.returncode == 1 and portfolio.stdout == ""
    assert "startup-notebooks.yaml: Lead scoring (Pipelinr, seed-stage startup) is below" in portfolio.stderr
    assert "counted once" not in portfolio.stderr  # a notice, not a gate's result
    older = EXAMPLES / "over-time" / "fraud-platform-2026-05.yaml"
    diff = cli("diff", FRAUD, older, "-q", "--fail-on-regression")
    assert diff.returncode == 1 and diff.stdout == ""
    assert "regressed:" in diff.stderr


def test_verbose_report_says_what_was_read_and_decided(cli: CliRun, tmp_path: Path) -> None:
    result = cli("report", FRAUD, "-v", "-o", tmp_path / "report.md")
    assert f"read {FRAUD}: team Card fraud detection" in result.stderr and "decided Google:" in result.stderr
