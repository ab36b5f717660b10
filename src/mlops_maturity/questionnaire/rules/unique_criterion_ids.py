"""Criterion ids are unique across every model."""

from __future__ import annotations

from collections.abc import Iterator

from mlops_maturity.errors import Problem
from mlops_maturity.questionnaire.rules.folder_view import Folder, duplicates

ID = "unique-criterion-ids"


def check(folder: Folder) -> Iterator[Problem]:
    yield from duplicates(
        [
            (str(entry.data["id"]), (*entry.loc, "id"), entry.document)
            for entry in folder.criteria
            if "id" in entry.data
        ],
        "criterion",
    )
