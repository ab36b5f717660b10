"""`after` and `after_when` name known steps, never the step itself, `after_when`'s
conditions name known questions and answers (n/a included), and the prerequisites, both
kinds together, have no cycle.

Each cycle is reported once, at `steps`, as the path that closes it.
"""

from __future__ import annotations

from collections.abc import Iterator

from mlops_maturity.errors import Problem
from mlops_maturity.questionnaire.rules.folder_view import Folder, answer_mapping, entries
from mlops_maturity.yaml_document import Location, YamlDocument, key_path

ID = "step-prerequisites"


def check(folder: Folder) -> Iterator[Problem]:
    document = folder.bank_document
    if document is None or folder.bank is None:
        return
    graph: dict[str, list[str]] = {}
    for index, step in entries(folder.bank, "steps"):
        step_id = str(step.get("id"))
        after = step.get("after")
        if isinstance(after, list):
            graph.setdefault(step_id, []).extend(str(item) for item in after)
            for position, prerequisite in enumerate(after):
                yield from _named(folder, document, step_id, prerequisite, ("steps", index, "after", position))
        after_when = step.get("after_when")
        if isinstance(after_when, dict):
            graph.setdefault(step_id, []).extend(str(item) for item in after_when)
            for prerequisite, condition in after_when.items():
                loc: Location = ("steps", index, "after_when", prerequisite)
                yield from _named(folder, document, step_id, prerequisite, loc, key_line=True)
                if condition == {}:
                    yield Problem(
                        document.path,
                        document.key_line_of(loc),
                        key=key_path(loc),
                        message="a condition names no answer; list the step in `after` instead",
                    )
                yield from answer_mapping(folder, condition, document, loc, not_applicable=True)
    yield from _cycles(document, graph)


def _named(
    folder: Folder, document: YamlDocument, step_id: str, prerequisite: object, loc: Location, *, key_line: bool = False
) -> Iterator[Problem]:
    """A prerequisite is a known step other than the step itself."""
    if prerequisite == step_id:
        message = "a step cannot come after itself"
    elif folder.step_ids and prerequisite not in folder.step_ids:
        message = f"unknown step id '{prerequisite}'"
    else:
        return
    line = document.key_line_of(loc) if key_line else document.line_of(loc)
    yield Problem(document.path, line, key=key_path(loc), message=message)


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
                    message=f"the steps' `after` and `after_when` form a cycle: {cycle}",
                )
            elif prerequisite not in state:
                yield from visit(prerequisite, [*path, prerequisite])
        state[step_id] = 2

    for step_id in graph:
        if step_id not in state:
            yield from visit(step_id, [step_id])
