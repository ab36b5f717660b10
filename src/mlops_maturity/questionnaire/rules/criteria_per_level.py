"""The base level takes no criteria; every other level has some."""

from __future__ import annotations

from collections.abc import Iterator

from mlops_maturity.errors import Problem
from mlops_maturity.questionnaire.rules.folder_view import Folder, entries

ID = "criteria-per-level"


def check(folder: Folder) -> Iterator[Problem]:
    for doc in folder.documents:
        for position, (li, level) in enumerate(entries(doc.data, "levels")):
            name = level.get("name", "")
            if position == 0 and level.get("criteria"):
                yield Problem(
                    doc.path,
                    doc.line_of(("levels", li, "criteria")),
                    key=f"levels.{li}.criteria",
                    message=f"the base level ({name}) is held by every team and takes no criteria",
                )
            if position > 0 and not entries(level, "criteria"):
                yield Problem(
                    doc.path,
                    doc.line_of(("levels", li)),
                    key=f"levels.{li}",
                    message=f"level {level.get('number')} ({name}) has no criteria",
                )
