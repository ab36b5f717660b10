"""Safe YAML reading with line numbers, and pydantic's errors turned into located `Problem`s.

Every YAML document the tool reads (questionnaires, answers files, detectors, drafts) goes
through `parse_yaml`: PyYAML's safe parser in `yaml_reader`, which says what is accepted
and refuses the rest with file, line and key.
"""

from __future__ import annotations

import gc
import typing
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mlops_maturity.errors import Problem
from mlops_maturity.files import read_text_file
from mlops_maturity.messages import N_, _

if typing.TYPE_CHECKING:
    from pydantic import BaseModel

Location = tuple[int | str, ...]
Node = Any
"""A PyYAML node: `id` is "scalar", "sequence" or "mapping"; `value` the text, the nodes, or
the (key, value) node pairs; `start_mark.line`."""
_Entries = dict[str, tuple[Node, Node]]


@dataclass(frozen=True, slots=True)
class YamlDocument:
    """A parsed YAML file: the plain data, and the node tree that knows line numbers."""

    path: str
    """The path as the user gave it, for messages."""
    data: Any
    node: Node | None
    index: dict[int, _Entries] = field(default_factory=dict, repr=False, compare=False)
    """Each mapping node's entries by key text, built when first searched: locating a problem
    costs its key path's depth, so thousands of mistakes stay linear; a valid file pays nothing."""

    def entries(self, node: Node) -> _Entries:
        """A mapping node's entries by key text (the first, for a key written twice)."""
        found = self.index.get(id(node))
        if found is None:
            found = {}
            for name, value in node.value:
                if name.id == "scalar":
                    found.setdefault(str(name.value), (name, value))
            self.index[id(node)] = found
        return found

    def child(self, node: Node, key: int | str, *, part: int = 1) -> Node | None:
        """The node under `key` in a mapping (its key node with `part=0`), or at index `key`
        in a sequence."""
        if node.id == "sequence" and isinstance(key, int) and 0 <= key < len(node.value):
            return node.value[key]
        entry = self.entries(node).get(_key_text(key)) if node.id == "mapping" else None
        return entry[part] if entry else None

    def line_of(self, loc: Location) -> int | None:
        """1-based line of the node a key path points at (the nearest existing parent)."""
        node = self.node
        if node is None:
            return None
        for key in loc:
            child = self.child(node, key)
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
            child = self.child(parent, key)
            if child is None:
                found: int = parent.start_mark.line + 1
                return found
            parent = child
        key_node = self.child(parent, loc[-1], part=0) if parent.id == "mapping" else None
        if key_node is not None:
            line: int = key_node.start_mark.line + 1
            return line
        return self.line_of(loc)

    def scalar_text(self, loc: Location) -> str | None:
        """The text of a scalar as written in the file (before YAML turned `2026.10` into
        a number or `on` into True), or None when the key path is not a scalar."""
        node = self.node
        for key in loc:
            if node is None:
                return None
            node = self.child(node, key)
        return str(node.value) if node is not None and node.id == "scalar" else None

    def as_written(self, loc: Location, value: Any) -> Any:
        """`value`, read at `loc`, as the word written when YAML 1.1 read it as a boolean
        (`no`, `off`, `on`, `true`): the word decides, not Python's True or False."""
        return (self.scalar_text(loc) or value) if isinstance(value, bool) else value

    def where(self, loc: Location = ()) -> str:
        """`file:line` for a key path, or just the file when the line is unknown."""
        line = self.line_of(loc)
        return f"{self.path}:{line}" if line is not None else self.path


def load_yaml_file(path: Path, *, what: str) -> YamlDocument:
    """Read and parse one YAML (or JSON) file safely.

    Raises:
        InputFileError: the file cannot be read, or is not acceptable YAML.
    """
    return parse_yaml(read_text_file(path, what=what), str(path))


def parse_yaml(text: str, shown_path: str) -> YamlDocument:
    """Parse YAML text safely; `shown_path` names it in messages.

    Raises:
        InputFileError: syntax errors, several documents, and everything `yaml_reader`
            refuses, each with its line.
    """
    from mlops_maturity.yaml_reader import read_with_pyyaml

    with collector_paused():
        data, node = read_with_pyyaml(text, shown_path)
    return YamlDocument(path=shown_path, data=data, node=node)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while the objects of a large document are made.

    NOTE: the 300,000 nodes of a 1 MiB file set off collections that walk every object made
    so far, again and again: a third of the time to read a large questionnaire. Reading and
    validating make no reference cycles to collect; the collector runs again afterwards.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


# ── pydantic's errors, located ─────────────────────────────────────────────


MAX_SUGGESTION_CANDIDATES = 2000
"""Most choices a did-you-mean compares a word with (after a cheap length filter)."""


def did_you_mean(word: str, choices: list[str], *, cutoff: float = 0.6) -> str | None:
    """`did you mean 'x'?` for the closest choice, or None when none is close."""
    from difflib import get_close_matches

    # NOTE: a similarity ratio of at least `cutoff` needs lengths within that ratio: a cheap
    # filter, and a cap, keep the work per word bounded whatever the number of choices.
    size = len(word)
    near = [choice for choice in choices if 2 * min(size, len(choice)) >= cutoff * (size + len(choice))]
    close = get_close_matches(word, near[:MAX_SUGGESTION_CANDIDATES], n=1, cutoff=cutoff)
    return _("did you mean {name}?").format(name=f"'{close[0]}'") if close else None


