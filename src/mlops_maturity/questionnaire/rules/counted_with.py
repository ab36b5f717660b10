"""A criterion `counted_with` another names a criterion of its own level that stands alone.

The level rule weighs criteria counted together as one (the heaviest of them): parts of one
item of the source, split into several questions so that each can be answered. The one
named must be at the same level (the rule weighs a level's criteria together), must not be
counted with a third (a unit has one head), and neither may be `defining` (a defining
criterion is never weighed: it stops its level).
"""

from __future__ import annotations

from collections.abc import Iterator

from mlops_maturity.errors import Problem
from mlops_maturity.questionnaire.rules.folder_view import Folder
from mlops_maturity.yaml_document import key_path

ID = "counted-with"


def check(folder: Folder) -> Iterator[Problem]:
    by_level: dict[tuple[int, int], dict[str, dict[str, object]]] = {}
    for entry in folder.criteria:
        by_level.setdefault((id(entry.document), entry.level_index), {})[str(entry.data.get("id"))] = entry.data
    for entry in folder.criteria:
        head = entry.data.get("counted_with")
        if head is None:
            continue
        same_level = by_level[(id(entry.document), entry.level_index)]
        named = same_level.get(str(head))
        if named is None or head == entry.data.get("id"):
            why = "names no other criterion of the same level"
        elif named.get("counted_with") is not None:
            why = f"names `{head}`, which is itself counted with another criterion"
        elif entry.data.get("defining") is True or named.get("defining") is True:
            why = "joins a defining criterion, which the level rule never weighs"
        else:
            continue
        yield Problem(
            entry.document.path,
            entry.document.line_of((*entry.loc, "counted_with")),
            key=f"{key_path(entry.loc)}.counted_with",
            message=f"criterion {entry.data.get('id')} `counted_with: {head}` {why}",
        )
