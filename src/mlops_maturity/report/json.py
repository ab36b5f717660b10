"""The JSON result: stable, documented in the README, with `schema_version` first.

The data is the result types' fields in order (`result_data.as_data`); this renderer adds
the display `label` of each level, which schema version 1 consumers read, and the outcome of
`--fail-under` as `gate`. `report/result_schema.py` makes the JSON Schema from the result
types and the TypedDicts below, and places `label` and `gate` as this module does: a change
to either placement is a change there too (a test checks the output against the schema).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from mlops_maturity.engine.assessment import SCHEMA_VERSION, Assessment, LevelRef, ModelResult
from mlops_maturity.engine.batch import Failed, Outcome, Scored
from mlops_maturity.engine.result_data import as_data
from mlops_maturity.json_text import json_document, json_line
from mlops_maturity.report.wording import english_level_label
from mlops_maturity.safe_text import log_safe_json

if sys.version_info >= (3, 12):
    from typing import TypedDict
else:  # pydantic reads only typing_extensions' TypedDict (a dependency of pydantic) on 3.11
    from typing_extensions import TypedDict

if TYPE_CHECKING:
    from mlops_maturity.engine.gate import Threshold

Labeller = Callable[[str, int, "int | None", str], str]
"""(model name, number, native number, name) -> a level's label."""

LABELLED = (LevelRef, ModelResult)
"""Result types whose JSON has a `label` right after `name` (subclasses too)."""


class ThresholdData(TypedDict):
    """One `--fail-under MODEL=LEVEL`."""

    model: str
    level: int
    """The lowest acceptable level, as this tool numbers it."""


class GateFailureData(TypedDict):
    """A threshold the team is below."""

    model: str
    level: int
    """The level reached, as this tool numbers it."""
    required: int
    """The level `--fail-under` asked for."""


class GateData(TypedDict):
    """The outcome of `--fail-under` for one answers file; absent without `--fail-under`."""

    thresholds: list[ThresholdData]
    passed: bool
    """No threshold failed: `score` exits 0 for this file."""
    failures: list[GateFailureData]


class ErrorData(TypedDict):
    """In an array, an answers file that could not be scored."""

    schema_version: int
    answers_file: str
    error: str
    problems: list[str]
    """Each problem with its file, line and key."""


def insert_after(mapping: dict[str, Any], after: str, key: str, value: Any) -> dict[str, Any]:
    """A copy of `mapping` with `key` placed right after `after` (where schema version 1 has it)."""
    placed: dict[str, Any] = {}
    for existing, item in mapping.items():
        placed[existing] = item
        if existing == after:
            placed[key] = value
    return placed


def _with_label(level: dict[str, Any], model_name: str, label: Labeller) -> dict[str, Any]:
    """The level's dict with `label` right after `name`, where schema version 1 has it."""
    return insert_after(
        level, "name", "label", label(model_name, level["number"], level["native_number"], level["name"])
    )


def _labelled_unlocks(steps: list[dict[str, Any]], model_names: dict[str, str], label: Labeller) -> None:
    for step in steps:
        for unlock in step["unlocks"]:
            unlock["level"] = _with_label(unlock["level"], model_names[unlock["model"]], label)


def gate_data(outcome: Scored, thresholds: Sequence[Threshold]) -> GateData | None:
    """The gate's outcome for one scored file; None when no threshold was given."""
    if not thresholds:
        return None
    failures: list[GateFailureData] = [
        {"model": failure.threshold.model, "level": failure.result.level, "required": failure.threshold.level}
        for failure in outcome.failures
    ]
    return {
        "thresholds": [{"model": threshold.model, "level": threshold.level} for threshold in thresholds],
        "passed": not failures,
        "failures": failures,
    }


def _with_gate(data: dict[str, Any], gate: GateData | None) -> dict[str, Any]:
    """The data with `gate` after `assessor`: near the top, where a person reading looks first.

    Without thresholds there is no key at all: results read back (`result_data.from_data`)
    refuse keys that are not result fields or labels.
    """
    return data if gate is None else insert_after(data, "assessor", "gate", gate)


def assessment_data(
    assessment: Assessment, gate: GateData | None = None, *, label: Labeller = english_level_label
) -> dict[str, Any]:
    """The result as plain JSON-ready data, with the levels' display labels and the gate.

    The labels are English, as programs read them, unless the reports ask for the language in
    use (`wording.level_label`)."""
    data: dict[str, Any] = _with_gate(as_data(assessment), gate)
    model_names = {model_id: model["model_name"] for model_id, model in data["models"].items()}
    for model_id, model in data["models"].items():
        name = model_names[model_id]
        reached = {"number": model["level"], "native_number": model["native_level"], "name": model["name"]}
        labelled = insert_after(model, "name", "label", _with_label(reached, name, label)["label"])
        labelled["strict"] = _with_label(labelled["strict"], name, label)
        if labelled["next_level"] is not None:
            labelled["next_level"] = _with_label(labelled["next_level"], name, label)
        labelled["levels"] = [_with_label(level, name, label) for level in labelled["levels"]]
        for gap in labelled["gaps"]:
            gap["level"] = _with_label(gap["level"], name, label)
        _labelled_unlocks(labelled["next_steps"], model_names, label)
        data["models"][model_id] = labelled
    _labelled_unlocks(data["plan"], model_names, label)
    return data


def error_data(failed: Failed) -> ErrorData:
    """The entry for an answers file that could not be scored (several files at once)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "answers_file": failed.path,
        "error": failed.error.message,
        "problems": [str(problem) for problem in failed.problems],
    }


def render_json_lines(outcomes: Sequence[Outcome], thresholds: Sequence[Threshold] = ()) -> str:
    """JSON Lines: one compact document per outcome, each a line, for streaming many files."""
    lines = [
        json_line(
            error_data(outcome)
            if isinstance(outcome, Failed)
            else assessment_data(outcome.assessment, gate_data(outcome, thresholds))
        )
        for outcome in outcomes
    ]
    return log_safe_json("".join(line + "\n" for line in lines))


def render_json(outcomes: Sequence[Outcome], *, as_list: bool, thresholds: Sequence[Threshold] = ()) -> str:
    """One document for one file; an array, in the order given, for several (or `as_list`)."""
    entries = [
        error_data(outcome)
        if isinstance(outcome, Failed)
        else assessment_data(outcome.assessment, gate_data(outcome, thresholds))
        for outcome in outcomes
    ]
    payload: Any = entries if as_list else entries[0]
    return json_document(payload)
