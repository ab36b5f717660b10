"""Every command's --help: value names as people write them, option names whole, an example to copy;
and a mistyped command gets a suggestion."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from mlops_maturity.cli import COMMANDS, app

from ..conftest import ROOT, CliRun


def _declared(command_name: str) -> list[Any]:
    """The parameters the command declares (not the --help typer adds), as click sees them."""
    command = typer.main.get_command(app).get_command(None, command_name)  # type: ignore[attr-defined]
    return [param for param in command.params if not getattr(param, "hidden", False)]


def _help(runner: CliRunner, command_name: str) -> str:
    result = runner.invoke(app, [command_name, "--help"])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("command_name", list(COMMANDS))
def test_values_are_named_in_words_not_python_types(runner: CliRunner, command_name: str) -> None:
    help_text = _help(runner, command_name)
    for python_type in ("list[", "<path>", "<int>", "<text>", "x>=", "x<="):
        assert python_type not in help_text, (python_type, help_text)
    for param in _declared(command_name):
        if not getattr(param, "is_flag", False):
            # A word in capitals (FILE, DIR, N, MODEL=LEVEL), or the values a choice takes.
            assert param.metavar and (param.metavar.isupper() or "|" in param.metavar), (param.name, param.metavar)


@pytest.mark.parametrize("columns", ["100", "60"])
@pytest.mark.parametrize("command_name", list(COMMANDS))
def test_no_option_name_is_cut(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, command_name: str, columns: str
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    lines = _help(runner, command_name).splitlines()
    for param in _declared(command_name):
        for name in param.opts:
            if name.startswith("--"):
                # Its own row, `│ --name `, `│ *  --name ` or `│    --name ` beside a required one: not `--na…`.
                row = re.compile(rf"│ \*?\s*{re.escape(name)}\s")
                assert any(row.match(line) for line in lines), (name, "\n".join(lines))


@pytest.mark.parametrize("command_name", list(COMMANDS))
def test_every_help_page_shows_an_example(runner: CliRunner, command_name: str) -> None:
    examples = re.findall(rf"^ +(mlops-maturity {command_name}(?: .*)?)$", _help(runner, command_name), re.MULTILINE)
    assert examples, command_name


@pytest.mark.parametrize("command_name", ["models", "lint"])
def test_the_examples_run_as_written(cli: CliRun, runner: CliRunner, tmp_path: Path, command_name: str) -> None:
    shutil.copytree(ROOT / "questionnaires", tmp_path / "my-questionnaires")
    examples = re.findall(rf"^ +mlops-maturity ({command_name}(?: .*)?)$", _help(runner, command_name), re.MULTILINE)
    for example in examples:
        words = shlex.split(example.strip())
        output = words.index(">") if ">" in words else None
        result = cli(*words[:output], cwd=tmp_path)
        assert result.returncode == 0, (example, result.stderr)
        assert result.stdout or result.stderr


def test_a_mistyped_command_gets_a_suggestion(cli: CliRun) -> None:
    result = cli("scroe")
    assert result.returncode == 2
    assert "No such command 'scroe'. Did you mean 'score'?" in result.stderr
    assert result.stdout == ""


def test_a_word_like_no_command_gets_none(cli: CliRun) -> None:
    result = cli("xyzzy")
    assert result.returncode == 2
    assert "No such command 'xyzzy'." in result.stderr and "Did you mean" not in result.stderr


def test_a_value_not_among_the_choices_is_refused_in_plain_words(cli: CliRun) -> None:
    result = cli("score", "answers.yaml", "--format", "html")
    assert result.returncode == 2
    message = " ".join(result.stderr.replace("│", " ").split())
    assert "Invalid value for '--format' / '-f': 'html' is not one of 'text', 'json'" in message
    assert "Value error" not in message
