"""A scanned draft's levels: held for lack of evidence is told apart from held by a finding."""

from __future__ import annotations

from mlops_maturity.engine.draft_levels import draft_levels
from mlops_maturity.questionnaire.model import QuestionnaireSet
from mlops_maturity.scan.catalogue import Catalogue
from tests.conftest import make_answers


def test_what_no_repository_shows_holds_the_draft_and_is_named(shipped: QuestionnaireSet, catalogue: Catalogue) -> None:
    # Everything a repository can show is there; the people questions are left for a person.
    answerable = catalogue.answerable_questions()
    draft = make_answers(shipped.version, **{question: "fully" for question in answerable})
    levels = {found.model: found for found in draft_levels(draft, shipped, answerable)}
    microsoft = levels["microsoft"]
    assert microsoft.scored.number == 1  # unanswered is not met
    assert microsoft.evidence.number == 5
    assert "model_handoff_to_engineers" in microsoft.unseen and "experiment_tracking" not in microsoft.unseen
    assert levels["google"].evidence.number == 2


def test_what_the_scan_looked_for_and_did_not_find_counts_as_no(
    shipped: QuestionnaireSet, catalogue: Catalogue
) -> None:
    answerable = catalogue.answerable_questions()
    found = {
        question: "fully"
        for question in answerable
        if question not in {"training_pipeline", "automated_model_deployment"}
    }
    levels = {found.model: found for found in draft_levels(make_answers(shipped.version, **found), shipped, answerable)}
    # Automated training is the change Microsoft level 3 is named for: not found, it stops there.
    assert levels["microsoft"].evidence.number == 2
    assert levels["google"].evidence.number == 0
