"""Answers files that plainly fit are built without pydantic's validator, into what it would build."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from mlops_maturity.answers.model import AnswersFile
from mlops_maturity.answers.plain import construct_plain
from mlops_maturity.yaml_document import parse_yaml

from ..conftest import ROOT

EXAMPLES = sorted((ROOT / "examples").rglob("*.yaml"))

VARIANTS = {
    "short forms": "answers:\n  a: mostly\n  b: no\n  c:\n",
    "full forms": (
        "answers:\n  a:\n    answer: fully\n    note: a note\n    evidence: one link\n"
        "  b:\n    answer: n/a\n    source: scan\n    confidence: low\n    evidence:\n      - x\n      - y\n"
    ),
    "no answers": "",
}


def _built_both_ways(text: str, shown: str) -> tuple[AnswersFile | None, AnswersFile]:
    data = parse_yaml(text, shown).data
    # as the loader does: the reader keeps a date as its text, the loader reads it
    data["date"] = datetime.date.fromisoformat(data["date"])
    return construct_plain(data), AnswersFile.model_validate(data)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.name)
def test_every_example_is_built_plainly_into_what_validation_builds(path: Path) -> None:
    plain, validated = _built_both_ways(path.read_text(encoding="utf-8"), str(path))
    if plain is None:  # a file the plain path leaves to pydantic: nothing to compare
        pytest.skip("not plain")
    assert plain == validated
    assert plain.model_fields_set == validated.model_fields_set
    assert [answer.model_fields_set for answer in plain.answers.values()] == [
        answer.model_fields_set for answer in validated.answers.values()
    ]


@pytest.mark.parametrize("name", VARIANTS)
def test_each_form_of_an_answer_is_built_plainly_into_what_validation_builds(name: str) -> None:
    header = "questionnaire_version: '2026.12'\nteam: Payments\ndate: 2026-11-12\n"
    plain, validated = _built_both_ways(header + VARIANTS[name], f"{name}.yaml")
    assert plain is not None, "a plain file"
    assert plain == validated
    assert plain.retired_answers == {} and plain.model_fields_set == validated.model_fields_set
    for question, answer in plain.answers.items():
        assert answer == validated.answers[question]
        assert answer.model_fields_set == validated.answers[question].model_fields_set, question
