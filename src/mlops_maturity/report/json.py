"""The JSON result: stable, documented in the README, with `schema_version` first.

The data is the result types' fields in order (`result_data.as_data`); this renderer adds
the display `label` of each level, which schema version 1 consumers read.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from mlops_maturity.engine.assessment import SCHEMA_VERSION, Assessment
from mlops_maturity.engine.batch import Failed, Outcome
from mlops_maturity.engine.result_data import as_data
from mlops_maturity.report.wording import level_label


def _with_label(level: dict[str, Any], model_name: str) -> dict[str, Any]:
    """The level's dict with `label` right after `name`, where schema version 1 has it."""
    label = level_label(model_name, level["number"], level["native_number"], level["name"])
    labelled: dict[str, Any] = {}
    for key, value in level.items():
        labelled[key] = value
        if key == "name":
            labelled["label"] = label
    return labelled


def _labelled_unlocks(steps: list[dict[str, Any]], model_names: dict[str, str]) -> None:
    for step in steps:
        for unlock in step["unlocks"]:
            unlock["level"] = _with_label(unlock["level"], model_names[unlock["model"]])


def assessment_data(assessment: Assessment) -> dict[str, Any]:
    """The result as plain JSON-ready data, with the levels' display labels."""
    data: dict[str, Any] = as_data(assessment)
    model_names = {model_id: model["model_name"] for model_id, model in data["models"].items()}
    for model_id, model in data["models"].items():
        name = model_names[model_id]
        reached = {"number": model["level"], "native_number": model["native_level"], "name": model["name"]}
        labelled = {}
        for key, value in model.items():
            labelled[key] = value
            if key == "name":
                labelled["label"] = _with_label(reached, name)["label"]
        if labelled["next_level"] is not None:
            labelled["next_level"] = _with_label(labelled["next_level"], name)
        labelled["levels"] = [_with_label(level, name) for level in labelled["levels"]]
        for gap in labelled["gaps"]:
            gap["level"] = _with_label(gap["level"], name)
        _labelled_unlocks(labelled["next_steps"], model_names)
        data["models"][model_id] = labelled
    _labelled_unlocks(data["plan"], model_names)
    return data


def error_data(failed: Failed) -> dict[str, Any]:
    """The entry for an answers file that could not be scored (several files at once)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "answers_file": failed.path,
        "error": failed.error.message,
        "problems": [str(problem) for problem in failed.problems],
    }


def render_json(outcomes: Sequence[Outcome], *, as_list: bool) -> str:
    """One document for one file; an array, in the order given, for several."""
    entries = [
        error_data(outcome) if isinstance(outcome, Failed) else assessment_data(outcome.assessment)
        for outcome in outcomes
    ]
    payload: Any = entries if as_list else entries[0]
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
