"""A small strict reader for plain YAML, so that a typical answers file is read without PyYAML.

Importing PyYAML costs more start-up than everything `score` does with a file. Most files
use a small part of YAML: block mappings of simple keys; plain, quoted or flow-list
values; comments. `read_plain` reads exactly that part and gives what `yaml_document`'s
PyYAML path would give: the same data, and nodes with the same lines (`id`, `value`,
`start_mark.line`, as PyYAML's nodes have). Anything else, including every mistake,
returns None and the file is read by PyYAML, so every refusal and message stays its own.
"""

from __future__ import annotations

import functools
import re
from typing import Any

MAX_PLAIN_DEPTH = 20
"""Deeper files are left to PyYAML (which enforces the real limit); answers need four levels."""

_ENTRY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?: +(.*))?")
_DATE = re.compile(r"[0-9]{4}-[0-9][0-9]?-[0-9][0-9]?")
_BOOLEANS = {"yes": True, "no": False, "true": True, "false": False, "on": True, "off": False}
_BOOL_WORDS = frozenset(word for base in _BOOLEANS for word in (base, base.capitalize(), base.upper()))
_NULL_WORDS = frozenset({"null", "Null", "NULL"})
_TAG = "tag:yaml.org,2002:"
_FLOW_TOKEN = re.compile(
    r"""[ ]*(?:([\[\]{},])|(: )|'([^']*)'|"([^"\\]*)"|([^ \[\]{},:#'"!&*|>%@`?~-][^\[\]{},:#'"]*)|(.))"""
)
"""In a flow collection: an indicator, `: `, single- or double-quoted text, plain text, or
any other character: a token too, so that none is skipped (this reader leaves it to PyYAML)."""
_INDICATOR, _COLON, _SINGLE, _DOUBLE, _PLAIN, _OTHER = 1, 2, 3, 4, 5, 6
_STR_TAG = "tag:yaml.org,2002:str"
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")


class Unsupported(Exception):
    """The text uses YAML this reader leaves to PyYAML."""


class Node:
    """What `YamlDocument` reads of a PyYAML node: `id`, `value`, `start_mark.line`, `tag`."""

    __slots__ = ("id", "line", "tag", "value")

    def __init__(self, kind: str, value: Any, line: int, tag: str = _TAG + "str") -> None:
        self.id = kind
        self.value = value
        self.line = line
        """0-based, as PyYAML's marks."""
        self.tag = tag

    @property
    def start_mark(self) -> Node:
        """The node itself: it has the `line` of PyYAML's mark (one object less per node)."""
        return self


def read_plain(text: str) -> tuple[Any, Node] | None:
    """The data and root node of plain YAML text, or None when PyYAML must read it."""
    try:
        return _Reader(text).read()
    except Unsupported:
        return None


class _Frame:
    __slots__ = ("data", "indent", "node")

    def __init__(self, indent: int, node: Node, data: Any) -> None:
        self.indent = indent
        self.node = node
        self.data = data


