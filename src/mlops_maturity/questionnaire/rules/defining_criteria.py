"""A model that tolerates missed criteria names, at every level above the base, what defines it.

The level rule reaches a level with up to `tolerance` of its criteria short, but never a
`defining` one (the change the level is named for). A level with none could then be reached
on its other criteria alone, or, with a single criterion, on nothing at all.
"""

from __future__ import annotations

from collections.abc import Iterator

from mlops_maturity.errors import Problem
from mlops_maturity.questionnaire.rules.folder_view import Folder, entries

ID = "defining-criteria"


def check(folder: Folder) -> Iterator[Problem]:
    for doc in folder.documents:
        tolerance = doc.data.get("tolerance") if isinstance(doc.data, dict) else None
        if not isinstance(tolerance, int | float) or isinstance(tolerance, bool) or tolerance <= 0:
            continue
        for position, (li, level) in enumerate(entries(doc.data, "levels")):
            criteria = [criterion for _, criterion in entries(level, "criteria")]
            if position == 0 or not criteria or any(criterion.get("defining") is True for criterion in criteria):
                continue
            yield Problem(
                doc.path,
                doc.line_of(("levels", li)),
                key=f"levels.{li}",
                message=(
                    f"level {level.get('number')} ({level.get('name', '')}) marks no criterion `defining: true`;"
                    f" with tolerance {tolerance} it could be reached without the change it is named for"
                ),
            )
