"""`score --format badge`: a shields.io endpoint badge,
`MLOps maturity | Google 1 · Microsoft 4 (Microsoft level 3)`.

The JSON that shields.io's endpoint badge reads (`schemaVersion`, `label`, `message`,
`color`). Levels are this tool's numbers, with the source's own beside them where they
differ, as every output says them. The colour follows the model the team is least
far along: where its level stands between that model's lowest and highest level decides.
"""

from __future__ import annotations

import json

from mlops_maturity.engine.assessment import Assessment, ModelResult
from mlops_maturity.report.wording import number_label
from mlops_maturity.safe_text import log_safe_json, one_line

LABEL = "MLOps maturity"
MAX_MESSAGE = 80
"""Characters of the message at most (many models, or long names from a questionnaire folder)."""


def share_of_the_way(model: ModelResult) -> float:
    """Where the level reached stands: 0 at the model's lowest level, 1 at its highest."""
    numbers = [level.number for level in model.levels]
    lowest, highest = min(numbers, default=model.level), max(numbers, default=model.level)
    return 1.0 if highest == lowest else (model.level - lowest) / (highest - lowest)


def badge_colour(assessment: Assessment) -> str:
    """For the model the team is least far along: red at its lowest level, orange below
    half-way, yellow from half-way, bright green at the top."""
    share = min((share_of_the_way(model) for model in assessment.models.values()), default=0.0)
    if share <= 0.0:
        return "red"
    if share < 0.5:
        return "orange"
    return "yellow" if share < 1.0 else "brightgreen"


def render_badge(assessment: Assessment) -> str:
    """The endpoint JSON for one team."""
    message = one_line(
        " · ".join(
            f"{model.model_name} {number_label(model.model_name, model.level, model.native_level)}"
            for model in assessment.models.values()
        )
    )
    if len(message) > MAX_MESSAGE:
        message = message[: MAX_MESSAGE - 1].rstrip() + "…"
    badge = {"schemaVersion": 1, "label": LABEL, "message": message, "color": badge_colour(assessment)}
    return log_safe_json(json.dumps(badge, ensure_ascii=False)) + "\n"
