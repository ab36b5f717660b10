"""Safe YAML reading with line numbers, and pydantic's errors turned into located `Problem`s.

Every YAML document the tool reads (questionnaires, answers files) goes through
`load_yaml_file`: a safe loader only, no anchors or aliases, no duplicate keys, a size
limit, and errors that name the file, line and column.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from mlops_maturity.errors import InputFileError, Problem
from mlops_maturity.files import read_text_file

if typing.TYPE_CHECKING:
    from pydantic import BaseModel

# NOTE: the C loader is many times faster and start-up matters in CI; fall back when absent.
SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_DEPTH = 50
"""Deepest nesting accepted; the formats need fewer than ten levels."""

Location = tuple[int | str, ...]


@dataclass(frozen=True)
class YamlDocument:
    """A parsed YAML file: the plain data, and the node tree that knows line numbers."""

    path: str
    """The path as the user gave it, for messages."""
    data: Any
    node: yaml.Node | None

    def line_of(self, loc: Location) -> int | None:
        """1-based line of the node a key path points at (the nearest existing parent)."""
        node = self.node
        if node is None:
            return None
        for key in loc:
            child = _child(node, key)
            if child is None:
                break
            node = child
        line: int = node.start_mark.line + 1
        return line

    def key_line_of(self, loc: Location) -> int | None:
        """1-based line of the key itself for a mapping entry (better for 'unknown key')."""
        if not loc or self.node is None:
            return self.line_of(loc)
        parent = self.node
        for key in loc[:-1]:
            child = _child(parent, key)
            if child is None:
                return parent.start_mark.line + 1
            parent = child
        if isinstance(parent, yaml.MappingNode):
            for key_node, _ in parent.value:
                if isinstance(key_node, yaml.ScalarNode) and _same_key(key_node, loc[-1]):
                    return key_node.start_mark.line + 1
        return self.line_of(loc)

    def scalar_text(self, loc: Location) -> str | None:
        """The text of a scalar as written in the file (before YAML turned `2026.10` into
        a number or `on` into True), or None when the key path is not a scalar."""
        node = self.node
        for key in loc:
            if node is None:
                return None
            node = _child(node, key)
        return str(node.value) if isinstance(node, yaml.ScalarNode) else None

    def where(self, loc: Location = ()) -> str:
        """`file:line` for a key path, or just the file when the line is unknown."""
        line = self.line_of(loc)
        return f"{self.path}:{line}" if line is not None else self.path


def _same_key(key_node: yaml.ScalarNode, key: int | str) -> bool:
    return bool(key_node.value == str(key))


def _child(node: yaml.Node, key: int | str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and _same_key(key_node, key):
                found: yaml.Node = value_node
                return found
        return None
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
        child: yaml.Node = node.value[key]
        return child
    return None


def load_yaml_file(path: Path, *, what: str) -> YamlDocument:
    """Read and parse one YAML (or JSON) file safely.

    Raises:
        InputFileError: the file cannot be read, or is not acceptable YAML.
    """
    return parse_yaml(read_text_file(path, what=what), str(path))


def parse_yaml(text: str, shown_path: str) -> YamlDocument:
    """Parse YAML text safely; `shown_path` names it in messages.

    Raises:
        InputFileError: syntax errors, several documents, aliases, duplicate keys,
            nesting deeper than `MAX_DEPTH`, or tags the safe loader refuses.
    """
    loader = SAFE_LOADER(text)
    try:
        try:
            node: yaml.Node | None = loader.get_single_node()
            if node is not None:
                _check_tree(node, shown_path)
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        raise InputFileError.at(_describe_yaml_error(error, shown_path, text)) from None
    except yaml.YAMLError as error:
        raise InputFileError.at(Problem(shown_path, message=f"not valid YAML: {error}")) from None
    except RecursionError:
        raise InputFileError.at(
            Problem(shown_path, message=f"nested too deeply (at most {MAX_DEPTH} levels)")
        ) from None
    return YamlDocument(path=shown_path, data=data, node=node)


def _describe_yaml_error(error: yaml.MarkedYAMLError, shown_path: str, text: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    problem = error.problem or "not valid YAML"
    context = f" ({error.context})" if error.context and error.problem else ""
    lines = text.splitlines()
    line_text = lines[mark.line] if mark and mark.line < len(lines) else ""
    hint = None
    if "\t" in line_text[: mark.column + 1 if mark else 0] or "tab" in problem.lower():
        hint = "indent with spaces, not tabs"
    elif "could not determine a constructor" in problem:
        hint = "only plain YAML is accepted (no !!python or other custom tags)"
    return Problem(
        shown_path,
        mark.line + 1 if mark else None,
        mark.column + 1 if mark else None,
        message=f"{problem}{context}",
        hint=hint,
    )


def _check_tree(root: yaml.Node, shown_path: str) -> None:
    """Refuse aliases, duplicate keys and deep nesting before anything is constructed.

    NOTE: aliases are refused outright, not just counted: an alias bomb ("billion laughs")
    is cheap to parse but explodes in anything that walks the data afterwards.
    """
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            raise InputFileError.at(
                Problem(
                    shown_path,
                    node.start_mark.line + 1,
                    message="YAML anchors and aliases (&, *) are not supported",
                    hint="write the value out",
                )
            )
        seen.add(id(node))
        if depth > MAX_DEPTH:
            raise InputFileError.at(
                Problem(shown_path, node.start_mark.line + 1, message=f"nested too deeply (at most {MAX_DEPTH} levels)")
            )
        if isinstance(node, yaml.MappingNode):
            keys: dict[str, int] = {}
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    line = key_node.start_mark.line + 1
                    if key_node.value in keys:
                        raise InputFileError.at(
                            Problem(
                                shown_path,
                                line,
                                message=f"duplicate key '{key_node.value}' (first at line {keys[key_node.value]})",
                                hint="each key may appear once",
                            )
                        )
                    keys[key_node.value] = line
                stack.append((key_node, depth + 1))
                stack.append((value_node, depth + 1))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)


# ── pydantic's errors, located ─────────────────────────────────────────────


def did_you_mean(word: str, choices: list[str], *, cutoff: float = 0.6) -> str | None:
    """`did you mean 'x'?` for the closest choice, or None when none is close."""
    from difflib import get_close_matches

    close = get_close_matches(word, choices, n=1, cutoff=cutoff)
    return f"did you mean '{close[0]}'?" if close else None


def _model_inside(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model a field holds, looking inside tuple, dict, list, Optional and Annotated."""
    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in typing.get_args(annotation):
        found = _model_inside(argument)
        if found is not None:
            return found
    return None


