"""The interactive questionnaire through typer's runner: answers typed as input lines."""

from __future__ import annotations

from pathlib import Path

import yaml
from typer.testing import CliRunner

from mlops_maturity.cli import app

from ..conftest import MINI


def run_assess(runner: CliRunner, path: Path, typed: list[str], *extra: str):  # type: ignore[no-untyped-def]
    return runner.invoke(
        app,
        ["assess", "--questionnaires", str(MINI), "-o", str(path), "--force-interactive", *extra],
        input="".join(line + "\n" for line in typed),
    )


def saved(path: Path) -> dict:  # type: ignore[type-arg]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def answer_values(path: Path) -> dict[str, str | None]:
    return {
        key: (value["answer"] if isinstance(value, dict) else value)
        for key, value in (saved(path)["answers"] or {}).items()
    }


def test_answering_every_question_ends_with_the_summary_and_exit_0(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    result = run_assess(runner, path, ["4", "mostly", "3", "5", "No tabular data.", "Fully"], "--team", "Search")
    assert result.exit_code == 0, result.output
    assert answer_values(path) == {
        "code_vc": "fully",
        "tracking": "mostly",
        "pipeline": "mostly",
        "feature_store": "n/a",
        "auto_deploy": "fully",
    }
    assert saved(path)["answers"]["feature_store"]["note"] == "No tabular data."
    assert saved(path)["team"] == "Search"
    # The summary goes to stdout, like `score`: both models and their levels.
    assert "Level 2: Automated" in result.stdout
    assert "Level 2 (Beta level 1): Pipelines" in result.stdout
    # Read as the person reads it: however the terminal folded a long path.
    assert f"Answers are saved to {path}".replace(" ", "") in "".join(result.stderr.split())


def test_the_team_name_is_asked_for_when_not_given(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    result = run_assess(runner, path, ["", "Data Platform", "q"])
    assert result.exit_code == 0, result.output
    assert saved(path)["team"] == "Data Platform"
    assert result.stderr.count("Team name (q to quit): ") == 2  # an empty name is asked again


def test_back_shows_the_previous_answer_as_default_and_enter_keeps_it(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    result = run_assess(runner, path, ["2", "b", "", "q"], "--team", "T")
    assert result.exit_code == 0, result.output
    assert "Answer [Enter keeps partially]:" in result.stderr
    assert answer_values(path)["code_vc"] == "partially"


def test_going_back_to_change_an_answer_returns_to_where_the_user_was(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    result = run_assess(runner, path, ["2", "3", "b", "b", "4", "q"], "--team", "T")
    assert result.exit_code == 0, result.output
    assert answer_values(path) == {
        "code_vc": "fully",
        "tracking": "mostly",
        "pipeline": None,
        "feature_store": None,
        "auto_deploy": None,
    }
    # After changing question 1, the next screen is question 3, the first unanswered one.
    assert result.stderr.rstrip().count("question 3 of 5") == 2


def test_skip_leaves_a_question_unanswered_and_it_is_reported(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    result = run_assess(runner, path, ["s", "4", "3", "5", "n/a reason", "4"], "--team", "T")
    assert result.exit_code == 0, result.output
    assert answer_values(path)["code_vc"] is None
    assert "1 question(s) unanswered, scored as not met." in result.stdout


def test_a_note_and_evidence_are_saved_with_the_answer(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    result = run_assess(
        runner,
        path,
        ["+", "All repos on GitLab [self-hosted]", "https://gitlab.example.com/ml docs/git.md", "4", "q"],
        "--team",
        "T",
    )
    assert result.exit_code == 0, result.output
    code = saved(path)["answers"]["code_vc"]
    assert code == {
        "answer": "fully",
        "note": "All repos on GitLab [self-hosted]",
        "evidence": ["https://gitlab.example.com/ml", "docs/git.md"],
        "source": "assess",
    }


def test_not_applicable_is_offered_only_where_allowed_and_asks_for_a_reason(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    # Question 1 has four choices: "5" is refused. Question 4 allows n/a: an empty reason is asked again.
    result = run_assess(runner, path, ["5", "n/a", "4", "4", "4", "n/a", "", "Images only.", "q"], "--team", "T")
    assert result.exit_code == 0, result.output
    assert result.stderr.count("Type a number from 1 to 4") == 2
    assert result.stderr.count("Why does this not apply?") == 2
    assert saved(path)["answers"]["feature_store"]["note"] == "Images only."


def test_help_shows_the_full_help_and_which_criteria_use_the_question(runner: CliRunner, tmp_path: Path) -> None:
    result = run_assess(runner, tmp_path / "a.yaml", ["?", "", "q"], "--team", "T")
    assert result.exit_code == 0, result.output
    assert "This answer is used by:" in result.stderr
    assert "Alpha Level 1: Tracked: Code is versioned (needs at least 'mostly')" in result.stderr


def test_quit_saves_and_says_how_to_resume_then_resume_continues(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    first = run_assess(runner, path, ["4", "3", "q"], "--team", "T")
    assert first.exit_code == 0
    assert f"Resume with: mlops-maturity assess -o {path}" in first.stderr
    second = run_assess(runner, path, ["2", "q"])
    assert second.exit_code == 0
    assert "2 of 5 questions answered; continuing at question 3." in " ".join(second.stderr.split())
    assert answer_values(path)["pipeline"] == "partially"
    assert saved(path)["team"] == "T"


def test_end_of_input_saves_and_exits_130(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    result = run_assess(runner, path, ["4"], "--team", "T")
    assert result.exit_code == 130
    assert "Your answers are saved in" in result.stderr
    assert answer_values(path)["code_vc"] == "fully"


def test_restart_keeps_the_old_file_as_a_backup(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    run_assess(runner, path, ["4", "q"], "--team", "Old")
    result = run_assess(runner, path, ["1", "q"], "--restart", "--team", "New")
    assert result.exit_code == 0
    assert answer_values(tmp_path / "a.yaml.bak")["code_vc"] == "fully"
    assert answer_values(path)["code_vc"] == "no"
    assert saved(path)["team"] == "New"


def test_a_file_from_another_questionnaire_version_is_refused_and_untouched(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    original = "questionnaire_version: '1999.1'\nteam: T\ndate: 2026-01-01\nanswers:\n  code_vc: fully\n"
    path.write_text(original, encoding="utf-8")
    result = run_assess(runner, path, ["4"])
    assert result.exit_code == 2
    assert "cannot resume this answers file, and it was not changed" in result.stderr
    assert "1999.1" in result.stderr
    assert "--restart" in result.stderr
    assert path.read_text(encoding="utf-8") == original


def test_model_option_asks_only_that_models_questions(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    result = run_assess(runner, path, ["3"], "--team", "T", "--model", "beta")
    assert result.exit_code == 0, result.output
    assert "question 1 of 1" in result.stderr
    assert "Level 2 (Beta level 1): Pipelines" in result.stdout
    assert "Alpha" not in result.stdout


def test_without_a_terminal_assess_refuses_and_points_to_template_and_score(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["assess", "-o", str(tmp_path / "a.yaml")], input="")
    assert result.exit_code == 2
    assert "needs a terminal" in result.stderr
    assert "mlops-maturity template" in result.stderr
    assert not (tmp_path / "a.yaml").exists()


def test_the_report_option_writes_the_markdown_report_at_the_end(runner: CliRunner, tmp_path: Path) -> None:
    path, report = tmp_path / "a.yaml", tmp_path / "report.md"
    result = run_assess(runner, path, ["4", "4", "4", "4", "4"], "--team", "T", "--report", str(report))
    assert result.exit_code == 0, result.output
    assert report.read_text(encoding="utf-8").startswith("# MLOps maturity report: T")


def test_questionnaire_text_with_square_brackets_shows_as_typed(runner: CliRunner, tmp_path: Path) -> None:
    result = run_assess(runner, tmp_path / "a.yaml", ["q"], "--team", "[bold]Team[/bold]")
    assert result.exit_code == 0
    assert "team: '[bold]Team[/bold]'" in (tmp_path / "a.yaml").read_text(encoding="utf-8")


def test_the_answers_file_written_by_assess_round_trips_through_score(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    run_assess(runner, path, ["4", "+", "a | b", "", "2", "3", "5", "None here", "s"], "--team", "T")
    before = path.read_text(encoding="utf-8")
    scored = runner.invoke(app, ["score", "--questionnaires", str(MINI), str(path), "--format", "json"])
    assert scored.exit_code == 0, scored.output
    assert path.read_text(encoding="utf-8") == before
    # Resuming and quitting at once rewrites the file identically.
    run_assess(runner, path, ["q"])
    assert path.read_text(encoding="utf-8") == before


def test_review_goes_through_every_answer_with_enter_keeping_it(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    run_assess(runner, path, ["4", "3", "2", "1", "4"], "--team", "T")
    result = run_assess(runner, path, ["", "1", "", "", ""], "--review")
    assert result.exit_code == 0, result.output
    assert "Reviewing" in result.stderr and "Enter keeps each answer" in result.stderr
    assert answer_values(path) == {
        "code_vc": "fully",
        "tracking": "no",
        "pipeline": "partially",
        "feature_store": "no",
        "auto_deploy": "fully",
    }


def test_the_report_cannot_replace_the_answers_file(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    result = run_assess(runner, path, ["4"], "--team", "T", "--report", str(path))
    assert result.exit_code == 2
    assert "which this command reads" in result.stderr
    assert not path.exists()


def test_restart_refuses_a_path_that_is_not_a_file(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "answers"
    folder.mkdir()
    result = run_assess(runner, folder, ["4"], "--team", "T", "--restart")
    assert result.exit_code == 2
    assert "is not a regular file" in result.stderr
    assert folder.is_dir() and not (tmp_path / "answers.bak").exists()


def test_an_answer_typed_at_the_help_screen_is_taken(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    result = run_assess(runner, path, ["?", "mostly", "q"], "--team", "T")
    assert result.exit_code == 0, result.output
    assert answer_values(path)["code_vc"] == "mostly"


def test_an_answer_typed_with_a_question_mark_is_saved_as_an_estimate(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    result = CliRunner().invoke(
        app,
        ["assess", "-o", str(answers), "--team", "T", "--questionnaires", str(MINI), "--force-interactive"],
        input="mostly?\nq\n",
    )
    assert result.exit_code == 0, result.output
    assert "an estimate" in result.output
    text = answers.read_text(encoding="utf-8")
    assert "estimate: true" in text
    scored = CliRunner().invoke(app, ["score", str(answers), "--questionnaires", str(MINI), "--format", "json"])
    assert scored.exit_code == 0, scored.output