class Suggestions:
    """Did-you-mean against fixed choices for the first `limit` words only: a file with
    thousands of mistakes shows the first ones, and suggesting is spent on those."""

    def __init__(self, choices: list[str], *, cutoff: float = 0.6, limit: int = 50) -> None:
        self.choices = choices
        self.cutoff = cutoff
        self.left = limit

    def __call__(self, word: str) -> str | None:
        if self.left <= 0:
            return None
        self.left -= 1
        return did_you_mean(word, self.choices, cutoff=self.cutoff)


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


def _key_text(part: int | str | bool | None) -> str:
    # A key YAML read as null or a boolean, named as the file writes it, not as Python does.
    if part is None or isinstance(part, bool):
        return {None: "null", True: "true", False: "false"}[part]
    return str(part)


def key_path(loc: Location) -> str:
    """`answers.model_registry.answer` for a key path; `(top level)` for the empty one."""
    return ".".join(_key_text(part) for part in loc) or _("(top level)")


def found_text(value: Any) -> str:
    """What was found where something else was expected, as the file writes it: `'maybe'`,
    `12`, `true`, an empty value, a list, a mapping (never a Python type name)."""
    if value is None:
        return _("an empty value")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        shown = repr(value)
        return shown if len(shown) <= 80 else shown[:76] + "...'"
    if isinstance(value, (list, tuple)):
        return _("a list")
    if isinstance(value, dict):
        return _("a mapping")
    return _("a value of another kind")


# What pydantic's error types expect, in the words of someone writing YAML.
_EXPECTED = {
    "string_type": N_("text"),
    "int_type": N_("a whole number"),
    "int_parsing": N_("a whole number"),
    "float_type": N_("a number"),
    "float_parsing": N_("a number"),
    "bool_type": N_("true or false"),
    "bool_parsing": N_("true or false"),
    "dict_type": N_("a mapping"),
    "model_type": N_("a mapping"),
    "model_attributes_type": N_("a mapping"),
    "list_type": N_("a list"),
    "tuple_type": N_("a list"),
    "set_type": N_("a list"),
}


def _message(detail: Any) -> str:
    """pydantic's message for an error, in a user's words where it names Python's types or classes."""
    kind, context, found = detail["type"], detail.get("ctx") or {}, detail.get("input")
    if kind in _EXPECTED:
        return _("expected {expected}, found {found}").format(expected=_(_EXPECTED[kind]), found=found_text(found))
    if kind == "string_too_short" and context.get("min_length") == 1:
        return _("must not be empty")
    if kind == "literal_error" and "expected" in context:
        return _("expected {expected}, found {found}").format(expected=context["expected"], found=found_text(found))
    if kind == "invalid_key":
        return _("a key must be text, found {found}").format(found=found_text(found))
    message: str = detail["msg"]
    return message


def validation_problem(detail: Any, document: YamlDocument, root: type[BaseModel]) -> Problem:
    """One pydantic error detail as a located problem, in a user's words."""
    loc = tuple(detail["loc"])
    if loc and loc[-1] == "[key]":  # pydantic's marker for a key of the wrong type
        loc = loc[:-1]
        detail = {**detail, "type": "invalid_key"}
    key = key_path(loc)
    kind = detail["type"]
    if kind == "extra_forbidden":
        owner = model_at(root, loc[:-1])
        message = _("unknown key")
        if owner:
            message = _("unknown key (expected one of: {keys})").format(keys=", ".join(owner.model_fields))
        return Problem(document.path, document.key_line_of(loc), key=key, message=message)
    if kind == "missing":
        return Problem(document.path, document.line_of(loc), key=key, message=_("required key is missing"))
    return Problem(document.path, document.line_of(loc), key=key, message=_message(detail))


# ── PyYAML's syntax errors, in the language in use ─────────────────────────

_YAML_PHRASES = (
    N_("found a second document (a second `---`); expected a single document in the file"),
    N_("mapping values are not allowed in this context"),
    N_("mapping values are not allowed here"),
    N_("block sequence entries are not allowed in this context"),
    N_("mapping keys are not allowed in this context"),
    N_("could not find expected ':'"),
    N_("did not find expected ',' or ']'"),
    N_("did not find expected ',' or '}'"),
    N_("did not find expected '-' indicator"),
    N_("did not find expected key"),
    N_("did not find expected <document start>"),
    N_("did not find expected comment or line break"),
    N_("did not find expected whitespace or line break"),
    N_("did not find a value"),
    N_("found unexpected end of the file"),
    N_("found unexpected document indicator"),
    N_("found unknown escape character"),
    N_("found a tab character that violates indentation"),
    N_("found a tab character where an indentation space is expected"),
    N_("found character that cannot start a value"),
    N_("found undefined tag handle"),
    N_("in quoted text"),
    N_("in a value"),
    N_("in a | or > block of text"),
    N_("in a key"),
    N_("in a [...] list"),
    N_("in a {...} mapping"),
    N_("in a mapping"),
    N_("in a list"),
    N_("in nested [...] or {...}"),
)
"""PyYAML's most common messages once in plain words (`yaml_reader._in_plain_words`); any
other is shown as PyYAML words it."""


def yaml_words_translated(message: str) -> str:
    """A PyYAML message in plain words, with the phrases `_YAML_PHRASES` knows in the language in use."""
    for phrase in sorted(_YAML_PHRASES, key=len, reverse=True):  # the longest first: one may hold another
        if phrase in message:
            message = message.replace(phrase, _(phrase))
    return message
