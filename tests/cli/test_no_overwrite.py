"""No command writes over a file it reads: one check (`refuse_overwriting`), in every command.

`migrate` and `scan --merge` rewrite an answers file on purpose and are not covered here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from ..conftest import EXAMPLES, CliRun


@pytest.fixture
def two_teams(tmp_path: Path) -> tuple[Path, Path]:
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    shutil.copy(EXAMPLES / "fraud-platform.yaml", first)
    shutil.copy(EXAMPLES / "startup-notebooks.yaml", second)
    return first, second


def _refused(result: subprocess.CompletedProcess[str], kept: Path, before: bytes) -> None:
    assert result.returncode == 2, result.stderr
    assert "which this command reads; choose another name" in result.stderr
    assert kept.read_bytes() == before


def test_report_refuses_to_write_over_the_previous_assessment(cli: CliRun, two_teams: tuple[Path, Path]) -> None:
    current, previous = two_teams
    before = previous.read_bytes()
    _refused(cli("report", current, "--previous", previous, "-o", previous), previous, before)


def test_report_refuses_to_write_over_its_template(cli: CliRun, two_teams: tuple[Path, Path], tmp_path: Path) -> None:
    template = tmp_path / "mine.md.j2"
    template.write_text("# {{ assessment.team }}\n", encoding="utf-8")
    before = template.read_bytes()
    _refused(cli("report", two_teams[0], "--template", template, "-o", template), template, before)


@pytest.mark.parametrize("output_format", ["json", "markdown"])
def test_portfolio_refuses_to_write_over_a_teams_file(
    cli: CliRun, two_teams: tuple[Path, Path], output_format: str
) -> None:
    first, second = two_teams
    before = first.read_bytes()
    _refused(cli("portfolio", first, second, "--format", output_format, "-o", first), first, before)


def test_portfolio_finds_the_file_through_a_folder_and_a_hard_link(
    cli: CliRun, two_teams: tuple[Path, Path], tmp_path: Path
) -> None:
    first, _ = two_teams
    linked = tmp_path / "elsewhere.json"
    os.link(first, linked)
    before = first.read_bytes()
    _refused(
        cli("portfolio", tmp_path / "a.yaml", tmp_path / "b.yaml", "--format", "json", "-o", linked), first, before
    )


def test_combine_refuses_to_write_over_a_respondents_file(cli: CliRun, two_teams: tuple[Path, Path]) -> None:
    first, second = two_teams
    before = second.read_bytes()
    _refused(cli("combine", first, second, "-o", second), second, before)


def test_a_new_output_file_is_written(cli: CliRun, two_teams: tuple[Path, Path], tmp_path: Path) -> None:
    current, previous = two_teams
    output = tmp_path / "report.md"
    result = cli("report", current, "--previous", previous, "-o", output)
    assert result.returncode == 0, result.stderr
    assert output.read_text(encoding="utf-8").startswith("# MLOps maturity report")
