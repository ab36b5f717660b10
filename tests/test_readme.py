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


def _run_section(cli: CliRun, tmp_path: Path, start: str, end: str) -> list[str]:
    """Each `mlops-maturity` command of a README section, run as written from the repository's
    root (paths to the repository's files resolved there); their outputs."""
    import glob
    import shlex

    section = README[README.index(start) : README.index(end)]
    outputs = []
    for command in re.findall(r"```sh\n(mlops-maturity [^\n]+)\n```", section):
        words = shlex.split(command)[1:]
        expanded = [
            match for word in words for match in (sorted(glob.glob(str(ROOT / word))) if "*" in word else [word])
        ]
        arguments = [str(ROOT / word) if (ROOT / word).exists() else word for word in expanded]
        result = cli(*arguments, cwd=tmp_path)
        assert result.returncode == 0, (command, result.stderr)
        outputs.append(result.stdout)
    return outputs


def test_the_over_time_and_across_teams_commands_run_as_written(cli: CliRun, tmp_path: Path) -> None:
    outputs = _run_section(cli, tmp_path, "### Over time and across teams", "### In a developer portal")
    assert len(outputs) == 4
    assert "By label model_kind" in outputs[-1]
    diff = cli("diff", ROOT / "examples/over-time/fraud-platform-2026-05.yaml", ROOT / "examples/fraud-platform.yaml")
    assert "Google: 0 -> 1 (up)" in diff.stdout and "continuous_training: partially -> fully" in diff.stdout


def test_the_portal_and_spreadsheet_commands_run_as_written(cli: CliRun, tmp_path: Path) -> None:
    import csv
    import json

    import yaml

    outputs = _run_section(cli, tmp_path, "### In a developer portal", "### In a pipeline")
    assert len(outputs) == 2
    with (tmp_path / "levels.csv").open(encoding="utf-8", newline="") as table:
        assert len(list(csv.DictReader(table))) == 6 * 2  # six teams, two models
    assert json.loads(outputs[1])["microsoft_native_level"] == 3
    section = README[README.index("### In a developer portal") : README.index("### In a pipeline")]
    catalog = yaml.safe_load(re.findall(r"```yaml\n(.*?)```", section, re.DOTALL)[0])
    assert catalog["metadata"]["links"][0]["title"] == "MLOps maturity report"


def test_the_configuration_file_example_works_as_described(cli: CliRun, tmp_path: Path) -> None:
    import shutil

    section = README[README.index("### A configuration file") : README.index("## Commands")]
    (tmp_path / "pyproject.toml").write_text(re.findall(r"```toml\n(.*?)```", section, re.DOTALL)[0], encoding="utf-8")
    (tmp_path / "mlops").mkdir()
    shutil.copy(ROOT / "examples" / "fraud-platform.yaml", tmp_path / "mlops" / "answers.yaml")
    (tmp_path / "services" / "api").mkdir(parents=True)
    result = cli("score", cwd=tmp_path / "services" / "api")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("::notice")  # GitHub annotations, the file's levels
    assert "mlops/answers.yaml" in result.stdout
