"""Flat facts for a developer portal's scorecard: one JSON object per team, keys to values.

Portals read facts as a flat map of simple values (Backstage Tech Insights' JSON fact
retrievers, Port and Cortex custom data, OpenTelemetry-style attributes): no nesting to
walk, one key per level. Keys are stable; a model's are prefixed with its id:
`google_level`, `microsoft_native_level`...
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mlops_maturity.json_text import json_document

if TYPE_CHECKING:
    from mlops_maturity.engine.assessment import Assessment

FACTS_VERSION = 1
"""The facts' shape: a key is added with the same version, never renamed or removed."""


def facts(assessment: Assessment) -> dict[str, Any]:
    """The team's facts: who, when, and per model its level, the source's number, the strict
    level, the level's name and the progress towards the next level."""
    found: dict[str, Any] = {
        "facts_version": FACTS_VERSION,
        "team": assessment.team,
        "entity": assessment.entity,
        "owner": assessment.owner,
        "date": assessment.date.isoformat(),
        "questionnaire_version": assessment.questionnaire_version,
        "tool_version": assessment.tool_version,
        "unanswered": len(assessment.unanswered),
        "first_step": assessment.plan[0].id if assessment.plan else None,
    }
    for model_id, model in assessment.models.items():
        found[f"{model_id}_level"] = model.level
        found[f"{model_id}_native_level"] = model.native_level
        found[f"{model_id}_strict_level"] = model.strict.number
        found[f"{model_id}_level_name"] = model.name
        found[f"{model_id}_progress_percent"] = model.progress.percent if model.progress else 100
    return found


def render_facts(assessments: list[Assessment], *, as_list: bool) -> str:
    """One team's facts as a JSON object; several teams' as an array."""
    if len(assessments) == 1 and not as_list:
        return json_document(facts(assessments[0]))
    return json_document([facts(assessment) for assessment in assessments])
