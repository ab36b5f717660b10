"""A scanned draft's levels, worded (`engine.draft_levels`): first in every format of `scan`,
because a draft held at the base levels for lack of evidence must not read as a finding."""

from __future__ import annotations

from typing import Any

from mlops_maturity.engine.draft_levels import DraftLevels
from mlops_maturity.report.wording import level_label

_QUESTIONS_SHOWN = 12
"""Unseen questions named in the sentence; the JSON lists them all."""


def levels_data(levels: list[DraftLevels]) -> dict[str, Any]:
    """`levels` in `scan --format json`: per model, the level scored and the level the evidence reaches."""
    return {
        found.model: {
            "scored": found.scored.number,
            "evidence": found.evidence.number,
            "native_scored": found.scored.native_number,
            "native_evidence": found.evidence.native_number,
            "held_for_lack_of_evidence": found.evidence.number > found.scored.number,
            "unseen_questions": list(found.unseen),
        }
        for found in levels
    }


def _label(found: DraftLevels, which: str) -> str:
    level = found.scored if which == "scored" else found.evidence
    return f"{found.model_name} {level_label(found.model_name, level.number, level.native_number, level.name)}"


def levels_lines(levels: list[DraftLevels]) -> list[str]:
    """What the draft's levels rest on, in sentences: the levels scored, then, where the
    evidence reaches higher, that they are held for lack of evidence and by which questions."""
    scored = "; ".join(_label(found, "scored") for found in levels)
    lines = [f"Levels of this draft as scored (unanswered questions are not met): {scored}."]
    held = [found for found in levels if found.evidence.number > found.scored.number]
    if not held:
        lines.append("The evidence reaches no higher: these levels rest on what the files show or lack.")
        return lines
    unseen = list(dict.fromkeys(question for found in held for question in found.unseen))
    named = ", ".join(unseen[:_QUESTIONS_SHOWN]) + (
        f" and {len(unseen) - _QUESTIONS_SHOWN} more" if len(unseen) > _QUESTIONS_SHOWN else ""
    )
    reached = "; ".join(_label(found, "evidence") for found in held)
    lines.append(
        f"Held for lack of evidence, not by a finding: with what no repository shows set aside and "
        f"what the scan looked for and did not find read as no, the evidence reaches {reached}. "
        f"Answer these for the team's levels: {named}."
    )
    return lines
