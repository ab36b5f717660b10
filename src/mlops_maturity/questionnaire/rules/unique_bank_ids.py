"""Dimension, question and step ids are unique in the bank.

Each duplicate is reported where it is, with where the first one is.
"""

from __future__ import annotations

from collections.abc import Iterator

from mlops_maturity.errors import Problem
from mlops_maturity.questionnaire.rules.folder_view import Folder, duplicates, ids

ID = "unique-bank-ids"


def check(folder: Folder) -> Iterator[Problem]:
    document = folder.bank_document
    if folder.bank is None or document is None:
        return
    for key, what in (("dimensions", "dimension"), ("questions", "question"), ("steps", "step")):
        yield from duplicates(
            [(identifier, (key, index, "id"), document) for index, identifier in ids(folder.bank, key)], what
        )
