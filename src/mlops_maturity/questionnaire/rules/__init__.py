"""lint's checks across entries and files, the ones per-file validation cannot make.

One module per rule, as yamllint's rules are: its docstring is the rule's doc, `ID` names
it and `check(folder)` yields its problems. Every rule reads the raw data of the files
through a `Folder` (`folder_view.py`), so that it runs even where a file's shape is
invalid, and one `lint` lists every problem at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from mlops_maturity.errors import Problem
from mlops_maturity.questionnaire.rules import (
    contiguous_levels,
    counted_with,
    criteria_per_level,
    criteria_requirements,
    defining_criteria,
    everything_used,
    known_dimensions,
    known_steps,
    migrations,
    scope_questions,
    step_prerequisites,
    step_safeguards,
    steps_cover_requirements,
    steps_done_when,
    unique_bank_ids,
    unique_criterion_ids,
    unique_model_ids,
    unique_scale_values,
)
from mlops_maturity.questionnaire.rules.folder_view import Folder
from mlops_maturity.yaml_document import YamlDocument

__all__ = ["RULES", "Folder", "Rule", "cross_check"]


class Rule(Protocol):
    """A rule: one module of this package (its docstring is the rule's doc)."""

    ID: str

    def check(self, folder: Folder) -> Iterator[Problem]: ...


RULES: tuple[Rule, ...] = (
    unique_bank_ids,
    unique_scale_values,
    steps_done_when,
    known_dimensions,
    unique_model_ids,
    unique_criterion_ids,
    contiguous_levels,
    criteria_per_level,
    defining_criteria,
    counted_with,
    criteria_requirements,
    steps_cover_requirements,
    known_steps,
    everything_used,
    step_prerequisites,
    step_safeguards,
    scope_questions,
    migrations,
)
"""Every rule, in the order `lint` reports their problems."""


def cross_check(bank_document: YamlDocument | None, documents: list[YamlDocument]) -> list[Problem]:
    """Every problem the rules find, in the order of `RULES`."""
    folder = Folder(bank_document, documents)
    return [problem for rule in RULES for problem in rule.check(folder)]
