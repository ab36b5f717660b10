"""A configuration file, as ruff and pytest users expect: found upwards, flags win, `config` shows it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import typer.main

from mlops_maturity.cli import COMMANDS, app
from mlops_maturity.cli.config_file import ANSWERS_PARAMETER, KNOWN_KEYS

from ..conftest import EXAMPLES, CliRun

PYPROJECT = """\
[project]
name = "fraud-scoring"

[tool.mlops-maturity]
answers = "mlops/answers.yaml"
fail-under = { google = 1, microsoft = 4 }

[tool.mlops-maturity.score]
format = "json"
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "mlops").mkdir()
    shutil.copy(EXAMPLES / "fraud-platform.yaml", tmp_path / "mlops" / "answers.yaml")
    (tmp_path / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    (tmp_path / "src" / "deep").mkdir(parents=True)
    return tmp_path


def test_settings_are_found_from_a_folder_below_and_used_as_defaults(cli: CliRun, project: Path) -> None:
    result = cli("score", cwd=project / "src" / "deep")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)  # the score table's format
    assert data["answers_file"] == "../../mlops/answers.yaml"  # relative to the file, as reached from here
    assert data["gate"]["passed"] and {"model": "microsoft", "level": 4} in data["gate"]["thresholds"]
    # The report has no --format json: the score table's setting is not its own.
    assert cli("report", cwd=project).stdout.startswith("# MLOps maturity report")


def test_command_line_values_win(cli: CliRun, project: Path) -> None:
    result = cli("score", "--format", "text", "--fail-under", "google=2", cwd=project)
    assert result.returncode == 1  # the flag's gate, not the file's
    assert "google is at Level 1: ML pipeline automation, below the required level 2" in result.stderr
    other = cli("score", EXAMPLES / "startup-notebooks.yaml", "--fail-under", "google=0", cwd=project)
    assert json.loads(other.stdout)["team"].startswith("Lead scoring")


def test_a_dedicated_file_is_read_before_pyproject_and_the_nearest_folder_wins(cli: CliRun, project: Path) -> None:
    (project / "src" / ".mlops-maturity.toml").write_text('[score]\nformat = "markdown"\n', encoding="utf-8")
    (project / "src" / "mlops").mkdir()
    shutil.copy(EXAMPLES / "devops-team.yaml", project / "src" / "mlops" / "answers.yaml")
    (project / "src" / ".mlops-maturity.toml").write_text(
        'answers = "mlops/answers.yaml"\n[score]\nformat = "markdown"\n', encoding="utf-8"
    )
    result = cli("score", cwd=project / "src" / "deep")
    assert result.returncode == 0, result.stderr
    assert "Delivery-time estimates" in result.stdout and result.stdout.lstrip().startswith("#")


def test_config_shows_what_is_in_force_and_from_where(cli: CliRun, project: Path) -> None:
    shown = cli("config", cwd=project / "src")
    assert shown.returncode == 0, shown.stderr
    assert f"Configuration: {project / 'pyproject.toml'}" in shown.stdout
    assert '  fail-under = ["google=1", "microsoft=4"]  (line 6, every command with the option)' in shown.stdout
    assert '  format = "json"  (line 9, score only)' in shown.stdout
    data = json.loads(cli("config", "--json", cwd=project).stdout)
    assert data["file"] == str(project / "pyproject.toml") and len(data["settings"]) == 3
    nothing = cli("config", cwd=Path("/"))
    assert nothing.returncode == 0 and "No configuration file at or above /" in nothing.stdout


def test_an_unknown_setting_is_refused_with_its_file_line_and_a_suggestion(cli: CliRun, project: Path) -> None:
    (project / "pyproject.toml").write_text(PYPROJECT.replace("fail-under =", "fail_under ="), encoding="utf-8")
    result = cli("score", cwd=project)
    assert result.returncode == 2
    assert f"{project / 'pyproject.toml'}:6: fail_under: unknown setting" in result.stderr
    assert "did you mean 'fail-under'?" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_file_that_is_not_toml_is_refused_with_its_line(cli: CliRun, project: Path) -> None:
    (project / ".mlops-maturity.toml").write_text("fail-under = {google = \n", encoding="utf-8")
    result = cli("score", cwd=project)
    assert result.returncode == 2
    assert f"{project / '.mlops-maturity.toml'}: not valid TOML" in result.stderr and "line 1" in result.stderr


def test_every_key_the_file_may_set_is_a_long_option_of_some_command() -> None:
    group = typer.main.get_command(app)
    options = set()
    for name in COMMANDS:
        command = group.get_command(None, name)  # type: ignore[attr-defined]
        options |= {option[2:] for parameter in command.params for option in parameter.opts if option[:2] == "--"}
        if name in ANSWERS_PARAMETER:
            assert ANSWERS_PARAMETER[name] in {parameter.name for parameter in command.params}, name
    # What acts once, or is for a person at a terminal, is not a setting.
    once = {"restart", "review", "force-interactive", "json"}
    assert options - once == KNOWN_KEYS - {"answers"}


def test_settings_are_checked_per_table_with_their_lines(cli: CliRun, project: Path) -> None:
    (project / "pyproject.toml").write_text(
        "[tool.mypy]\nstrict = true\nformat = 'x'\n\n[tool.mlops-maturity]\nformat = 'json'\n"
        "[tool.mlops-maturity.score]\ntemplate = 'x.j2'\n[tool.mlops-maturity.sccore]\nstrict = true\n",
        encoding="utf-8",
    )
    result = cli("score", cwd=project)
    assert result.returncode == 2
    config = project / "pyproject.toml"
    # A key that means something else for each command belongs in a command's table.
    assert f"{config}:6: format: set it in a command's table" in result.stderr
    assert f"{config}:8: score.template: `score` has no --template" in result.stderr
    assert f"{config}:9: sccore: not a command" in result.stderr and "did you mean [score]?" in result.stderr


def test_a_value_refused_from_the_file_names_its_line(cli: CliRun, project: Path) -> None:
    (project / ".mlops-maturity.toml").write_text("[report]\nformat = 'pdf'\n", encoding="utf-8")
    result = cli("report", EXAMPLES / "fraud-platform.yaml", cwd=project)
    assert result.returncode == 2
    message = " ".join(result.stderr.replace("│", " ").split())
    assert f"'pdf' is not one of 'markdown', 'html'. (set in {project / '.mlops-maturity.toml'}:2)" in message


def test_another_tool_s_broken_pyproject_is_passed_over(cli: CliRun, project: Path) -> None:
    (project / "src" / "pyproject.toml").write_text("[tool.poetry\n", encoding="utf-8")
    result = cli("score", "--format", "text", cwd=project / "src")
    assert result.returncode == 0, result.stderr  # the project's own table, one folder up, is in force
    assert "Card fraud detection" in result.stdout


def test_help_is_shown_whatever_the_file_holds(cli: CliRun, project: Path) -> None:
    (project / ".mlops-maturity.toml").write_text("nonsense = 1\n", encoding="utf-8")
    assert cli("score", "--help", cwd=project).returncode == 0
    assert cli("score", cwd=project).returncode == 2


def test_config_json_escapes_control_characters(cli: CliRun, project: Path) -> None:
    (project / ".mlops-maturity.toml").write_text('team = "X\\u009b31m\\u202e"\n', encoding="utf-8")
    printed = cli("config", "--json", cwd=project).stdout
    assert "\u009b" not in printed and "\\u009b" in printed and "\\u202e" in printed
