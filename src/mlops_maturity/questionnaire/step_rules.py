"""Lint rules for what steps and versions declare: prerequisites, safeguards, migrations.

Like every rule (`rules.py`), each works on the raw data and returns its problems.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from mlops_maturity.errors import Problem

if TYPE_CHECKING:
    from mlops_maturity.questionnaire.rules import Folder


def _steps(folder: Folder) -> list[tuple[int, dict[str, Any]]]:
    steps = folder.bank.get("steps") if folder.bank else None
    return [
        (index, step) for index, step in enumerate(steps if isinstance(steps, list) else []) if isinstance(step, dict)
    ]


def step_prerequisites(folder: Folder) -> Iterator[Problem]:
    """`after` names known steps, never the step itself, and the prerequisites have no cycle."""
    document = folder.bank_document
    if document is None or folder.bank is None:
        return
    graph: dict[str, list[str]] = {}
    for index, step in _steps(folder):
        after = step.get("after")
        if not isinstance(after, list):
            continue
        step_id = str(step.get("id"))
        graph[step_id] = [str(item) for item in after]
        for position, prerequisite in enumerate(after):
            if prerequisite == step_id:
                message = "a step cannot come after itself"
            elif folder.step_ids and prerequisite not in folder.step_ids:
                message = f"unknown step id '{prerequisite}'"
            else:
                continue
            yield Problem(
                document.path,
                document.line_of(("steps", index, "after", position)),
                key=f"steps.{index}.after.{position}",
                message=message,
            )
    yield from _cycles(folder, graph)


def _cycles(folder: Folder, graph: dict[str, list[str]]) -> Iterator[Problem]:
    document = folder.bank_document
    assert document is not None
    state: dict[str, int] = {}  # 1: being visited, 2: done
    reported: set[str] = set()

    def visit(step_id: str, path: list[str]) -> Iterator[Problem]:
        state[step_id] = 1
        for prerequisite in graph.get(step_id, []):
            if state.get(prerequisite) == 1 and prerequisite not in reported:
                reported.add(prerequisite)
                cycle = (
                    " -> ".join([*path[path.index(prerequisite) :], prerequisite])
                    if prerequisite in path
                    else prerequisite
                )
                yield Problem(
                    document.path,
                    document.line_of(("steps",)),
                    key="steps",
                    message=f"the steps' `after` form a cycle: {cycle}",
                )
            elif prerequisite not in state:
                yield from visit(prerequisite, [*path, prerequisite])
        state[step_id] = 2

    for step_id in graph:
        if step_id not in state:
            yield from visit(step_id, [step_id])


def step_safeguards(folder: Folder) -> Iterator[Problem]:
    """`safeguards` name known questions and answers on the scale."""
    from mlops_maturity.questionnaire.rules import answer_mapping

    document = folder.bank_document
    if document is None:
        return
    for index, step in _steps(folder):
        yield from answer_mapping(folder, step.get("safeguards"), document, ("steps", index, "safeguards"))


def migrations(folder: Folder) -> Iterator[Problem]:
    """Migrations chain from the oldest version to this one; what they name exists."""
    document = folder.bank_document
    declared = folder.bank.get("migrations") if folder.bank else None
    if document is None or not isinstance(declared, list) or not declared:
        return
    version = str(folder.bank.get("version")) if folder.bank else ""
    entries = [(index, entry) for index, entry in enumerate(declared) if isinstance(entry, dict)]
    for (index, entry), following in zip(entries, [*entries[1:], None], strict=True):
        expected = str(following[1].get("from_version")) if following else version
        if str(entry.get("to_version")) != expected:
            yield Problem(
                document.path,
                document.line_of(("migrations", index, "to_version")),
                key=f"migrations.{index}.to_version",
                message=f"'{entry.get('to_version')}' should be '{expected}': each migration leads to the next one's "
                "from_version, the last one to this questionnaire's version",
            )
    last = entries[-1][0] if entries else None
    for index, entry in entries:
        questions = entry.get("questions")
        if index != last or not isinstance(questions, dict):
            continue  # only the last step's targets are this version's questions
        for old_id, change in questions.items():
            becomes = change.get("becomes") if isinstance(change, dict) else None
            for position, target in enumerate(becomes if isinstance(becomes, list) else []):
                if folder.question_ids and target not in folder.question_ids:
                    yield Problem(
                        document.path,
                        document.line_of(("migrations", index, "questions", old_id, "becomes", position)),
                        key=f"migrations.{index}.questions.{old_id}.becomes.{position}",
                        message=f"unknown question id '{target}' (expected a question of this version)",
                    )
            mapped = change.get("answers") if isinstance(change, dict) else None
            for old, new in mapped.items() if isinstance(mapped, dict) else []:
                if folder.scale_values and new not in folder.scale_values:
                    yield Problem(
                        document.path,
                        document.line_of(("migrations", index, "questions", old_id, "answers", old)),
                        key=f"migrations.{index}.questions.{old_id}.answers.{old}",
                        message=f"'{new}' is not on the scale (expected one of: {', '.join(folder.scale_values)})",
                    )
        added_ids = entry.get("added")
        for position, added in enumerate(added_ids if isinstance(added_ids, list) else []):
            if folder.question_ids and added not in folder.question_ids:
                yield Problem(
                    document.path,
                    document.line_of(("migrations", index, "added", position)),
                    key=f"migrations.{index}.added.{position}",
                    message=f"unknown question id '{added}' (expected a question new in this version)",
                )
