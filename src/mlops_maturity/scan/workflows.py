"""A GitHub Actions workflow read as what runs: switched-off jobs and unreachable triggers blanked.

The detectors match lines of text; a workflow's YAML can say that some of them never run.
Before matching, the lines of a job whose `if:` is always false are blanked, and so is a
`push:` or `pull_request:` trigger that no change of a branch can fire (tags only, or every
branch ignored). Line numbers are kept. A workflow that is not valid YAML is left as it is.
Anchors and aliases are resolved by the YAML reader; nothing is executed. A workflow with an
alias inside its own anchor (`job: &a {steps: [*a]}`) can never run and has no end to
follow: it is `UnreadableWorkflow`, reported as unreadable evidence, never read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import yaml

from mlops_maturity.scan.ci_yaml import DefinitionTooLarge, composed

_ALWAYS_FALSE = re.compile(r"^\s*(\$\{\{\s*)?(false|0|''|\"\")(\s*\}\})?\s*$", re.IGNORECASE)
_EVERY_BRANCH = frozenset({"*", "**"})
_CHANGE_TRIGGERS = frozenset({"push", "pull_request", "pull_request_target"})


SELF_REFERENCE = "a YAML alias inside its own anchor: the workflow refers to itself"
TOO_DEEP = "YAML nested too deeply to read"


class UnreadableWorkflow(Exception):
    """A workflow that cannot be read as one; `why` says what stopped it."""

    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


def runnable_workflow(text: str) -> str:
    """The workflow with the lines that can never run on a change blanked (line numbers kept).

    Raises:
        UnreadableWorkflow: an alias inside its own anchor, or nesting too deep for the reader.
    """
    try:
        root = composed(text)
    except yaml.YAMLError:
        return text
    except DefinitionTooLarge as error:
        raise UnreadableWorkflow(error.why) from None
    except RecursionError as error:  # the pure-Python reader, without libyaml's depth limit
        raise UnreadableWorkflow(TOO_DEEP) from error
    if not isinstance(root, yaml.MappingNode):
        return text
    if "*" in text and _refers_to_itself(root):
        raise UnreadableWorkflow(SELF_REFERENCE)
    spans: list[tuple[int, int]] = []
    for key, value in root.value:
        if key.value in ("on", "true", "True"):  # YAML 1.1 reads an unquoted `on` as true
            spans.extend(_unreachable_triggers(value))
        elif key.value == "jobs" and isinstance(value, yaml.MappingNode):
            spans.extend(_switched_off_jobs(value))
    return _blank(text, spans) if spans else text


def _unreachable_triggers(node: yaml.Node) -> list[tuple[int, int]]:
    """Line spans of `push:`/`pull_request:` triggers that fire on tags only, or on no branch."""
    if not isinstance(node, yaml.MappingNode):
        return []
    spans = []
    for key, value in node.value:
        if key.value in _CHANGE_TRIGGERS and fires_on_no_branch(value):
            spans.append((key.start_mark.line, _last_line(value)))
    return spans


def fires_on_no_branch(node: yaml.Node) -> bool:
    """Whether a `push:`/`pull_request:` trigger's filters leave no branch to fire on (tags only, every branch ignored)."""
    if not isinstance(node, yaml.MappingNode):
        return False
    filters = {key.value: value for key, value in node.value}
    if "branches" in filters or "paths" in filters or "paths-ignore" in filters:
        return False
    ignored = filters.get("branches-ignore")
    if isinstance(ignored, yaml.SequenceNode) and any(item.value in _EVERY_BRANCH for item in ignored.value):
        return True
    if isinstance(ignored, yaml.ScalarNode) and ignored.value in _EVERY_BRANCH:
        return True
    # NOTE: `tags:` without `branches:` means the push trigger fires for tags only.
    return "tags" in filters or "tags-ignore" in filters


def _switched_off_jobs(jobs: yaml.MappingNode) -> list[tuple[int, int]]:
    spans = []
    for key, job in jobs.value:
        if not isinstance(job, yaml.MappingNode):
            continue
        condition = next((value for name, value in job.value if name.value == "if"), None)
        if always_false(condition):
            spans.append((key.start_mark.line, _last_line(job)))
    return spans


def always_false(condition: yaml.Node | None) -> bool:
    """Whether an `if:` is always false (`false`, `${{ false }}`, `0`, `''`): what it guards never runs."""
    return isinstance(condition, yaml.ScalarNode) and _ALWAYS_FALSE.match(str(condition.value)) is not None


def _refers_to_itself(root: yaml.Node) -> bool:
    """Whether a node contains itself (through an alias): depth first, each node once, no recursion."""
    done: set[int] = set()
    path = {id(root)}
    stack: list[tuple[yaml.Node, Iterator[yaml.Node]]] = [(root, _children(root))]
    while stack:
        node, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            path.discard(id(node))
            done.add(id(node))
        elif id(child) in path:
            return True
        elif id(child) not in done:
            path.add(id(child))
            stack.append((child, _children(child)))
    return False


def _children(node: yaml.Node) -> Iterator[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return (part for pair in node.value for part in pair)
    if isinstance(node, yaml.SequenceNode):
        return iter(node.value)
    return iter(())


def _last_line(node: yaml.Node) -> int:
    """The 0-based line where a node's content ends (a block's end mark is on the next line).

    Follows the last child down, in a loop: a workflow's nesting is bounded by the reader, not
    by Python's recursion limit (and `runnable_workflow` refused any node that contains itself).
    """
    while isinstance(node, yaml.MappingNode | yaml.SequenceNode) and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(last, tuple) else last
    end = node.end_mark
    return end.line - 1 if end.column == 0 and end.line > node.start_mark.line else end.line


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with the lines of each span (0-based, inclusive) emptied."""
    lines = text.split("\n")
    for first, last in spans:
        for number in range(first, min(last, len(lines) - 1) + 1):
            lines[number] = ""
    return "\n".join(lines)
