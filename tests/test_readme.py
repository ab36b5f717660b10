"""The README says what the tool does: its examples and tables are checked here."""

from __future__ import annotations

import re
from pathlib import Path

from mlops_maturity.errors import ExitCode

from .conftest import ROOT, CliRun

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_answers_file_example_in_the_readme_scores(cli: CliRun, tmp_path: Path) -> None:
    block = re.search(r"```yaml\n(# yaml-language-server.*?)```", README, re.DOTALL)
    assert block
    (tmp_path / "answers.yaml").write_text(block.group(1), encoding="utf-8")
    result = cli("score", "answers.yaml", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert "question(s) unanswered" in result.stderr  # the example leaves most questions open


def test_the_exit_code_table_lists_every_exit_code() -> None:
    table = re.findall(r"^\| (\d+) \|", README, re.MULTILINE)
    assert sorted(int(code) for code in table) == sorted(int(code) for code in ExitCode)


def test_the_quick_start_example_exists() -> None:
    for path in re.findall(r"mlops-maturity score (examples/\S+\.yaml)", README):
        assert (ROOT / path).is_file(), path


def test_every_command_in_the_readme_table_exists(cli: CliRun) -> None:
    commands = re.findall(r"^\| `(\w+)", README, re.MULTILINE)
    assert {"assess", "score", "report", "template", "schema", "models", "lint"} <= set(commands)
    listed = set(re.findall(r"^│ (\w+) ", cli("--help").stdout, re.MULTILINE))
    assert set(commands) <= listed, set(commands) - listed


def test_the_over_time_and_across_teams_commands_run_as_written(cli: CliRun, tmp_path: Path) -> None:
    section = README[README.index("### Over time and across teams") : README.index("### In a pipeline")]
    commands = re.findall(r"```sh\n(mlops-maturity [^\n]+)\n```", section)
    assert len(commands) == 3
    import glob
    import shlex

    for command in commands:
        words = shlex.split(command)[1:]
        expanded = [
            match for word in words for match in (sorted(glob.glob(str(ROOT / word))) if "*" in word else [word])
        ]
        arguments = [str(ROOT / word) if (ROOT / word).exists() else word for word in expanded]
        result = cli(*arguments, cwd=tmp_path)
        assert result.returncode == 0, (command, result.stderr)
    diff = cli("diff", ROOT / "examples/over-time/fraud-platform-2026-05.yaml", ROOT / "examples/fraud-platform.yaml")
    assert "Google: 0 -> 1 (up)" in diff.stdout and "continuous_training: partially -> fully" in diff.stdout