class _Reader:
    def __init__(self, text: str) -> None:
        if "\r" in text:
            text = text.replace("\r\n", "\n")
        self.lines = text.split("\n")
        # NOTE: stricter than YAML, and cheap: tabs, control characters, YAML's other line
        # breaks, byte order marks, format and unassigned characters all go to PyYAML.
        if not all(line.isprintable() for line in self.lines):
            raise Unsupported
        self.stack: list[_Frame] = []
        self.pending: tuple[dict[str, Any], str, Node, int] | None = None
        """A `key:` with nothing after it: its value is on the lines below, or null."""
        self.continuable: tuple[_Frame, str, Node] | None = None
        """The text just read, when it may go on on the next line (a plain scalar's folding)."""

    def read(self) -> tuple[Any, Node] | None:
        for number, line in enumerate(self.lines):
            content = line.lstrip(" ")
            if not content or content[0] == "#":
                self.continuable = None  # what PyYAML makes of text going on after these is left to it
                continue
            self.line(number, len(line) - len(content), content)
        if not self.stack:
            return None  # no content: PyYAML says what an empty file is
        self.close_pending()
        root = self.stack[0]
        return root.data, root.node

    def line(self, number: int, indent: int, content: str) -> None:
        if self.continuable is not None:
            frame, key, node = self.continuable
            if indent > frame.indent:
                _continue_plain(frame, key, node, content)
                return
            self.continuable = None
        item = content == "-" or content.startswith("- ")
        stack = self.stack
        if not stack:
            if indent or item:
                raise Unsupported  # only a mapping at the left margin is read here
            self.open(number, indent, item)
        elif self.pending is not None:
            if indent > stack[-1].indent or (item and indent == stack[-1].indent):
                self.open(number, indent, item)
            else:
                self.close_pending()
        # A line less indented closes blocks; a key closes a list written at its own indent.
        while stack[-1].indent > indent or (
            stack[-1].indent == indent and not item and stack[-1].node.id == "sequence"
        ):
            stack.pop()
            if not stack:
                raise Unsupported
        frame = stack[-1]
        if frame.indent != indent or frame.node.id != ("sequence" if item else "mapping"):
            raise Unsupported
        if not item:
            self.entry(frame, number, content)
            return
        rest = content[2:]
        key = rest.lstrip(" ")
        if not _ENTRY.fullmatch(key):
            frame.data.append(self.item(number, rest))
            return
        # `- key: value`: a mapping in the list, its keys in the column of the first one.
        if len(stack) >= MAX_PLAIN_DEPTH:
            raise Unsupported
        mapping = _Frame(indent + 2 + len(rest) - len(key), Node("mapping", [], number, _TAG + "map"), {})
        frame.data.append(mapping.data)
        frame.node.value.append(mapping.node)
        stack.append(mapping)
        self.entry(mapping, number, key)

    def open(self, number: int, indent: int, item: bool) -> None:
        """A mapping or list starting at this line: the root, or the pending key's value."""
        if len(self.stack) >= MAX_PLAIN_DEPTH:
            raise Unsupported
        node = Node("sequence" if item else "mapping", [], number, _TAG + ("seq" if item else "map"))
        data: Any = [] if item else {}
        if self.pending is not None:
            parent, key, key_node, _ = self.pending
            self.pending = None
            parent[key] = data
            self.stack[-1].node.value.append((key_node, node))
        self.stack.append(_Frame(indent, node, data))

    def close_pending(self) -> None:
        """A `key:` whose value is missing: null, at the key's line, as PyYAML has it."""
        if self.pending is None:
            return
        parent, key, key_node, number = self.pending
        self.pending = None
        parent[key] = None
        self.stack[-1].node.value.append((key_node, Node("scalar", "", number, _TAG + "null")))

    def entry(self, frame: _Frame, number: int, content: str) -> None:
        match = _ENTRY.fullmatch(content)
        if match is None:
            raise Unsupported
        key, rest = match.group(1), match.group(2)
        if key in frame.data or key in _BOOL_WORDS or key in _NULL_WORDS:
            raise Unsupported  # a duplicate, or a key YAML reads as a boolean or null
        key_node = Node("scalar", key, number)
        if rest is None or not rest.strip() or rest.lstrip()[0] == "#":
            self.pending = (frame.data, key, key_node, number)
            return
        value, node = self.value(rest, number)
        frame.data[key] = value
        frame.node.value.append((key_node, node))
        if node.tag == _TAG + "str" and " #" not in rest and rest.lstrip(" ")[0] not in "\"'":
            self.continuable = (frame, key, node)

    def item(self, number: int, rest: str) -> Any:
        if not rest.strip() or rest.lstrip()[0] == "#":
            raise Unsupported  # `-` alone: a null, or a nested block
        value, node = self.value(rest, number)
        self.stack[-1].node.value.append(node)
        return value

    def value(self, text: str, number: int) -> tuple[Any, Node]:
        text = text.lstrip(" ")
        first = text[0]
        if first == '"' or first == "'":
            value, end = _quoted(text, 0)
            _rest_is_comment(text, end)
            return value, Node("scalar", value, number)
        if first == "[" or first == "{":
            flow = _Flow(text, number, len(self.stack))
            value, node = flow.collection(first)
            _rest_is_comment(text, flow.position)
            return value, node
        return _plain(text, number)


