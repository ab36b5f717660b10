"""Each model file has its own id."""

from __future__ import annotations

from collections.abc import Iterator

from mlops_maturity.errors import Problem
from mlops_maturity.questionnaire.rules.folder_view import Folder, duplicates

ID = "unique-model-ids"


def check(folder: Folder) -> Iterator[Problem]:
    yield from duplicates(
        [
            (str(doc.data["id"]), ("id",), doc)
            for doc in folder.documents
            if isinstance(doc.data, dict) and "id" in doc.data
        ],
        "model",
    )
