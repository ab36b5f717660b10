"""Every step's `safeguards` and `safeguard_needs` name known questions and answers on the scale."""

from __future__ import annotations

from collections.abc import Iterator

from mlops_maturity.errors import Problem
from mlops_maturity.questionnaire.rules.folder_view import Folder, answer_mapping, entries

ID = "step-safeguards"


def check(folder: Folder) -> Iterator[Problem]:
    document = folder.bank_document
    if document is None:
        return
    for index, step in entries(folder.bank, "steps"):
        for key in ("safeguards", "safeguard_needs"):
            yield from answer_mapping(folder, step.get(key), document, ("steps", index, key))
