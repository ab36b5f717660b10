"""Each answer appears once on the scale."""

from __future__ import annotations

from collections.abc import Iterator

from mlops_maturity.errors import Problem
from mlops_maturity.questionnaire.rules.folder_view import Folder

ID = "unique-scale-values"


def check(folder: Folder) -> Iterator[Problem]:
    document = folder.bank_document
    if folder.bank is not None and document is not None and len(set(folder.scale_values)) != len(folder.scale_values):
        yield Problem(document.path, document.line_of(("scale",)), key="scale", message="values must be unique")
