"""What a CI definition shows (`CiFile`), and reading its YAML nodes: members, scalars, commands with their lines."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import repeat
from typing import Literal, NamedTuple

import yaml

from mlops_maturity.scan.result import CiCall

Node = yaml.Node


class Command(NamedTuple):
    """A command CI runs: its line, its text, and the folder it runs in (from the repository root).

    NOTE: a named tuple, made faster than a frozen dataclass: a 1 MiB file can hold 100,000 commands.
    """

    line: int
    text: str
    folder: str = ""


@dataclass
class CiFile:
    """What one CI definition file shows."""

    commands: list[Command] = field(default_factory=list)
    actions: list[tuple[int, str]] = field(default_factory=list)
    """GitHub Actions steps' `uses:` (line, action)."""
    calls: list[CiCall] = field(default_factory=list)
    """Work defined in another repository (or by the service): it happens there."""
    includes: list[tuple[int, str]] = field(default_factory=list)
    """Files of this repository it runs as part of itself (line, path from the root)."""
    triggers: list[str] = field(default_factory=list)
    on_change: bool | None = None
    """Whether a change (push, pull request) starts it; None when that is configured outside the repository."""


class LineCounter:
    """The 1-based lines of positions in a text, read in increasing order: each line break is counted once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.line = 1
        self.at = 0

    def line_of(self, position: int) -> int:
        if position < self.at:  # an earlier position: count again from the start
            self.line, self.at = 1, 0
        self.line += self.text.count("\n", self.at, position)
        self.at = position
        return self.line


def as_commands(pairs: list[tuple[int, str]], folder: str = "") -> list[Command]:
    """`(line, command)` pairs as `Command`s run in `folder`.

    NOTE: made by `tuple.__new__` over the pairs, with no Python call a command: a 1 MiB `run: |`
    block holds 90,000 of them.
    """
    if not pairs:
        return []
    lines, texts = zip(*pairs, strict=True)
    return list(map(tuple.__new__, repeat(Command), zip(lines, texts, repeat(folder))))


def joined_continuations(commands: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Commands continued over lines with a trailing `\\` as one, at their first line.

    NOTE: the parts of a continued command are joined once, at its end: a string rebuilt at
    each line made a long run of continued lines quadratic.
    """
    if "\\\n" not in "\n".join([command for _, command in commands]) + "\n":  # no `\\` ends a line: as they are
        return list(commands)
    joined: list[tuple[int, str]] = []
    first = 0
    parts: list[str] = []
    for line, command in commands:
        if not parts:
            first = line
        if command.endswith("\\"):
            part = command[:-1].rstrip()
            if part or not parts:  # a lone `\\` adds no word
                parts.append(part)
            continue
        parts.append(command)
        joined.append((first, " ".join(parts)))
        parts = []
    if parts:
        joined.append((first, " ".join(parts)))
    return joined


_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_YAML_ITEMS = 15_000
"""CI definitions are read as YAML up to about this many keys and items (a real one has a few
hundred): PyYAML builds a node for each, at a few microseconds each, so a 1 MiB file of `on:`
lines would take seconds. NOTE: counted from `:`, `,` and `- `, an estimate from above."""

MAX_DEFINITION_LINES = 20_000
"""CI definitions are read up to this many lines (the largest real ones have a few thousand):
each line of a `run: |` block is a command, and 1 MiB of them took 0.1 s to read."""

MAX_JENKINS_STEPS = 20_000
"""Jenkinsfiles are read up to about this many shell steps (real ones have dozens). NOTE:
counted from `sh` and `bat` anywhere in the text, an estimate from above: steps can share a line."""


class DefinitionTooLarge(Exception):
    """A CI definition larger than the scan reads as one (`MAX_*` above); `why` says how.

    It gives no CI facts and is reported as unreadable evidence (a GitHub workflow's lines are not
    matched either: which of them run cannot be told)."""

    def __init__(self, count: int, what: str, limit: int) -> None:
        self.why = f"about {count:,} {what}, more than the {limit:,} a CI definition is read with"
        super().__init__(self.why)


def refuse_too_large(text: str, *, read_as: Literal["yaml", "jenkins", "code"] = "yaml") -> None:
    """Raise `DefinitionTooLarge` for a CI definition with more lines, YAML items or steps than the scan reads."""
    lines = text.count("\n")
    if lines > MAX_DEFINITION_LINES:
        raise DefinitionTooLarge(lines, "lines", MAX_DEFINITION_LINES)
    if read_as == "code":
        return
    if read_as == "jenkins":
        steps = text.count("sh") + text.count("bat")
        if steps > MAX_JENKINS_STEPS:
            raise DefinitionTooLarge(steps, "shell steps", MAX_JENKINS_STEPS)
        return
    items = text.count(":") + text.count(",") + text.count("- ")
    if items > MAX_YAML_ITEMS:
        raise DefinitionTooLarge(items, "YAML keys and items", MAX_YAML_ITEMS)


