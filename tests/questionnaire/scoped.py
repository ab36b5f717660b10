"""The small test questionnaire (tests/data/mini) with a scope, for the tests of scopes."""

from __future__ import annotations

import shutil
from pathlib import Path

from mlops_maturity.questionnaire.folder import load_questionnaires
from mlops_maturity.questionnaire.model import QuestionnaireSet

from ..conftest import MINI

SCOPES = """
scopes:
  - id: trains_models
    text: "Does the team train its models?"
    help: "Fine-tuning counts as training."
    out_of_scope_reason: "The team trains no models."
    questions: [tracking, pipeline]
"""
"""Out of scope on no: `tracking` (the 2nd question asked) and `pipeline` (the 3rd)."""

REASON = "The team trains no models."


def scoped_mini(folder: Path, scopes: str = SCOPES) -> Path:
    """A copy of the mini questionnaire in `folder`, with `scopes` added to its bank."""
    shutil.copytree(MINI, folder)
    bank = folder / "questions.yaml"
    bank.write_text(bank.read_text(encoding="utf-8") + scopes, encoding="utf-8")
    return folder


def load_scoped_mini(folder: Path, scopes: str = SCOPES) -> QuestionnaireSet:
    return load_questionnaires(scoped_mini(folder, scopes))
