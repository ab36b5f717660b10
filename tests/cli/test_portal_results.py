"""Results where organisations look: the team's entity, owner and labels, portfolios rolled
up by group with each team once, and exports for spreadsheets and developer portals."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import yaml

from ..conftest import EXAMPLES, CliRun

FRAUD = EXAMPLES / "fraud-platform.yaml"
IDENTITY = (
    "entity: component:default/fraud-scoring\nowner: group:default/payments\nlabels:\n  domain: payments\n  tier: '1'\n"
)


def with_identity(source: Path, target: Path, identity: str = IDENTITY) -> Path:
    """A copy of an answers file with identity lines after its `date:` line."""
    text = "\n".join(
        line
        for line in source.read_text(encoding="utf-8").split("\n")
        if not line.startswith(("entity:", "owner:", "labels:"))  # the examples name theirs
    )
    head, date_line, rest = text.partition("\ndate:")
    line_end = rest.index("\n")
    target.write_text(head + date_line + rest[: line_end + 1] + identity + rest[line_end + 1 :], encoding="utf-8")
    return target


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


# --- the answers file names its owner ----------------------------------------------------------


def test_entity_owner_and_labels_reach_every_output(cli: CliRun, tmp_path: Path) -> None:
    answers = with_identity(FRAUD, tmp_path / "fraud.yaml")
    result = json.loads(cli("score", answers, "--format", "json").stdout)
    assert (result["entity"], result["owner"], result["labels"]) == (
        "component:default/fraud-scoring",
        "group:default/payments",
        {"domain": "payments", "tier": "1"},
    )
    report = cli("report", answers).stdout
    assert (
        "Entity: component:default/fraud-scoring · Owner: group:default/payments · Labels: domain: payments" in report
    )
    text = cli("score", answers, env={"COLUMNS": "200"}).stdout
    assert "entity component:default/fraud-scoring  ·  owner group:default/payments  ·  domain: payments" in text
    schema = json.loads(cli("schema").stdout)
    assert {"entity", "owner", "labels"} <= set(schema["properties"])


def test_a_rewrite_keeps_entity_owner_and_labels(cli: CliRun, tmp_path: Path) -> None:
    old = tmp_path / "old.yaml"
    shutil.copy(EXAMPLES.parent / "tests" / "data" / "answers-2026.12" / "fraud-platform.yaml", old)
    with_identity(old, old)
    assert cli("migrate", old).returncode == 0  # in place
    data = yaml.safe_load(old.read_text(encoding="utf-8"))
    assert data["entity"] == "component:default/fraud-scoring" and data["labels"] == {"domain": "payments", "tier": "1"}
    assert cli("score", old).returncode == 0  # and what was written reads back


def test_a_label_that_is_not_text_is_refused_at_its_line(cli: CliRun, tmp_path: Path) -> None:
    answers = with_identity(FRAUD, tmp_path / "fraud.yaml", "labels:\n  regulated: yes\n  cost_center: 0042\n")
    result = cli("score", answers)
    assert result.returncode == 2
    assert f"{answers}:7: labels.regulated: expected text, found true" in result.stderr
    assert f"{answers}:8: labels.cost_center:" in result.stderr  # YAML reads 0042 as 34: quote it
    assert "Traceback" not in result.stderr


# --- one team once, rolled up by group ---------------------------------------------------------


def _organisation(tmp_path: Path) -> Path:
    teams = tmp_path / "teams"
    shutil.copytree(EXAMPLES, teams)
    with_identity(FRAUD, teams / "fraud-platform.yaml")
    search = "owner: group:default/search\nlabels: {domain: discovery}\n"
    with_identity(EXAMPLES / "full-mlops.yaml", teams / "full-mlops.yaml", search)
    with_identity(EXAMPLES / "startup-notebooks.yaml", teams / "startup-notebooks.yaml", search)
    return teams


def test_history_and_respondents_files_count_their_team_once(cli: CliRun, tmp_path: Path) -> None:
    teams = _organisation(tmp_path)
    result = cli("portfolio", teams, "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [team["answers_file"] for team in data["teams"] if team["team"].startswith("Card fraud")] == [
        str(teams / "fraud-platform.yaml")
    ]
    assert {Path(entry["answers_file"]).name for entry in data["superseded"]} == {
        "fraud-platform-2026-05.yaml",
        "fraud-engineer.yaml",
        "fraud-lead.yaml",
        "fraud-scientist.yaml",
    }
    assert "fraud-platform-2026-05.yaml: an older assessment of Card fraud detection" in result.stderr
    assert "fraud-lead.yaml: another file of the same date of Card fraud detection" in result.stderr


def test_the_team_s_own_file_stands_for_its_respondents_whatever_it_is_called(cli: CliRun, tmp_path: Path) -> None:
    teams = tmp_path / "teams"
    shutil.copytree(EXAMPLES, teams)
    (teams / "fraud-platform.yaml").rename(teams / "team-fraud.yaml")  # sorted after respondents/
    data = json.loads(cli("portfolio", teams, "--format", "json").stdout)
    fraud = [team for team in data["teams"] if team["team"].startswith("Card fraud")]
    assert [Path(team["answers_file"]).name for team in fraud] == ["team-fraud.yaml"]
    assert fraud[0]["models"]["microsoft"]["level"] == 4


def test_a_combined_file_stands_for_its_respondents(cli: CliRun, tmp_path: Path) -> None:
    folder = tmp_path / "team"
    shutil.copytree(EXAMPLES / "respondents", folder)
    assert cli("combine", *sorted(folder.glob("*.yaml")), "-o", tmp_path / "combined.yaml").returncode == 0
    shutil.move(tmp_path / "combined.yaml", folder / "zz-combined.yaml")  # listed last, and still stands
    data = json.loads(cli("portfolio", folder, "--format", "json").stdout)
    assert [Path(team["answers_file"]).name for team in data["teams"]] == ["zz-combined.yaml"]


def test_group_by_owner_rolls_levels_up_per_owner(cli: CliRun, tmp_path: Path) -> None:
    teams = _organisation(tmp_path)
    data = json.loads(cli("portfolio", teams, "--format", "json", "--group-by", "owner").stdout)
    assert data["group_by"] == "owner"
    groups = {group["name"]: group for group in data["groups"]}
    others = {"group:default/logistics", "group:default/supply-chain-ml", "group:default/marketplace-pricing"}
    assert set(groups) == {"group:default/search", "group:default/payments", *others}  # the examples name theirs
    search = groups["group:default/search"]
    assert search["teams"] == 2
    assert search["median_level"] == {"google": 0, "microsoft": 1}  # levels 2 and 0, 5 and 1: the lower middle
    assert search["lifting_steps"][0]["total_lifts"] >= 0
    assert sum(search["distribution"]["google"].values()) == 2
    assert search["lifting_steps"]  # where investment pays within the group
    markdown = cli("portfolio", teams, "--format", "markdown", "--group-by", "label:domain").stdout
    assert "## By label domain" in markdown and "| discovery | 2 |" in markdown
    folders = json.loads(cli("portfolio", teams, "--format", "json", "--group-by", "folder").stdout)
    assert {group["name"] for group in folders["groups"]} == {str(teams)}  # the others are superseded


def test_an_unknown_grouping_is_refused(cli: CliRun) -> None:
    result = cli("portfolio", EXAMPLES, "--group-by", "team")
    assert result.returncode == 2
    assert "--group-by: 'team' is not one of: owner, folder, label:KEY" in result.stderr


# --- exports -----------------------------------------------------------------------------------


def test_csv_has_one_row_per_team_and_model(cli: CliRun, tmp_path: Path) -> None:
    teams = _organisation(tmp_path)
    output = tmp_path / "levels.csv"
    assert cli("portfolio", teams, "--format", "csv", "-o", output).returncode == 0
    table = rows(output.read_text(encoding="utf-8"))
    assert len(table) == 6 * 2
    fraud = [row for row in table if row["entity"] == "component:default/fraud-scoring"]
    assert [(row["model"], row["level"], row["native_level"], row["strict_level"]) for row in fraud] == [
        ("google", "1", "1", "1"),
        ("microsoft", "4", "3", "4"),
    ]
    assert fraud[0]["owner"] == "group:default/payments"
    assert (fraud[0]["label:domain"], fraud[0]["label:tier"]) == ("payments", "1")  # a column per label
    grouped = rows(cli("portfolio", teams, "--format", "csv", "--group-by", "owner").stdout)
    assert {"group:default/payments", "group:default/search"} <= {row["group"] for row in grouped}
    assert all(row["group"] == row["owner"] for row in grouped)
    scored = rows(cli("score", teams / "fraud-platform.yaml", FRAUD, "--format", "csv").stdout)
    assert [row["model"] for row in scored] == ["google", "microsoft", "google", "microsoft"]
    assert scored[0]["date"] == "2026-11-12"


def test_csv_cells_a_spreadsheet_would_run_as_formulas_are_kept_as_text(cli: CliRun, tmp_path: Path) -> None:
    answers = tmp_path / "team.yaml"
    answers.write_text(
        FRAUD.read_text(encoding="utf-8").replace(
            "team: Card fraud detection (Payments risk)", 'team: \'=HYPERLINK("http://x","y")\''
        ),
        encoding="utf-8",
    )
    table = rows(cli("score", answers, "--format", "csv").stdout)
    assert table[0]["team"] == "'" + '=HYPERLINK("http://x","y")'


def test_facts_are_a_flat_json_object_a_portal_scorecard_reads(cli: CliRun, tmp_path: Path) -> None:
    answers = with_identity(FRAUD, tmp_path / "fraud.yaml")
    facts = json.loads(cli("score", answers, "--format", "facts").stdout)
    assert all(not isinstance(value, (dict, list)) for value in facts.values())
    assert facts["entity"] == "component:default/fraud-scoring"
    assert (facts["google_level"], facts["microsoft_level"], facts["microsoft_native_level"]) == (1, 4, 3)
    several = json.loads(cli("score", answers, FRAUD, "--format", "facts").stdout)
    assert isinstance(several, list) and len(several) == 2


def test_combine_keeps_whose_the_system_is(cli: CliRun, tmp_path: Path) -> None:
    first = with_identity(EXAMPLES / "respondents" / "fraud-lead.yaml", tmp_path / "lead.yaml")
    second = EXAMPLES / "respondents" / "fraud-engineer.yaml"
    assert cli("combine", first, second, "-o", tmp_path / "team.yaml").returncode == 0
    data = yaml.safe_load((tmp_path / "team.yaml").read_text(encoding="utf-8"))
    assert (data["entity"], data["owner"]) == ("component:default/fraud-scoring", "group:default/payments")
