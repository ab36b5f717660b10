"""Level numbers ascend one by one; a source's own numbers keep one offset from them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mlops_maturity.errors import Problem
from mlops_maturity.questionnaire.rules.folder_view import Folder, entries

ID = "contiguous-levels"


def check(folder: Folder) -> Iterator[Problem]:
    for doc in folder.documents:
        levels = entries(doc.data, "levels")
        numbers: list[Any] = [level.get("number") for _, level in levels]
        if numbers and all(isinstance(number, int) for number in numbers):
            expected = list(range(numbers[0], numbers[0] + len(numbers)))
            if numbers != expected:
                yield Problem(
                    doc.path,
                    doc.line_of(("levels",)),
                    key="levels",
                    message=f"numbers must be contiguous and ascending, got {numbers} (expected {expected})",
                )
        natives = [level.get("native_number") for _, level in levels]
        if any(native is not None for native in natives):
            offsets = {
                number - native
                for number, native in zip(numbers, natives, strict=True)
                if isinstance(number, int) and isinstance(native, int)
            }
            if None in natives or len(offsets) != 1:
                yield Problem(
                    doc.path,
                    doc.line_of(("levels",)),
                    key="levels",
                    message="native_number must be given for every level, at a constant offset from number",
                )
