"""Every criterion's `requires` names known questions and answers on the scale."""

from __future__ import annotations

from collections.abc import Iterator

from mlops_maturity.errors import Problem
from mlops_maturity.questionnaire.rules.folder_view import Folder, answer_mapping

ID = "criteria-requirements"


def check(folder: Folder) -> Iterator[Problem]:
    for entry in folder.criteria:
        yield from answer_mapping(folder, entry.data.get("requires"), entry.document, (*entry.loc, "requires"))
