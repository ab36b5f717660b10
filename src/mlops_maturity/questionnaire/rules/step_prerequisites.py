"""`after` names known steps, never the step itself, and the prerequisites have no cycle.

Each cycle is reported once, at `steps`, as the path that closes it.
"""

from __future__ import annotations

from collections.abc import Iterator

from mlops_maturity.errors import Problem
from mlops_maturity.questionnaire.rules.folder_view import Folder, entries
from mlops_maturity.yaml_document import YamlDocument

ID = "step-prerequisites"


def check(folder: Folder) -> Iterator[Problem]:
    document = folder.bank_document
    if document is None or folder.bank is None:
        return
    graph: dict[str, list[str]] = {}
    for index, step in entries(folder.bank, "steps"):
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
    yield from _cycles(document, graph)


def _cycles(document: YamlDocument, graph: dict[str, list[str]]) -> Iterator[Problem]:
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
