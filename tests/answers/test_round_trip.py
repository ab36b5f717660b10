"""Rewriting a YAML answers file around its comments (`answers_text` with the file written over):
what changed is written as the tool writes it, and the file reads back as the answers."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from mlops_maturity.answers import round_trip, write
from mlops_maturity.answers.load import load_answers_text
from mlops_maturity.answers.model import Answer, AnswersFile
from mlops_maturity.answers.write import answers_text, render_answers
from mlops_maturity.questionnaire.model import QuestionnaireSet

from ..commented import END_COMMENT, SCHEMA_LINE, comments, in_order, with_comments
from ..conftest import EXAMPLES

FRAUD = EXAMPLES / "fraud-platform.yaml"


def _rewrite(text: str, answers: AnswersFile, questionnaires: QuestionnaireSet) -> str:
    return answers_text(answers, questionnaires, questionnaires.bank.questions, json_format=False, existing=text)


def _commented(questionnaires: QuestionnaireSet) -> tuple[str, AnswersFile]:
    text = with_comments(FRAUD.read_text(encoding="utf-8"), above="feature_store", line_end="training_pipeline")
    text = text.replace("  modular_components:\n    answer: mostly\n", "  modular_components:\n    answer:\n")
    return text, load_answers_text(text, "answers.yaml", questionnaires).answers


def _with(answers: AnswersFile, **changed: Answer | None) -> AnswersFile:
    given = {**answers.answers, **changed}
    return answers.model_copy(update={"answers": {key: value for key, value in given.items() if value is not None}})


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yaml")), ids=lambda path: path.name)
def test_a_file_whose_answers_did_not_change_is_written_as_it_was(example: Path, shipped: QuestionnaireSet) -> None:
    text = example.read_text(encoding="utf-8")
    assert _rewrite(text, load_answers_text(text, str(example), shipped).answers, shipped) == text


def test_a_new_no_is_quoted_and_text_with_line_breaks_is_escaped(shipped: QuestionnaireSet) -> None:
    text, answers = _commented(shipped)
    note = "Two lines:\nthe second with a bell\a and a tab\t."
    changed = _with(
        answers,
        training_pipeline=Answer(answer="no"),
        modular_components=Answer(answer="no", note=note, source="assess"),
        pipeline_metadata=Answer(answer="no"),
    )
    written = _rewrite(text, changed, shipped)
    lines = written.splitlines()
    assert in_order(comments(text), comments(written))
    # The comment at the end of the line stays at its column.
    assert "  training_pipeline: 'no'   # settled with the data team in October" in lines
    assert '    note: "Two lines:\\nthe second with a bell\\a and a tab\\t."' in lines
    data = yaml.safe_load(written)  # a YAML 1.1 reader: `no` unquoted would be False
    assert data["answers"]["training_pipeline"] == data["answers"]["pipeline_metadata"]["answer"] == "no"
    assert data["answers"]["modular_components"]["note"] == note
    assert load_answers_text(written, "answers.yaml", shipped).answers == changed


def test_a_removed_entry_leaves_its_comments_in_place(shipped: QuestionnaireSet) -> None:
    text, answers = _commented(shipped)
    written = _rewrite(text, _with(answers, feature_store=None, training_pipeline=None), shipped)
    lines = written.splitlines()
    assert in_order(comments(text), comments(written))
    assert "  feature_store:" not in written and "  training_pipeline:" not in written
    # Where each entry was: the block above it, and the comment at the end of its line as a full line.
    at = lines.index("  #   asked again at the quarterly review; see the wiki page.")
    assert lines[at + 1 : at + 3] == ["  # Automation", "  automated_data_pipeline: fully"]
    at = lines.index("  # settled with the data team in October")
    assert lines[at - 1] == "  automated_data_pipeline: fully" and lines[at + 1] == "  continuous_training:"


def test_a_new_answer_goes_after_the_question_before_it(shipped: QuestionnaireSet) -> None:
    text, answers = _commented(shipped)
    text = text.replace("  app_ci_builds: fully\n", "")
    written = _rewrite(text, _with(answers, app_ci_builds=Answer(answer="mostly", source="assess")), shipped)
    after_retraining = written.split("  retraining_triggered_by_monitoring:", 1)[1]
    assert after_retraining.index(
        "  app_ci_builds:\n    answer: mostly\n    source: assess\n"
    ) < after_retraining.index("  pipeline_ci:")
    assert written.splitlines()[0] == SCHEMA_LINE and written.splitlines()[-1] == END_COMMENT


def test_the_file_keeps_its_own_indentation(shipped: QuestionnaireSet) -> None:
    text = (
        "# ours\nquestionnaire_version: '2027.01'\nteam: T\ndate: 2026-11-05\nanswers:\n"
        "    experiment_tracking:\n        answer: partially\n        evidence:\n        - https://a  # first\n"
        "    feature_store: 'no'\n"
    )
    answers = load_answers_text(text, "answers.yaml", shipped).answers
    given = Answer(answer="mostly", evidence=("https://b", "https://c"), source="assess")
    written = _rewrite(text, _with(answers, feature_store=given), shipped)
    assert written == text.replace(
        "    feature_store: 'no'\n",
        "    feature_store:\n        answer: mostly\n        evidence:\n        - https://b\n        - https://c\n"
        "        source: assess\n",
    )


def test_the_tool_comments_follow_the_answers(shipped: QuestionnaireSet) -> None:
    _, answers = _commented(shipped)
    fresh = render_answers(answers, shipped, shipped.bank.questions, with_help=False)
    text = fresh.replace(f"version {shipped.version}:", "version 2026.12:", 1) + "# our own last line\n"
    out_of_scope = _rewrite(text, answers.model_copy(update={"scope": {"trains_models": False}}), shipped)
    assert out_of_scope.splitlines()[0] == write.header_comment(shipped)
    note = "  # n/a while scope trains_models is false; an answer here is set aside.\n  experiment_tracking: fully"
    assert note in out_of_scope and out_of_scope.endswith("# our own last line\n")
    back_in = _rewrite(out_of_scope, answers.model_copy(update={"scope": {"trains_models": True}}), shipped)
    assert "set aside" not in back_in and "# our own last line" in back_in


def test_a_file_too_long_or_not_rewritable_is_written_afresh_with_its_schema_line(
    shipped: QuestionnaireSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    text, answers = _commented(shipped)
    fresh = SCHEMA_LINE + "\n" + render_answers(answers, shipped, shipped.bank.questions, with_help=False)
    monkeypatch.setattr(write, "MAX_ROUND_TRIP_CHARS", len(text) - 1)
    assert _rewrite(text, answers, shipped) == fresh
    monkeypatch.undo()

    def fails(*_: object) -> str:
        raise RuntimeError("a round trip that fails")

    monkeypatch.setattr(round_trip, "updated_text", fails)
    assert _rewrite(text, answers, shipped) == fresh


def test_an_incident_is_written_and_read_back_in_both_formats(shipped: QuestionnaireSet) -> None:
    text, answers = _commented(shipped)
    changed = _with(
        answers,
        data_validation=Answer(answer="partially", incident=True, note="Bad rows reached training in May."),
        pipeline_metadata=Answer(answer="no", estimate=True, incident=True),
    )
    rewritten = _rewrite(text, changed, shipped)
    assert in_order(comments(text), comments(rewritten))
    for written in (rewritten, render_answers(changed, shipped, shipped.bank.questions, with_help=True)):
        again = load_answers_text(written, "answers.yaml", shipped).answers
        assert again.answers["data_validation"].incident and again.answers["pipeline_metadata"].incident
        assert again.answers["pipeline_metadata"].estimate
        assert not again.answers["training_pipeline"].incident
    as_json = answers_text(changed, shipped, shipped.bank.questions, json_format=True)
    assert load_answers_text(as_json, "answers.json", shipped).answers.answers["data_validation"].incident