def model_at(root: type[BaseModel], loc: Location) -> type[BaseModel] | None:
    """The model whose fields a key path ends in (for 'unknown key, expected one of ...')."""
    current: type[BaseModel] | None = root
    for key in loc:
        if current is None:
            return None
        if isinstance(key, str) and key in current.model_fields:
            current = _model_inside(current.model_fields[key].annotation)
        # Sequence indexes and dict keys stay within the same model type.
    return current


def key_path(loc: Location) -> str:
    """`answers.model_registry.answer` for a key path; `(top level)` for the empty one."""
    return ".".join(str(part) for part in loc) or "(top level)"


def validation_problem(detail: Any, document: YamlDocument, root: type[BaseModel]) -> Problem:
    """One pydantic error detail as a located problem, in a user's words."""
    loc = tuple(detail["loc"])
    key = key_path(loc)
    kind = detail["type"]
    if kind == "extra_forbidden":
        owner = model_at(root, loc[:-1])
        allowed = f" (expected one of: {', '.join(owner.model_fields)})" if owner else ""
        return Problem(document.path, document.key_line_of(loc), key=key, message=f"unknown key{allowed}")
    if kind == "missing":
        return Problem(document.path, document.line_of(loc), key=key, message="required key is missing")
    found = detail.get("input")
    message = detail["msg"]
    if kind in ("string_type", "int_type", "dict_type", "tuple_type", "list_type", "model_type"):
        message = f"{message} (found {type(found).__name__})"
    return Problem(document.path, document.line_of(loc), key=key, message=message)