class _Flow:
    """A flow collection on one line, `{id: q1, requires: {q2: mostly}}` or `["a", b]`, of
    plain or quoted text without escapes; anything else is left to PyYAML."""

    def __init__(self, text: str, number: int, depth: int) -> None:
        self.number = number
        self.depth = depth
        self.position = 1
        """Where the text goes on after the collection."""
        self.matches = _FLOW_TOKEN.finditer(text, 1)
        """One after the other, with nothing skipped: any other character is a token too."""

    def token(self) -> tuple[int, str]:
        """The next token: its kind (the group that matched) and its text."""
        match = next(self.matches, None)
        if match is None:
            raise Unsupported  # the line ends inside the collection
        self.position = match.end()
        kind: int = match.lastindex  # type: ignore[assignment]
        return kind, match.group(kind)

    def collection(self, opener: str) -> tuple[Any, Node]:
        # NOTE: the loop of a 1 MiB file's 300,000 scalars: plain text is handled inline.
        self.depth += 1
        if self.depth > MAX_PLAIN_DEPTH:
            raise Unsupported
        mapping = opener == "{"
        closer = "}" if mapping else "]"
        data: Any = {} if mapping else []
        entries: list[Any] = []
        node = Node("mapping" if mapping else "sequence", entries, self.number, _TAG + ("map" if mapping else "seq"))
        token = self.token
        kind, text = token()
        if kind == _INDICATOR and text == closer:
            self.depth -= 1
            return data, node
        number = self.number
        while True:
            if mapping:
                if kind == _PLAIN:
                    key: Any = text.rstrip(" ")
                    if _resolved(key)[1] != _STR_TAG:
                        raise Unsupported  # a key YAML reads as a boolean, a number, null
                    key_node = Node("scalar", key, number)
                else:
                    key, key_node = self.scalar(kind, text)
                if key in data or token()[0] != _COLON:
                    raise Unsupported  # a duplicate, or no `: `
                kind, text = token()
            if kind == _PLAIN:
                text = text.rstrip(" ")
                value, tag = _resolved(text)
                value_node = Node("scalar", text, number, tag)
            else:
                value, value_node = self.element(kind, text)
            if mapping:
                data[key] = value
                entries.append((key_node, value_node))
            else:
                data.append(value)
                entries.append(value_node)
            kind, text = token()
            if kind != _INDICATOR or text not in (",", closer):
                raise Unsupported
            if text == closer:
                self.depth -= 1
                return data, node
            kind, text = token()

    def element(self, kind: int, text: str) -> tuple[Any, Node]:
        if kind == _INDICATOR and text in "{[":
            return self.collection(text)
        return self.scalar(kind, text)

    def scalar(self, kind: int, text: str) -> tuple[Any, Node]:
        # NOTE: `'it''s'` and `"a""b"` are two tokens, where one is expected: refused by the caller.
        if kind in (_SINGLE, _DOUBLE):
            return text, Node("scalar", text, self.number)
        if kind == _PLAIN:
            text = text.rstrip(" ")
            value, tag = _resolved(text)
            return value, Node("scalar", text, self.number, tag)
        raise Unsupported


def _continue_plain(frame: _Frame, key: str, node: Node, content: str) -> None:
    """A plain text's next line: YAML joins the lines with a space."""
    text = content.rstrip(" ")
    if text[0] in _INDICATORS or ": " in text or " #" in text or text.endswith(":"):
        raise Unsupported
    node.value = frame.data[key] = f"{node.value} {text}"


def _quoted(text: str, start: int) -> tuple[str, int]:
    """A quoted scalar without escapes that starts at `start`, and the position after it."""
    quote = text[start]
    end = text.find(quote, start + 1)
    if end < 0:
        raise Unsupported  # continues on the next line
    value = text[start + 1 : end]
    if (quote == '"' and "\\" in value) or text.startswith(quote, end + 1):
        raise Unsupported  # escapes: `\n` in double quotes, `''` in single quotes
    return value, end + 1


def _rest_is_comment(text: str, position: int) -> None:
    rest = text[position:]
    if rest.strip() and not (rest[0] == " " and rest.lstrip()[0] == "#"):
        raise Unsupported


def _plain(text: str, number: int) -> tuple[Any, Node]:
    """A plain scalar: text, `no` and the other booleans, null, a whole number, a date."""
    comment = text.find(" #")
    if comment >= 0:
        text = text[:comment]
    text = text.rstrip(" ")
    value, tag = _resolved(text)
    return value, Node("scalar", text, number, tag)


@functools.lru_cache(maxsize=4096)
def _resolved(text: str) -> tuple[Any, str]:
    """The value and tag YAML gives plain text (the texts of a file repeat: cached)."""
    if ": " in text or text.endswith(":"):
        raise Unsupported
    first = text[0]
    if first.isalpha() or first == "_":
        if text in _BOOL_WORDS:
            return _BOOLEANS[text.lower()], _TAG + "bool"
        if text in _NULL_WORDS:
            return None, _TAG + "null"
        return text, _TAG + "str"
    if text.isdigit() and text.isascii() and len(text) <= 18 and (first != "0" or text == "0"):
        return int(text), _TAG + "int"
    if _DATE.fullmatch(text):
        return text, _TAG + "timestamp"
    raise Unsupported
