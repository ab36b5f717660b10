"""The last fidelity details: links that show the quoted text, honest time, small over-reaches.

The Microsoft quotes are checked verbatim against the 2022 text saved in
tests/data/sources/microsoft-2022.md (test_fidelity.py, point 11); here, that the link the
questionnaire and the reports give names exactly that text.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mlops_maturity.answers.migrate import migrate
from mlops_maturity.cli import app
from mlops_maturity.engine.scoring import score
from mlops_maturity.questionnaire.model import QuestionnaireSet

from ..conftest import DATA, CliRun, make_answers
from ..report.conftest import inline_tokens, parse
from .test_fidelity import criterion, levels, team

ROOT = Path(__file__).resolve().parents[2]
PINNED = re.compile(r"repo (\S+), path (\S+), commit ([0-9a-f]{40})")


def _pinned_link() -> str:
    """The GitHub permalink of the saved 2022 text, from the repository, path and commit it was read at."""
    header = (DATA / "sources" / "microsoft-2022.md").read_text(encoding="utf-8").split("-->", 1)[0]
    found = PINNED.search(" ".join(header.split()))
    assert found, "the saved text names its repository, path and commit"
    repo, path, commit = found.groups()
    return f"https://github.com/{repo.rstrip(',')}/blob/{commit}/{path.rstrip(',')}"


# --- Microsoft's pinned text -----------------------------------------------------------------


def test_microsoft_s_quotes_link_to_the_pinned_2022_text_they_are_checked_against(shipped: QuestionnaireSet) -> None:
    source = shipped.model("microsoft").source
    assert source.quoted_text == _pinned_link()
    assert "2022" in source.version and "rewritten" in source.version
    # Google's page still serves the text its quotes come from: no second link.
    assert shipped.model("google").source.quoted_text is None


def test_the_markdown_report_links_to_the_pinned_text_beside_the_page(runner: CliRunner) -> None:
    result = runner.invoke(app, ["report", str(ROOT / "examples" / "fraud-platform.yaml")])
    assert result.exit_code == 0, result.output
    links = [token.attrGet("href") for token in inline_tokens(parse(result.stdout)) if token.type == "link_open"]
    assert _pinned_link() in links
    assert "https://learn.microsoft.com/en-us/azure/architecture/ai-ml/guide/mlops-maturity-model" in links


def test_the_json_result_and_the_models_listing_carry_the_pinned_text(cli: CliRun) -> None:
    import json

    result = json.loads(cli("score", ROOT / "examples" / "fraud-platform.yaml", "--format", "json").stdout)
    assert result["models"]["microsoft"]["source_quoted_text"] == _pinned_link()
    assert result["models"]["google"]["source_quoted_text"] is None
    listing = cli("models", env={"COLUMNS": "400"})
    assert listing.returncode == 0, listing.stderr
    assert _pinned_link() in listing.stdout


def test_no_rationale_calls_a_superseded_wording_the_current_text(shipped: QuestionnaireSet) -> None:
    for model in shipped.models:
        for level in model.levels:
            for each in level.criteria:
                assert "current text" not in (each.rationale or ""), each.id
    assert "Code is version controlled" in (criterion(shipped, "ms2_automated_builds").rationale or "")


# --- honest time -----------------------------------------------------------------------------


def test_the_time_to_answer_is_said_as_reading_time_and_judging_time(cli: CliRun) -> None:
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "takes about 15 minutes" in readme and "30 to 45 minutes" in readme
    help_text = " ".join(cli("assess", "--help", env={"COLUMNS": "200"}).stdout.split())
    assert "30 to 45 minutes" in help_text and "about 15 minutes" in help_text


# --- Google's level 1 and monitoring ---------------------------------------------------------


def test_google_level_1_needs_no_monitoring_and_its_rationale_quotes_both_places(shipped: QuestionnaireSet) -> None:
    # Decided from the text: level 1 lists no monitoring; level 0's lack of it is a portrait.
    unmonitored = levels(shipped, prediction_logging="no", performance_monitoring="no", monitoring_alerts="no")
    assert unmonitored["google"] == 1
    rationale = " ".join((criterion(shipped, "g2_model_monitoring").rationale or "").split())
    assert "Lack of active performance monitoring" in rationale
    assert "Monitoring: You collect statistics on the model performance" in " ".join(
        (criterion(shipped, "g2_model_monitoring").source.quote or "").split()
    )


# --- questions that asked more than the sources ------------------------------------------------


def test_a_registry_without_run_links_meets_the_registry_criteria(shipped: QuestionnaireSet) -> None:
    question = shipped.question("model_registry")
    assert "linked to its run" not in question.text
    assert '"mostly"' in question.help and '"fully"' in question.help  # the link is graded, not required
    assert levels(shipped, model_registry="mostly") == {"google": 2, "microsoft": 5}


def test_a_documented_release_engineers_run_by_hand_counts_for_any_team_size(shipped: QuestionnaireSet) -> None:
    help_text = " ".join(shipped.question("se_release_ownership").help.split())
    assert "only such a pipeline counts" not in help_text
    assert "documented, repeatable" in help_text and "one-person team" in help_text


def test_the_training_pipeline_question_leaves_validation_to_its_own_questions(shipped: QuestionnaireSet) -> None:
    help_text = " ".join(shipped.question("training_pipeline").help.split())
    assert "validates" not in help_text and "asked separately" in help_text


# --- steps and tools ---------------------------------------------------------------------------


def test_steps_name_tools_for_what_they_do(shipped: QuestionnaireSet) -> None:
    steps = shipped.steps_by_id
    assert "dbt" not in steps["automate_data_ingestion"].tools
    tools = " ".join(steps["test_all_code"].tools.split())
    assert tools.index("pytest") < tools.index("Great Expectations") and "beside" in tools


def test_drift_detection_is_not_a_step_of_google_s_monitoring_output(shipped: QuestionnaireSet) -> None:
    assert criterion(shipped, "g2_monitoring_triggers").next_steps == ("route_monitoring_alerts",)


def test_the_data_markers_come_before_logging_only_where_no_quality_signal_comes_back(
    shipped: QuestionnaireSet,
) -> None:
    # A service logs what it receives and returns without an agreement first; on a device
    # whose data may not leave it (performance monitoring n/a), what may be sent is agreed first.
    for performance_monitoring, markers_first in (("no", False), ("n/a", True)):
        answers = team(
            shipped, prediction_logging="no", performance_monitoring=performance_monitoring, ds_se_data_markers="no"
        )
        plan = [step.id for step in score(shipped, answers).plan]
        assert (plan.index("agree_data_markers") < plan.index("log_predictions")) is markers_first


# --- the version change says what changed ------------------------------------------------------


def test_the_migration_reasons_say_what_each_question_now_asks(shipped: QuestionnaireSet) -> None:
    first = next(migration for migration in shipped.bank.migrations if migration.from_version == "2026.11")
    reason = first.questions["code_version_control"].reason or ""
    assert "all_code_tests" not in reason and "asked nowhere" in reason
    last = next(migration for migration in shipped.bank.migrations if migration.to_version == shipped.version)
    for question_id in ("model_registry", "se_release_ownership", "training_pipeline"):
        assert "too low" in (last.questions[question_id].reason or ""), question_id


@pytest.mark.parametrize("question_id", ["model_registry", "se_release_ownership", "training_pipeline"])
def test_an_older_answer_to_a_changed_question_is_carried_with_its_reason(
    shipped: QuestionnaireSet, question_id: str
) -> None:
    old = make_answers("2026.12", **{question_id: {"answer": "partially", "note": "kept"}})
    result = migrate(old, shipped)
    carried = result.answers.answers[question_id]
    assert (carried.answer, carried.note) == ("partially", "kept")
    reasons = [change.reason for change in result.carried if change.question == question_id]
    assert reasons == [last_reason(shipped, question_id)]


def last_reason(shipped: QuestionnaireSet, question_id: str) -> str | None:
    last = next(migration for migration in shipped.bank.migrations if migration.to_version == shipped.version)
    return last.questions[question_id].reason
