"""Every question and every step is used by some criterion."""

from __future__ import annotations

from collections.abc import Iterator

from mlops_maturity.errors import Problem
from mlops_maturity.questionnaire.rules.folder_view import Folder, ids

ID = "everything-used"


def check(folder: Folder) -> Iterator[Problem]:
    document = folder.bank_document
    if folder.bank is None or document is None or not folder.documents:
        return
    used_questions: set[str] = set()
    used_steps: set[str] = set()
    for entry in folder.criteria:
        requires = entry.data.get("requires")
        if isinstance(requires, dict):
            used_questions.update(str(question_id) for question_id in requires)
        used_steps.update(str(step_id) for step_id in entry.next_step_ids)
    for index, question_id in ids(folder.bank, "questions"):
        if question_id not in used_questions:
            yield Problem(
                document.path,
                document.line_of(("questions", index)),
                key=f"questions.{index}",
                message=f"question '{question_id}' is used by no criterion",
            )
    for index, step_id in ids(folder.bank, "steps"):
        if step_id not in used_steps:
            yield Problem(
                document.path,
                document.line_of(("steps", index)),
                key=f"steps.{index}",
                message=f"step '{step_id}' is used by no criterion",
            )
