"""The full markdown report (`mlops-maturity report`): golden files, structure, levels."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from mlops_maturity import __version__
from mlops_maturity.cli import app
from mlops_maturity.questionnaire.shipped import load_shipped_questionnaires

from ..conftest import EXAMPLES, ROOT
from .conftest import assert_tables_well_formed, check_golden, headings, parse, tables, text_of

EXAMPLE_NAMES = sorted(path.stem for path in EXAMPLES.glob("*.yaml"))
SECTIONS = ["Summary", "Why this level", "Gaps and next steps", "Capability profile", "Appendix: answers"]


@pytest.fixture
def in_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the repository root, so that reports name `examples/<name>.yaml` wherever the checkout is."""
    monkeypatch.chdir(ROOT)


def report(runner: CliRunner, name: str, *extra: str) -> str:
    result = runner.invoke(app, ["report", f"examples/{name}.yaml", *extra])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.usefixtures("in_repository")
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_report_matches_its_golden_file(runner: CliRunner, name: str) -> None:
    check_golden(f"{name}.md", report(runner, name))


@pytest.mark.usefixtures("in_repository")
def test_short_markdown_of_score_matches_its_golden_file(runner: CliRunner) -> None:
    result = runner.invoke(app, ["score", "--format", "markdown", "examples/fraud-platform.yaml"])
    assert result.exit_code == 0, result.output
    check_golden("fraud-platform.short.md", result.stdout)


@pytest.mark.usefixtures("in_repository")
def test_title_names_team_date_assessor_questionnaire_and_tool(runner: CliRunner) -> None:
    text = report(runner, "fraud-platform")
    title, _, byline = text.partition("\n\n")
    assert title == "# MLOps maturity report: Card fraud detection (Payments risk)"
    byline = byline.splitlines()[0]
    for part in ("2026-11-12", "Daniel Achterberg", "questionnaire version 2027.01", f"mlops-maturity {__version__}"):
        assert part in byline


@pytest.mark.usefixtures("in_repository")
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_sections_come_in_order_and_every_table_row_is_whole(runner: CliRunner, name: str) -> None:
    text = report(runner, name)
    found = headings(parse(text))
    assert found[0][0] == "h1"
    assert [heading for tag, heading in found if tag == "h1"] == [found[0][1]]
    assert [heading for tag, heading in found if tag == "h2"] == SECTIONS
    assert_tables_well_formed(text)


@pytest.mark.usefixtures("in_repository")
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_summary_table_shows_the_levels_of_score_json(runner: CliRunner, name: str) -> None:
    scored = runner.invoke(app, ["score", "--format", "json", f"examples/{name}.yaml"])
    assert scored.exit_code == 0, scored.output
    models = json.loads(scored.stdout)["models"]

    summary = tables(report(runner, name))[0]
    assert summary.header[:3] == ["Model", "Level", "Name"]
    shown = {}
    for model_name, level, level_name, *_ in summary.rows:
        number = re.fullmatch(r"(\d+)(?: \((.+) level (\d+)\))?", level)
        assert number, level
        native = int(number[3]) if number[3] else int(number[1])
        shown[model_name] = (int(number[1]), native, level_name)
    assert shown == {
        model["model_name"]: (model["level"], model["native_level"], model["name"]) for model in models.values()
    }


@pytest.mark.usefixtures("in_repository")
def test_microsofts_own_number_is_shown_beside_ours(runner: CliRunner) -> None:
    summary = tables(report(runner, "fraud-platform"))[0]
    levels = {row[0]: row[1] for row in summary.rows}
    assert levels == {"Google": "1", "Microsoft": "4 (Microsoft level 3)"}


@pytest.mark.usefixtures("in_repository")
def test_model_option_limits_the_report_to_that_model(runner: CliRunner) -> None:
    text = report(runner, "fraud-platform", "--model", "microsoft")
    assert [row[0] for row in tables(text)[0].rows] == ["Microsoft"]
    assert "### Google" not in text
    assert_tables_well_formed(text)


