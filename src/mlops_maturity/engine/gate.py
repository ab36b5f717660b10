"""`--fail-under MODEL=LEVEL` thresholds: parsing them, and checking an assessment against them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mlops_maturity.errors import UsageError
from mlops_maturity.messages import _

if TYPE_CHECKING:
    from mlops_maturity.engine.assessment import Assessment, ModelResult
    from mlops_maturity.questionnaire.model import QuestionnaireSet

_THRESHOLD = r"^\s*([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(-?\d+)\s*$"


@dataclass(frozen=True, slots=True)
class Threshold:
    """The lowest acceptable level on one model, as this tool numbers it."""

    model: str
    level: int

    def __str__(self) -> str:
        return f"{self.model}={self.level}"


def parse_thresholds(texts: list[str], questionnaires: QuestionnaireSet) -> list[Threshold]:
    """Parse `MODEL=LEVEL` texts, checking the model and the level exist.

    Raises:
        UsageError: a malformed text, an unknown model or a level the model does not have.
    """
    thresholds = []
    known = [model.id for model in questionnaires.models]
    for given in texts:
        text = given if len(given) <= 40 else given[:37] + "..."  # as shown in messages
        match = re.match(_THRESHOLD, given)  # compiled only when a threshold is given
        if not match:
            raise UsageError(
                _(
                    "--fail-under '{text}': expected MODEL=LEVEL, e.g. --fail-under microsoft=3 (models: {models})"
                ).format(text=text, models=", ".join(known))
            )
        model_id, digits = match.group(1).lower(), match.group(2)
        if model_id not in known:
            raise UsageError(
                _("--fail-under '{text}': unknown model '{model}' (expected one of: {models})").format(
                    text=text, model=model_id, models=", ".join(known)
                )
            )
        numbers = [level.number for level in questionnaires.model(model_id).levels]
        # NOTE: no level has ten digits; Python refuses to convert over 4,300 of them.
        level = int(digits) if len(digits.lstrip("-")) < 10 else None
        if level is None or level not in numbers:
            raise UsageError(
                _(
                    "--fail-under '{text}': {model} has levels {lowest} to {highest} "
                    "(as this tool numbers them; see `mlops-maturity models`)"
                ).format(text=text, model=model_id, lowest=numbers[0], highest=numbers[-1])
            )
        thresholds.append(Threshold(model_id, level))
    return thresholds


@dataclass(frozen=True, slots=True)
class GateFailure:
    """A threshold an assessment is below: the renderers say it in words."""

    threshold: Threshold
    result: ModelResult
    """Where the team stands on the threshold's model."""


def failed_thresholds(assessment: Assessment, thresholds: list[Threshold]) -> list[GateFailure]:
    """Each threshold the assessment is below; thresholds on unscored models are skipped."""
    failures = []
    for threshold in thresholds:
        result = assessment.models.get(threshold.model)
        if result is not None and result.level < threshold.level:
            failures.append(GateFailure(threshold, result))
    return failures