def composed(text: str) -> Node | None:
    """The YAML's root node (None for an empty document), composed once per text.

    Raises:
        DefinitionTooLarge: more lines, keys and items than the scan reads as a CI definition.
        yaml.YAMLError: not YAML.
        RecursionError: nested too deeply for the pure-Python reader.
    """
    refuse_too_large(text)
    return _composed(text)


@lru_cache(maxsize=4)
def _composed(text: str) -> Node | None:
    # NOTE: a workflow is composed to blank what never runs (`workflows.py`), then to read its facts: once.
    root = yaml.compose(text, Loader=_LOADER)
    if root is not None:
        _drop_complex_keys(root)
    return root


def each_node(root: Node, skipped: Callable[[Node], bool] | None = None) -> Iterator[Node]:
    """Every node under `root`, in document order, each once (aliases can share nodes, or contain
    themselves), without recursion; a node `skipped` says never runs is passed over with
    everything under it. A node's children are read after it is yielded: a caller may prune them."""
    seen: set[int] = set()
    stack: list[Node] = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if skipped is not None and skipped(node):
            continue
        yield node
        if isinstance(node, yaml.MappingNode):
            stack.extend(value for _, value in reversed(node.value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))


def _drop_complex_keys(root: Node) -> None:
    """Remove every pair whose key is a list or a mapping (YAML's `? [a]`): no CI service reads
    one as a name, and every reader here compares keys with strings (an unhashable key was a crash)."""
    for node in each_node(root):
        if isinstance(node, yaml.MappingNode):
            node.value = [(key, value) for key, value in node.value if isinstance(key, yaml.ScalarNode)]


def compose(text: str) -> Node | None:
    """The YAML's root node; None when the text is not YAML (or too large, or nested too deeply to read)."""
    try:
        return composed(text)
    except (yaml.YAMLError, RecursionError, DefinitionTooLarge):
        return None


def member(node: Node | None, *keys: str) -> Node | None:
    """A mapping's value for the first of `keys` it has (the last such pair, as YAML readers take it)."""
    if not isinstance(node, yaml.MappingNode):
        return None
    for key in keys:
        found: list[Node] = [
            value for name, value in node.value if isinstance(name, yaml.ScalarNode) and name.value == key
        ]
        if found:
            return found[-1]
    return None


def key_line(node: Node | None, key: str) -> int:
    """The 1-based line of a mapping's key (or of the mapping, when it lacks it)."""
    if isinstance(node, yaml.MappingNode):
        for name, _ in reversed(node.value):
            if isinstance(name, yaml.ScalarNode) and name.value == key:
                return int(name.start_mark.line) + 1
    return int(node.start_mark.line) + 1 if node is not None else 0


def scalar(node: Node | None) -> str | None:
    return str(node.value) if isinstance(node, yaml.ScalarNode) else None


def sequence(node: Node | None) -> list[Node]:
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def commands_in(node: Node | None, lines: list[str]) -> list[tuple[int, str]]:
    """The commands of a scalar (one a line) or a sequence of them, nested or not: (1-based line, command).

    A block scalar (`run: |`) gives each of its lines at the line it is written on; shell
    comments and blank lines are left out. `lines` are the file's lines (`text.split("\\n")`).
    """
    found: list[tuple[int, str]] = []
    stack: list[Node] = [node] if node is not None else []
    seen: set[int] = set()  # an alias inside its own anchor must not loop
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, yaml.SequenceNode):
            stack.extend(reversed(current.value))
        elif isinstance(current, yaml.ScalarNode):
            found += _scalar_commands(current, lines)
    return joined_continuations([(line, command) for line, command in found if command and not command.startswith("#")])


def _scalar_commands(node: yaml.ScalarNode, lines: list[str]) -> list[tuple[int, str]]:
    first = int(node.start_mark.line)
    if node.style in ("|", ">"):
        end = int(node.end_mark.line) if node.end_mark.column == 0 else int(node.end_mark.line) + 1
        block = lines[first + 1 : end]
        return list(zip(range(first + 2, first + 2 + len(block)), map(str.strip, block), strict=True))
    values = str(node.value).split("\n")
    return list(zip(range(first + 1, first + 1 + len(values)), map(str.strip, values), strict=True))
