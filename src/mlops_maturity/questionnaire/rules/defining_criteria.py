"""A model that tolerates missed criteria names, at every level above the base, what defines it.

The level rule reaches a level with up to `tolerance` of its criteria short, but never a
`defining` one (the change the level is named for). A level with none could then be reached
on its other criteria alone, or, with a single criterion, on nothing at all. A criterion is
`defining` or `supporting` (weighs one step short at most), never both: what a level is
named for is never light.
"""

from __future__ import annotations

from collections.abc import Iterator

from mlops_maturity.errors import Problem
from mlops_maturity.questionnaire.rules.folder_view import Folder, entries
from mlops_maturity.yaml_document import key_path

ID = "defining-criteria"


def check(folder: Folder) -> Iterator[Problem]:
    for entry in folder.criteria:
        if entry.data.get("defining") is True and entry.data.get("supporting") is True:
            yield Problem(
                entry.document.path,
                entry.document.line_of((*entry.loc, "supporting")),
                key=f"{key_path(entry.loc)}.supporting",
                message=f"criterion {entry.data.get('id')} is both `defining` and `supporting`; a level's "
                "defining criterion is never weighed lighter",
            )
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