@pytest.mark.usefixtures("in_repository")
def test_why_this_level_shows_each_level_up_to_the_next_one(runner: CliRunner) -> None:
    text = report(runner, "fraud-platform")
    found = [heading for tag, heading in headings(parse(text)) if tag == "h4"]
    assert found == [
        "Level 1: ML pipeline automation: reached",
        "Level 2: CI/CD pipeline automation: does not hold (7/10 criteria met)",
        "Level 2 (Microsoft level 1): DevOps but no MLOps: reached",
        "Level 3 (Microsoft level 2): Automated Training: reached",
        "Level 4 (Microsoft level 3): Automated Model Deployment: reached",
        "Level 5 (Microsoft level 4): Full MLOps Automated Operations: does not hold (5/8 criteria met)",
    ]
    # Each criterion names the part of the source it encodes.
    assert "| Pipelines are built, tested and packaged by CI on every commit *(defines the level)* | ❌ unmet |" in text
    # ... by section and quote, not by the project's internal item id (`g.l2.ci.trigger_on_commit`).
    assert (
        "| MLOps level 2: CI/CD pipeline automation > Continuous integration: “the pipeline and its components"
        " are built, tested, and packaged when new code is committed or pushed to the source code repository.” |"
    ) in text
    assert "g.l2.ci.trigger_on_commit" not in text


@pytest.mark.usefixtures("in_repository")
def test_next_steps_are_a_numbered_plan_with_why_and_tools(runner: CliRunner) -> None:
    text = report(runner, "fraud-platform")
    plan = text.split("### Next steps", 1)[1].split("## Capability profile", 1)[0]
    tokens = parse(plan)
    assert [token.type for token in tokens if token.type.startswith("ordered_list_open")] == ["ordered_list_open"]
    steps = re.findall(r"^(\d+)\. \*\*", plan, flags=re.MULTILINE)
    assert steps == [str(number) for number in range(1, len(steps) + 1)]
    assert len(steps) >= 3
    assert plan.count("   - Why") == len(steps)
    assert plan.count("   - Tools: ") == len(steps)
    # Drift detection serves Microsoft's level 5 only: Google's monitoring stage asks for alerts
    # on model quality, for which drift is a fallback signal, not a requirement.
    why = plan.split("Compare the distributions of live inputs", 1)[1].split("   - Tools", 1)[0]
    assert "Microsoft Level 5 (Microsoft level 4)" in why and "Google" not in why


@pytest.mark.usefixtures("in_repository")
def test_a_step_that_serves_both_models_appears_once_naming_both(runner: CliRunner) -> None:
    plan = report(runner, "startup-notebooks").split("### Next steps", 1)[1].split("## Capability profile", 1)[0]
    assert plan.count("run the candidate model in the production serving image") == 1
    why = plan.split("run the candidate model in the production serving image", 1)[1].split("   - Tools", 1)[0]
    assert "(both models)" in why
    assert "Google Level 1" in why
    assert "Microsoft Level 2 (Microsoft level 1)" in why


@pytest.mark.usefixtures("in_repository")
def test_capability_profile_draws_text_bars_in_a_table(runner: CliRunner) -> None:
    profile = tables(report(runner, "fraud-platform"))[-2]
    assert profile.header == ["Dimension", "Score", "Chart", "Questions answered"]
    for _, score, chart, _ in profile.rows:
        percent = int(score.removesuffix("%"))
        assert len(chart) == 20
        assert chart.count("█") == round(percent / 5)


@pytest.mark.usefixtures("in_repository")
def test_appendix_lists_every_question_with_note_and_evidence(runner: CliRunner) -> None:
    text = report(runner, "fraud-platform")
    appendix = tables(text)[-1]
    assert appendix.header == ["Question", "Answer", "Note", "Evidence"]
    scored = json.loads(runner.invoke(app, ["score", "-f", "json", "examples/fraud-platform.yaml"]).stdout)
    assert len(appendix.rows) == len(scored["answers"])
    deploy = next(row for row in appendix.rows if "(automated_model_deployment)" in row[0])
    assert deploy[1] == "Fully"
    assert deploy[2].startswith("A model that passes validation is deployed")
    assert deploy[3] == "https://github.example.com/risk/fraud-pipeline/blob/main/pipeline/deploy.py"
    assert "](https://github.example.com/risk/fraud-pipeline/blob/main/pipeline/deploy.py)" in text


