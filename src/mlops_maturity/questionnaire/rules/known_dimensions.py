"""Every question belongs to a dimension the bank defines."""

from __future__ import annotations

from collections.abc import Iterator

from mlops_maturity.errors import Problem
from mlops_maturity.questionnaire.rules.folder_view import Folder, entries, ids

ID = "known-dimensions"


def check(folder: Folder) -> Iterator[Problem]:
    document = folder.bank_document
    if folder.bank is None or document is None:
        return
    dimension_ids = {dimension_id for _, dimension_id in ids(folder.bank, "dimensions")}
    for index, question in entries(folder.bank, "questions"):
        dimension = question.get("dimension")
        if dimension_ids and isinstance(dimension, str) and dimension not in dimension_ids:
            yield Problem(
                document.path,
                document.line_of(("questions", index, "dimension")),
                key=f"questions.{index}.dimension",
                message=f"unknown dimension '{dimension}' (expected one of: {', '.join(sorted(dimension_ids))})",
            )
