"""Every step a criterion names is in the bank."""

from __future__ import annotations

from collections.abc import Iterator

from mlops_maturity.errors import Problem
from mlops_maturity.questionnaire.rules.folder_view import Folder
from mlops_maturity.yaml_document import key_path

ID = "known-steps"


def check(folder: Folder) -> Iterator[Problem]:
    if folder.bank is None:
        return
    for entry in folder.criteria:
        for si, step_id in enumerate(entry.next_step_ids):
            if isinstance(step_id, str) and step_id not in folder.step_ids:
                yield Problem(
                    entry.document.path,
                    entry.document.line_of((*entry.loc, "next_steps", si)),
                    key=f"{key_path(entry.loc)}.next_steps.{si}",
                    message=f"unknown step id '{step_id}'",
                    hint=folder.step_hints(step_id),
                )
