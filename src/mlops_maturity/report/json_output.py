"""The JSON result: stable, documented in the README, with `schema_version` first."""

from __future__ import annotations

import json
from typing import Any

from mlops_maturity.assessment import SCHEMA_VERSION, Assessment, as_data


def assessment_data(assessment: Assessment) -> dict[str, Any]:
    """The result as plain JSON-ready data."""
    data: dict[str, Any] = as_data(assessment)
    return data


def error_data(answers_file: str, message: str, problems: tuple[str, ...]) -> dict[str, Any]:
    """The entry for an answers file that could not be scored (several files at once)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "answers_file": answers_file,
        "error": message,
        "problems": list(problems),
    }


def render_json(entries: list[dict[str, Any]], *, as_list: bool) -> str:
    """One document for one file; an array, in the order given, for several."""
    payload: Any = entries if as_list else entries[0]
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
