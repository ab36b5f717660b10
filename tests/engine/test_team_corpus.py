"""The team corpus (tests/data/teams/): what already holds for every team answered blind.

The levels and first step most of each team's readers chose (`expected.yaml`) are compared by
`benchmarks/team_corpus.py`; here, what every answer must give whatever the comparison, and
each recorded disagreement.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from mlops_maturity.answers.load import load_answers
from mlops_maturity.engine.scoring import score
from mlops_maturity.questionnaire.model import QuestionnaireSet

from ..conftest import DATA

CORPUS = DATA / "teams"
EXPECTED = yaml.safe_load((CORPUS / "expected.yaml").read_text(encoding="utf-8"))


def test_every_team_has_a_description_expected_levels_and_blind_answers() -> None:
    described = {path.stem for path in CORPUS.glob("*.md")}
    answered = {path.stem for path in (CORPUS / "answers").glob("*.yaml")}
    assert described == set(EXPECTED) == answered
    assert len(described) >= 20
    for slug in described:
        description, expected = (CORPUS / f"{slug}.md").read_text(encoding="utf-8").split("\n---\n", 1)
        assert "Expected" in expected, slug
        assert "level" not in description.lower().replace("service-level", ""), slug  # facts, not levels


@pytest.mark.parametrize("slug", sorted(EXPECTED))
def test_each_team_scores_and_the_rule_never_places_it_below_the_every_criterion_level(
    slug: str, shipped: QuestionnaireSet
) -> None:
    answers = load_answers(CORPUS / "answers" / f"{slug}.yaml", shipped).answers
    ruled, strict = score(shipped, answers), score(shipped, answers, strict=True)
    for model_id, model in ruled.models.items():
        assert model.strict.number == strict.models[model_id].level
        assert model.level >= model.strict.number
        # What is tolerated is named first, and never more than the model's tolerance allows.
        short = [gap for gap in model.gaps if gap.tolerated]
        assert model.gaps[: len(short)] == short
        # Near misses weigh 0.5, so twice the tolerance of them; checks of one item weigh as one.
        assert len(short) <= 2 * shipped.model(model_id).tolerance + 2


def test_a_team_that_trains_nothing_is_not_asked_to_build_training(shipped: QuestionnaireSet) -> None:
    path: Path = CORPUS / "answers" / "hosted-llm-support-assistant.yaml"
    answers = load_answers(path, shipped).answers
    assert answers.scope == {"trains_models": False}
    training = set(shipped.out_of_scope(answers.scope))
    result = score(shipped, answers)
    for step in result.plan:
        done_when = set(shipped.steps_by_id[step.id].done_when)
        assert not done_when or not done_when <= training, step.id


@pytest.mark.parametrize("slug", sorted(EXPECTED))
def test_each_team_gets_its_expected_levels_and_first_step_or_its_recorded_disagreement(
    slug: str, shipped: QuestionnaireSet
) -> None:
    expected = EXPECTED[slug]
    result = score(shipped, load_answers(CORPUS / "answers" / f"{slug}.yaml", shipped).answers)
    levels = {model_id: expected[model_id] for model_id in result.models} | expected.get("tool_levels", {})
    assert {model_id: model.level for model_id, model in result.models.items()} == levels
    chosen = [expected["first_step"], *expected.get("first_step_also", [])]
    first = result.plan[0].id if result.plan else None
    if "tool_first_step" in expected:
        assert first == expected["tool_first_step"] and first not in chosen
    else:
        assert first in chosen
    assert all(step_id in shipped.steps_by_id for step_id in [*chosen, *expected["first_step_votes"]])


@pytest.mark.parametrize("slug", sorted(EXPECTED))
def test_the_expected_first_step_and_levels_are_what_most_readers_chose(slug: str) -> None:
    expected = EXPECTED[slug]
    votes = expected["first_step_votes"]
    most = max(votes.values())
    assert {expected["first_step"], *expected.get("first_step_also", [])} == {
        step_id for step_id, count in votes.items() if count == most
    }
    for model_id, levels in expected.get("level_votes", {}).items():
        top = max(levels.values())
        majority = {level for level, count in levels.items() if count == top}
        # The team's own reader is one more vote for the expected level.
        assert expected[model_id] in majority or "level_note" in expected, (slug, model_id, levels)


def test_the_corpus_agrees_with_the_levels_argued_from_the_sources_for_most_teams() -> None:
    # Each disagreement is recorded with its reason; this bounds how many there may be.
    disagreements = sum(len(expected.get("tool_levels", {})) for expected in EXPECTED.values())
    assert disagreements <= 29  # of 246 levels
    assert sum("tool_first_step" in expected for expected in EXPECTED.values()) <= 37  # of 123 teams
