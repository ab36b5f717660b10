"""`q` at the team name a new answers file asks for quits, as it does at every question."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from ..conftest import MINI
from .test_assess import run_assess, saved
from .test_assess_pty import assess

START_AGAIN = f"Start again with: mlops-maturity assess -o answers.yaml --questionnaires {MINI}"


def test_q_at_the_team_name_quits_in_a_terminal_saving_nothing(tmp_path: Path) -> None:
    with assess(tmp_path, "answers.yaml") as run:
        run.expect("Team name (q to quit): ")
        run.type("q")
        assert run.finish() == 0  # as `q` at a question
    assert "Quit before anything was saved." in run.shown
    assert START_AGAIN in run.shown
    assert not (tmp_path / "answers.yaml").exists()
    assert "question 1 of" not in run.shown


def test_a_team_name_that_only_begins_with_q_is_taken(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    result = run_assess(runner, path, ["Q ", "q"])
    assert result.exit_code == 0, result.output
    assert not path.exists() and "Quit before anything was saved." in result.stderr
    result = run_assess(runner, path, ["qa", "q"])
    assert result.exit_code == 0, result.output
    assert saved(path)["team"] == "qa"
    assert "Saved 0 answer(s) to" in result.stderr


def test_q_at_the_team_name_of_a_restart_says_where_the_old_answers_are(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("team: [\n", encoding="utf-8")  # unreadable: the restart asks for the team
    result = run_assess(runner, path, ["q"], "--restart")
    assert result.exit_code == 0, result.output
    backup = tmp_path / "a.yaml.bak"
    assert backup.read_text(encoding="utf-8") == "team: [\n"
    assert "Quit before anything was saved." in result.stderr
    assert f"The previous answers are kept in {backup}." in "".join(result.stderr.splitlines())