@pytest.mark.usefixtures("in_repository")
def test_summary_names_the_first_three_steps_of_the_plan(runner: CliRunner) -> None:
    text = report(runner, "fraud-platform")
    summary = text.split("## Summary", 1)[1].split("## Why this level", 1)[0]
    plan = text.split("### Next steps", 1)[1]
    first = re.findall(r"^\d+\. (.+)$", summary, flags=re.MULTILINE)
    assert len(first) == 3
    assert [f"**{action}**" for action in first] == re.findall(r"^\d+\. (.+)$", plan, flags=re.MULTILINE)[:3]
    assert "[Next steps](#next-steps)" in summary


@pytest.mark.usefixtures("in_repository")
def test_team_at_the_top_has_no_gaps_and_no_plan(runner: CliRunner) -> None:
    text = report(runner, "full-mlops")
    assert "**Google**: none; the top level is reached." in text
    assert "**Microsoft**: none; the top level is reached." in text
    assert "### Next steps" not in text
    assert "Start with" not in text


def test_a_level_reached_with_two_near_misses_says_both(runner: CliRunner, tmp_path: Path) -> None:
    # Two criteria a step short (an estimate each) keep Microsoft level 5; the report counts
    # both where it says what the team meets, and names each first among the gaps.
    shipped = load_shipped_questionnaires()
    answers: dict[str, object] = {question.id: "fully" for question in shipped.bank.questions}
    answers["se_release_ownership"] = {"answer": "partially", "estimate": True}
    answers["model_environments"] = {"answer": "partially", "estimate": True}
    path = tmp_path / "answers.yaml"
    path.write_text(
        yaml.safe_dump(
            {"questionnaire_version": shipped.version, "team": "T", "date": "2026-11-01", "answers": answers}
        ),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["report", str(path)])
    assert result.exit_code == 0, result.output
    text = " ".join(text_of(token) for token in parse(result.stdout) if token.type == "inline")
    assert "2 are not met yet: The software engineering team manages model releases (level 3);" in text
    assert text.count(", reached with this criterion short: ") == 2


def test_a_gap_that_caused_an_incident_is_said_where_the_plan_starts(runner: CliRunner) -> None:
    # A team whose answers say a segment regression hurt it: the report says so in the
    # summary, the plan and the appendix, in words a reader sees (CommonMark's text).
    path = ROOT / "tests" / "data" / "teams" / "answers" / "credit-limit-regulated-approval.yaml"
    result = runner.invoke(app, ["report", str(path)])
    assert result.exit_code == 0, result.output
    text = result.stdout
    seen = [text_of(token) for token in parse(text) if token.type == "inline"]
    summary = text.split("## Summary", 1)[1].split("## Why this level", 1)[0]
    first = re.findall(r"^1\. (.+)$", summary, flags=re.MULTILINE)[0]
    assert first.startswith("Add per-segment evaluation to the validation step")
    assert first.endswith("*(this gap caused an incident)*")
    assert any(line.startswith("First, the gaps the team says caused an incident.") for line in seen)
    question = "Does the automated model validation check that a new model performs consistently"
    assert any(line.startswith("Caused an incident, the team says: " + question) for line in seen), seen
    appendix = tables(text)[-1]
    marked = [row[0] for row in appendix.rows if "caused an incident" in row[0]]
    assert len(marked) == 1 and "(segment_validation)" in marked[0]


def test_a_step_for_an_incident_whose_criteria_are_met_says_why_it_is_there(runner: CliRunner) -> None:
    # The pharmacy's batch-input checks are in place in part, which meets the criterion;
    # the team says that gap hurt, so the step leads the plan, with its reason.
    path = ROOT / "tests" / "data" / "teams" / "answers" / "pharmacy-refill-notebooks-weekly-calls.yaml"
    result = runner.invoke(app, ["report", str(path)])
    assert result.exit_code == 0, result.output
    plan = result.stdout.split("### Next steps", 1)[1].split("## Capability profile", 1)[0]
    first = plan.split("\n2. ", 1)[0]
    assert "1. **Add a validation step before each batch scoring run" in first
    seen = [text_of(token) for token in parse(first) if token.type == "inline"]
    assert "Why: the criteria it serves are met, but the team says this gap caused an incident." in seen
    assert not any(line.startswith("Why:") and "needed for" in line for line in seen)
