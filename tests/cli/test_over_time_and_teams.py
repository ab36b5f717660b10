"""diff, history, combine, portfolio and migrate through the installed entry point."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ..conftest import EXAMPLES, ROOT, CliRun

OLD_ANSWERS = ROOT / "tests" / "data" / "answers-2026.11"
FRAUD = EXAMPLES / "fraud-platform.yaml"
DEVOPS = EXAMPLES / "devops-team.yaml"


def test_diff_of_a_file_with_itself_shows_no_change(cli: CliRun) -> None:
    result = cli("diff", FRAUD, FRAUD)
    assert result.returncode == 0, result.stderr
    assert "No change" in result.stdout


def test_diff_shows_the_levels_then_and_now_and_gates_on_regression(cli: CliRun) -> None:
    moved = cli("diff", DEVOPS, FRAUD, "--format", "json")
    assert moved.returncode == 0, moved.stderr
    data = json.loads(moved.stdout)
    levels = {model["model"]: (model["old_level"], model["new_level"]) for model in data["models"]}
    assert levels["microsoft"] == (2, 4)
    assert data["answers"] and not data["regressed"]
    slipped = cli("diff", FRAUD, DEVOPS, "--fail-on-regression")
    assert slipped.returncode == 1
    assert "(down)" in slipped.stdout
    assert cli("diff", FRAUD, DEVOPS).returncode == 0  # without the gate, a regression is reported only


def test_the_regression_gate_says_on_stderr_which_model_went_down_and_from_where(cli: CliRun) -> None:
    slipped = cli("diff", FRAUD, DEVOPS, "--fail-on-regression", "--format", "json")
    assert slipped.returncode == 1
    json.loads(slipped.stdout)  # stdout stays the comparison alone
    assert slipped.stderr.splitlines() == [
        f"regressed: {DEVOPS}: Google: 1 -> 0 (down)",
        f"regressed: {DEVOPS}: Microsoft: 4 (Microsoft level 3) -> 2 (Microsoft level 1) (down)",
    ]
    one = cli("diff", FRAUD, DEVOPS, "--fail-on-regression", "--model", "google")
    assert one.returncode == 1 and one.stderr.splitlines() == [f"regressed: {DEVOPS}: Google: 1 -> 0 (down)"]
    moved_up = cli("diff", DEVOPS, FRAUD, "--fail-on-regression")
    assert moved_up.returncode == 0 and moved_up.stderr == ""


def test_diff_reads_a_saved_json_result(cli: CliRun, tmp_path: Path) -> None:
    saved = cli("score", FRAUD, "--format", "json")
    (tmp_path / "result.json").write_text(saved.stdout, encoding="utf-8")
    result = cli("diff", tmp_path / "result.json", FRAUD)
    assert result.returncode == 0, result.stderr
    assert "No change" in result.stdout


def test_diff_across_a_questionnaire_version_says_what_the_migration_did(cli: CliRun) -> None:
    result = cli("diff", OLD_ANSWERS / "fraud-platform.yaml", FRAUD)
    assert result.returncode == 0, result.stderr
    assert "2026.11" in result.stderr  # the older file was read through the migration, and says so
    assert "carried over" in result.stderr or "new questions" in result.stderr


def test_an_older_answers_file_still_scores_and_migrate_rewrites_it(cli: CliRun, tmp_path: Path) -> None:
    old = tmp_path / "fraud.yaml"
    shutil.copy(OLD_ANSWERS / "fraud-platform.yaml", old)
    before = old.read_text(encoding="utf-8")
    scored = cli("score", old, "--format", "json")
    assert scored.returncode == 0, scored.stderr
    assert "2026.11" in scored.stderr
    assert old.read_text(encoding="utf-8") == before  # score never writes
    migrated = cli("migrate", old)
    assert migrated.returncode == 0, migrated.stderr
    text = old.read_text(encoding="utf-8")
    assert 'questionnaire_version: "2027.01"' in text or "questionnaire_version: '2027.01'" in text
    assert "carried_from:" in text
    again = cli("score", old, "--format", "json")
    assert again.returncode == 0, again.stderr
    assert "2026.11" not in again.stderr
    assert (
        json.loads(again.stdout)["models"]["google"]["level"] == json.loads(scored.stdout)["models"]["google"]["level"]
    )
    # Every note the team wrote is still in the file.
    import yaml

    old_notes = {
        value["note"]
        for value in yaml.safe_load(before)["answers"].values()
        if isinstance(value, dict) and value.get("note")
    }
    assert all(note in text or json.dumps(note)[1:-1] in text for note in old_notes)


def test_combine_lists_disagreement_and_keeps_every_respondent(cli: CliRun, tmp_path: Path) -> None:
    team = tmp_path / "team.yaml"
    result = cli("combine", FRAUD, DEVOPS, "-o", team)
    assert result.returncode == 0, result.stderr
    assert "two or more steps apart" in result.stderr
    scored = cli("score", team, "--format", "json")
    assert scored.returncode == 0, scored.stderr
    text = team.read_text(encoding="utf-8")
    assert text.count("responses:") >= 10
    assert "Daniel Achterberg" in text  # who answered what
    report = cli("report", team)
    assert report.returncode == 0, report.stderr
    section = report.stdout[report.stdout.index("## Where respondents disagree") : report.stdout.index("## Appendix")]
    disputed = [line for line in result.stderr.splitlines() if line.startswith("  ") and ":" in line]
    assert disputed and all(f"`{line.split(':')[0].strip()}`" in section for line in disputed)
    assert "Daniel Achterberg, head of ML platform: " in section and "Hannah Okafor, engineering manager: " in section


def test_combine_names_a_respondent_without_an_assessor_by_their_file(cli: CliRun, tmp_path: Path) -> None:
    for name, source in (("bob.yaml", FRAUD), ("alice.yaml", DEVOPS)):
        text = source.read_text(encoding="utf-8")
        (tmp_path / name).write_text(
            "".join(line for line in text.splitlines(keepends=True) if not line.startswith("assessor:")),
            encoding="utf-8",
        )
    team = tmp_path / "team.yaml"
    result = cli("combine", "bob.yaml", "alice.yaml", "-o", team)
    assert result.returncode == 0, result.stderr
    disputed = [line for line in result.stderr.splitlines() if line.startswith("  ")]
    assert disputed and all("bob.yaml: " in line and "alice.yaml: " in line for line in disputed)
    assert "respondent " not in result.stderr
    import yaml

    combined = yaml.safe_load(team.read_text(encoding="utf-8"))
    assert combined["assessor"] == "bob.yaml; alice.yaml"
    who = {response["assessor"] for answer in combined["answers"].values() for response in answer["responses"]}
    assert who == {"bob.yaml", "alice.yaml"}
    report = cli("report", team)
    assert report.returncode == 0, report.stderr
    assert "respondent 2" not in report.stdout and "alice.yaml" in report.stdout
    for folder in ("a", "b"):  # two files of one name: each by its path as given
        (tmp_path / folder).mkdir()
        shutil.copy(tmp_path / ("bob.yaml" if folder == "a" else "alice.yaml"), tmp_path / folder / "answers.yaml")
    same_names = cli("combine", "a/answers.yaml", "b/answers.yaml", "-o", "-")
    assert same_names.returncode == 0, same_names.stderr
    assert "assessor: a/answers.yaml; b/answers.yaml" in same_names.stdout


def test_combine_of_identical_files_scores_as_the_input(cli: CliRun, tmp_path: Path) -> None:
    team = tmp_path / "team.yaml"
    assert cli("combine", FRAUD, FRAUD, "-o", team).returncode == 0
    levels = {m: d["level"] for m, d in json.loads(cli("score", team, "-f", "json").stdout)["models"].items()}
    original = {m: d["level"] for m, d in json.loads(cli("score", FRAUD, "-f", "json").stdout)["models"].items()}
    assert levels == original


def test_portfolio_scores_every_team_and_lists_unreadable_files(cli: CliRun, tmp_path: Path) -> None:
    teams = tmp_path / "teams"
    shutil.copytree(EXAMPLES, teams)
    (teams / "broken.yaml").write_text("team: [\n", encoding="utf-8")
    result = cli("portfolio", teams, "--format", "json")
    assert result.returncode == 2  # a file could not be read, after the rest was reported
    assert "broken.yaml" in result.stderr
    data = json.loads(result.stdout)
    assert data["schema_version"] == 1
    # Folders are searched recursively; the fraud team's history and respondents' files count once.
    read = [entry["answers_file"] for entry in data["teams"] + data["superseded"]]
    assert sorted(read) == sorted(str(teams / path.relative_to(EXAMPLES)) for path in EXAMPLES.rglob("*.yaml"))
    assert len(data["teams"]) == len({entry["team"] for entry in data["teams"]}) == 6
    assert [entry["answers_file"] for entry in data["unread"]] == [str(teams / "broken.yaml")]
    assert sum(data["distribution"]["google"].values()) == len(data["teams"])
    assert data["lifting_steps"][0]["total_lifts"] >= data["lifting_steps"][-1]["total_lifts"]
    text = cli("portfolio", EXAMPLES)
    assert text.returncode == 0, text.stderr
    assert "Where investment lifts most" in text.stdout
    gated = cli("portfolio", EXAMPLES, "--fail-under", "microsoft=3", "-f", "markdown")
    assert gated.returncode == 1
    assert gated.stdout.startswith("# MLOps maturity portfolio")
    # Which teams are below, and where they stand, on stderr.
    assert (
        f"{EXAMPLES / 'startup-notebooks.yaml'}: Lead scoring (Pipelinr, seed-stage startup) is below" in gated.stderr
    )
    assert "microsoft=3: Level 1 (Microsoft level 0): No MLOps" in gated.stderr
    assert "fraud-platform.yaml: Card" not in gated.stderr  # at level 4, above the gate


def _git(repository: Path, *arguments: str) -> None:
    subprocess.run(
        ["git", "-C", str(repository), *arguments],
        check=True,
        capture_output=True,
        env={
            "GIT_AUTHOR_NAME": "T",
            "GIT_AUTHOR_EMAIL": "t@example.com",
            "GIT_COMMITTER_NAME": "T",
            "GIT_COMMITTER_EMAIL": "t@example.com",
            "PATH": "/usr/bin:/bin",
            "HOME": str(repository),
        },
    )


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_history_reads_every_commit_of_the_file(cli: CliRun, tmp_path: Path) -> None:
    repository = tmp_path / "repo"
    (repository / "team").mkdir(parents=True)
    _git(repository, "init", "-q")
    answers = repository / "team" / "answers.yaml"
    for example in ("startup-notebooks", "devops-team", "fraud-platform"):
        shutil.copy(EXAMPLES / f"{example}.yaml", answers)
        _git(repository, "add", "-A")
        _git(repository, "commit", "-q", "-m", f"assessment: {example}")
    result = cli("history", "answers.yaml", "--format", "json", cwd=repository / "team")
    assert result.returncode == 0, result.stderr
    entries = json.loads(result.stdout)["entries"]
    assert [entry["levels"]["microsoft"] for entry in entries] == [1, 2, 4]
    assert entries[-1]["gained"]["microsoft"]
    text = cli("history", answers)
    assert "assessment: fraud-platform" in text.stdout


def test_history_outside_git_is_a_clear_error(cli: CliRun, tmp_path: Path) -> None:
    shutil.copy(FRAUD, tmp_path / "answers.yaml")
    result = cli("history", tmp_path / "answers.yaml")
    assert result.returncode == 2
    assert "not inside a git repository" in result.stderr
    assert "Traceback" not in result.stderr


def test_score_streams_json_lines_one_result_per_file(cli: CliRun, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("team: [\n", encoding="utf-8")
    files = sorted(EXAMPLES.glob("*.yaml"))
    result = cli("score", *files, broken, "--format", "jsonl")
    assert result.returncode == 2  # one file could not be read; the others are all there
    lines = result.stdout.splitlines()
    assert len(lines) == len(files) + 1
    entries = [json.loads(line) for line in lines]
    assert [entry["answers_file"] for entry in entries] == [str(path) for path in [*files, broken]]
    assert all(entry["schema_version"] == 1 for entry in entries)
    assert "error" in entries[-1] and "models" in entries[0]
    one = json.loads(cli("score", FRAUD, "--format", "json").stdout)
    assert entries[files.index(FRAUD)] == one  # the same result, one line


def test_report_with_previous_adds_since_the_last_assessment(cli: CliRun) -> None:
    from markdown_it import MarkdownIt

    earlier = EXAMPLES / "over-time" / "fraud-platform-2026-05.yaml"
    result = cli("report", FRAUD, "--previous", earlier)
    assert result.returncode == 0, result.stderr
    tokens = MarkdownIt("commonmark").enable("table").parse(result.stdout)
    headings = [
        tokens[i + 1].content for i, token in enumerate(tokens) if token.type == "heading_open" and token.tag == "h2"
    ]
    assert headings.index("Since the last assessment (2026-05-20)") == headings.index("Why this level") - 1
    assert "| Google | 0 -> 1 (up) |" in result.stdout
    assert "Since the last assessment" not in cli("report", FRAUD).stdout


def test_json_lines_over_many_files_come_in_order_from_worker_processes(cli: CliRun, tmp_path: Path) -> None:
    files = []
    for index in range(70):  # past the pool's threshold
        path = tmp_path / f"team-{index:02d}.yaml"
        text = FRAUD.read_text(encoding="utf-8").replace("team: Card fraud detection", f"team: Team {index:02d}")
        path.write_text(text, encoding="utf-8")
        files.append(path)
    result = cli("score", *files, "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    teams = [json.loads(line)["team"] for line in result.stdout.splitlines()]
    assert teams == [f"Team {index:02d} (Payments risk)" for index in range(70)]


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_history_says_when_it_reads_only_the_newest_commits(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mlops_maturity.answers import history
    from mlops_maturity.cli import app

    repository = tmp_path / "repo"
    repository.mkdir()
    _git(repository, "init", "-q")
    answers = repository / "answers.yaml"
    for example in ("startup-notebooks", "devops-team", "fraud-platform"):
        shutil.copy(EXAMPLES / f"{example}.yaml", answers)
        _git(repository, "add", "-A")
        _git(repository, "commit", "-q", "-m", f"assessment: {example}")
    monkeypatch.setattr(history, "MAX_VERSIONS", 2)
    result = runner.invoke(app, ["history", str(answers), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "only the newest 2 commits are read; older versions are left out" in result.stderr
    assert [entry["subject"] for entry in json.loads(result.stdout)["entries"]] == [
        "assessment: devops-team",
        "assessment: fraud-platform",
    ]
    monkeypatch.setattr(history, "MAX_VERSIONS", 3)
    assert "older versions" not in runner.invoke(app, ["history", str(answers)]).stderr


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_history_places_each_assessment_at_its_own_date(cli: CliRun, tmp_path: Path) -> None:
    """An assessment committed late (the May one, after November's) is placed in May."""
    repository = tmp_path / "repo"
    repository.mkdir()
    _git(repository, "init", "-q")
    answers = repository / "answers.yaml"
    for example in (FRAUD, EXAMPLES / "over-time" / "fraud-platform-2026-05.yaml"):
        shutil.copy(example, answers)
        _git(repository, "add", "-A")
        _git(repository, "commit", "-q", "-m", f"assessment from {example.name}")
    entries = json.loads(cli("history", answers, "--format", "json").stdout)["entries"]
    assert [entry["assessed"] for entry in entries] == ["2026-05-20", "2026-11-12"]
    assert [entry["levels"]["google"] for entry in entries] == [0, 1]
    assert entries[1]["gained"]["google"] and not entries[1]["lost"]  # counted along the dates
    assert entries[0]["date"] >= entries[1]["date"]  # committed second (the commit's date), shown first


def test_combine_keeps_an_incident_one_respondent_reported_and_the_plan_starts_there(
    cli: CliRun, tmp_path: Path
) -> None:
    import yaml

    data = yaml.safe_load(DEVOPS.read_text(encoding="utf-8"))
    data["answers"]["data_validation"] = {"answer": "no", "incident": True, "note": "Bad rows reached training."}
    (tmp_path / "saw-it.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    team = tmp_path / "team.yaml"
    result = cli("combine", DEVOPS, tmp_path / "saw-it.yaml", "-o", team)
    assert result.returncode == 0, result.stderr
    combined = yaml.safe_load(team.read_text(encoding="utf-8"))
    answer = combined["answers"]["data_validation"]
    assert answer["incident"] is True
    assert [response.get("incident", False) for response in answer["responses"]] == [False, True]
    scored = json.loads(cli("score", team, "-f", "json").stdout)
    hurt = [step for step in scored["plan"] if step["incidents"]]
    assert [step["incidents"] for step in hurt] == [["data_validation"]]


def test_diff_says_when_an_answer_is_marked_as_the_gap_behind_an_incident(cli: CliRun, tmp_path: Path) -> None:
    import yaml

    data = yaml.safe_load(DEVOPS.read_text(encoding="utf-8"))
    data["answers"]["feature_store"] = {"answer": "no", "incident": True}
    marked = tmp_path / "marked.yaml"
    marked.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = cli("diff", DEVOPS, marked)
    assert result.returncode == 0, result.stderr
    assert "feature_store: no -> no (caused an incident)" in result.stdout
    assert "No change" not in result.stdout


def test_an_incident_on_a_question_only_another_model_asks_stays_out_of_its_plan(cli: CliRun, tmp_path: Path) -> None:
    import yaml

    data = yaml.safe_load(FRAUD.read_text(encoding="utf-8"))
    data["answers"]["se_de_integration"] = {"answer": "no", "incident": True}
    marked = tmp_path / "marked.yaml"
    marked.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    google = json.loads(cli("score", marked, "-m", "google", "-f", "json").stdout)
    assert all(not step["incidents"] for step in google["plan"])
    both = json.loads(cli("score", marked, "-f", "json").stdout)
    assert any(step["incidents"] == ["se_de_integration"] for step in both["plan"])
