"""The shipped questionnaires' fast path: built without validation, so their text must already be printable.

Installed from a wheel, the shipped files are built with `construct_unchecked`, which skips
the `printable` that validation applies to every text field. That is safe only while the
files hold no character `printable` would remove; these tests keep it so.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from mlops_maturity.questionnaire import shipped as shipped_module
from mlops_maturity.questionnaire.folder import load_questionnaires
from mlops_maturity.questionnaire.model import QuestionnaireSet
from mlops_maturity.questionnaire.shipped import load_shipped_questionnaires
from mlops_maturity.safe_text import printable

from ..conftest import ROOT

SHIPPED_FOLDER = ROOT / "questionnaires"


def _texts(node: Any, where: str) -> Iterator[tuple[str, str]]:
    """Every string in a model, with where it is: field values, tuple entries, mapping keys and values."""
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from _texts(getattr(node, name), f"{where}.{name}")
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _texts(key, f"{where}[key {key!r}]")
            yield from _texts(value, f"{where}[{key!r}]")
    elif isinstance(node, (tuple, list)):
        for index, value in enumerate(node):
            yield from _texts(value, f"{where}[{index}]")
    elif isinstance(node, str):
        yield where, node


@pytest.fixture(scope="module")
def unchecked() -> Iterator[QuestionnaireSet]:
    """The shipped set as an installed wheel builds it: `construct_unchecked`, no validation."""
    with pytest.MonkeyPatch.context() as patch:
        # NOTE: a checkout has no packaged folder, and would validate; point the fast path at the files.
        patch.setattr(shipped_module, "_packaged_questionnaires_dir", lambda: SHIPPED_FOLDER)
        yield load_shipped_questionnaires()


def test_the_fast_path_read_the_shipped_files(unchecked: QuestionnaireSet) -> None:
    assert Path(unchecked.location) == SHIPPED_FOLDER
    assert {model.id for model in unchecked.models} == {"google", "microsoft"}


def test_the_shipped_questionnaires_hold_only_printable_text(unchecked: QuestionnaireSet) -> None:
    texts = list(_texts(unchecked.bank, "questions.yaml"))
    for model in unchecked.models:
        texts += _texts(model, f"{model.id}.yaml")
    assert len(texts) > 500, "the walk should reach every text field"
    unprintable = [(where, text) for where, text in texts if printable(text) != text]
    assert not unprintable, f"characters printable() would remove: {unprintable[:5]}"


def test_the_fast_path_builds_what_validation_builds(unchecked: QuestionnaireSet) -> None:
    checked = load_questionnaires(SHIPPED_FOLDER)
    assert unchecked.bank.model_dump() == checked.bank.model_dump()
    assert [model.model_dump() for model in unchecked.models] == [model.model_dump() for model in checked.models]
