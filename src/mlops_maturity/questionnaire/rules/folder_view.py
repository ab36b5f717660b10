"""What every rule reads: a view of a questionnaire folder's raw data, and the checks rules share.

The view works on the parsed data, never on validated models, so that the rules run even
where a file's shape is invalid: anything not of the expected shape is skipped, and per-file
validation reports it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from mlops_maturity.errors import Problem
from mlops_maturity.yaml_document import Location, Suggestions, YamlDocument, key_path


def entries(data: Any, key: str) -> list[tuple[int, dict[str, Any]]]:
    """The mapping entries of a list under `key`, with their indexes; anything else is skipped."""
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, list):
        return []
    return [(index, entry) for index, entry in enumerate(value) if isinstance(entry, dict)]


def ids(data: Any, key: str) -> list[tuple[int, str]]:
    """The ids of the mapping entries of a list under `key`, with their indexes."""
    return [(index, str(entry["id"])) for index, entry in entries(data, key) if "id" in entry]


@dataclass(frozen=True, slots=True)
class CriterionEntry:
    """One criterion of a model file, where it is, and the level it belongs to."""

    document: YamlDocument
    level_index: int
    index: int
    data: dict[str, Any]

    @property
    def loc(self) -> Location:
        return ("levels", self.level_index, "criteria", self.index)

    @property
    def next_step_ids(self) -> list[Any]:
        """Its `next_steps` as written; none when they are not a list."""
        steps = self.data.get("next_steps")
        return steps if isinstance(steps, list) else []


@dataclass(frozen=True)  # no slots: cached_property keeps its values in __dict__
class Folder:
    """The raw data of a questionnaire folder, with what several rules look up."""

    bank_document: YamlDocument | None
    documents: list[YamlDocument] = field(default_factory=list)

    @cached_property
    def bank(self) -> dict[str, Any] | None:
        document = self.bank_document
        return document.data if document is not None and isinstance(document.data, dict) else None

    @cached_property
    def scale_values(self) -> list[str]:
        return [str(entry.get("value")) for _, entry in entries(self.bank, "scale")]

    @cached_property
    def not_applicable_value(self) -> str:
        declared = self.bank.get("not_applicable") if self.bank is not None else None
        return str(declared.get("value", "n/a")) if isinstance(declared, dict) else "n/a"

    @cached_property
    def scale_rank(self) -> dict[str, int]:
        return {value: position for position, value in enumerate(self.scale_values)}

    @cached_property
    def question_ids(self) -> set[str]:
        return {question_id for _, question_id in ids(self.bank, "questions")}

    @cached_property
    def step_ids(self) -> set[str]:
        return {step_id for _, step_id in ids(self.bank, "steps")}

    @cached_property
    def done_when_by_step(self) -> dict[str, dict[Any, Any]]:
        return {
            str(step["id"]): step["done_when"] if isinstance(step.get("done_when"), dict) else {}
            for _, step in entries(self.bank, "steps")
            if "id" in step
        }

    @cached_property
    def done_rank_by_step(self) -> dict[str, dict[Any, int]]:
        """Step id -> question id -> the rank on the scale of the answer at which it is done."""
        rank = self.scale_rank
        return {
            step_id: {
                question_id: rank[answer]
                for question_id, answer in done_when.items()
                if isinstance(answer, str) and answer in rank
            }
            for step_id, done_when in self.done_when_by_step.items()
        }

    @cached_property
    def question_hints(self) -> Suggestions:
        """Did-you-mean for unknown question ids, for the first few of them."""
        return Suggestions(sorted(self.question_ids))

    @cached_property
    def step_hints(self) -> Suggestions:
        """Did-you-mean for unknown step ids, for the first few of them."""
        return Suggestions(sorted(self.step_ids))

    @cached_property
    def criteria(self) -> list[CriterionEntry]:
        return [
            CriterionEntry(document, level_index, index, criterion)
            for document in self.documents
            for level_index, level in entries(document.data, "levels")
            for index, criterion in entries(level, "criteria")
        ]


def duplicates(found: list[tuple[str, Location, YamlDocument]], what: str) -> Iterator[Problem]:
    """Every id of `found` seen before, located, with where the first one is."""
    # NOTE: where the first one is, is looked up only for a duplicate: a clean folder of
    # 10,000 ids then costs no line lookups at all.
    first_seen: dict[str, tuple[Location, YamlDocument]] = {}
    for identifier, loc, document in found:
        if identifier in first_seen:
            first_loc, first_document = first_seen[identifier]
            yield Problem(
                document.path,
                document.line_of(loc),
                message=f"duplicate {what} id '{identifier}' (first defined at {first_document.where(first_loc)})",
            )
        else:
            first_seen[identifier] = (loc, document)


def answer_mapping(
    folder: Folder, answers: Any, document: YamlDocument, loc: Location, *, not_applicable: bool = False
) -> Iterator[Problem]:
    """A `question id -> answer` mapping (criteria's `requires`, steps' `done_when` and
    `safeguards`) names known questions and answers on the scale (`not_applicable`: or n/a)."""
    if not isinstance(answers, dict) or folder.bank is None:
        return
    key = key_path(loc)
    for question_id, answer in answers.items():
        if folder.question_ids and question_id not in folder.question_ids:
            yield Problem(
                document.path,
                document.key_line_of((*loc, question_id)),
                key=f"{key}.{question_id}",
                message="unknown question id",
                hint=folder.question_hints(str(question_id)),
            )
        allowed = [*folder.scale_values, *([folder.not_applicable_value] if not_applicable else [])]
        if folder.scale_values and answer not in allowed:
            yield Problem(
                document.path,
                document.line_of((*loc, question_id)),
                key=f"{key}.{question_id}",
                message=f"'{answer}' is not on the scale (expected one of: {', '.join(allowed)})",
            )
