"""A Jupyter notebook read as the code it runs: its code cells' source, nothing else.

The notebook is parsed with the standard library's `json`; Markdown and raw cells, outputs
(training logs, pictures) and metadata are dropped, so a tool named in prose or printed in a
log is not a tool in use. A file that is not a notebook's JSON is never read as text: it is
`UnreadableNotebook`, reported with why. nbformat 4 (`cells`, `source`) and 3
(`worksheets`, `input`) are read.

Each line of code keeps the line of the `.ipynb` file that holds it: Jupyter writes one
source line per file line, and a notebook stored as one line of JSON cites line 1 for all of
its code (the excerpt, the line of code itself, tells them apart). JSON strings cannot hold a
line break, so each string of the file sits on one line: the strings of the parsed document,
in document order, are paired with the string tokens of the text, in the same order.
Linear in the file's size: one parse, one walk, one pass of a regular expression.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate, islice, repeat

_STRING_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
"""A JSON string: no `"` is outside one, and none inside one is unescaped."""

JsonValue = str | int | float | bool | None | list["JsonValue"] | tuple[tuple[str, "JsonValue"], ...]
"""What `json.loads(text, object_pairs_hook=tuple)` gives: an object is a tuple of (key, value) pairs,
duplicate keys kept, so that every string of the text is in the walk."""


class UnreadableNotebook(Exception):
    """A `.ipynb` file that is not a notebook's JSON; `why` says what is wrong."""

    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


@dataclass(frozen=True, slots=True)
class CodeCell:
    """A code cell's lines of code, and the line of the .ipynb file that holds each."""

    code: list[str]
    """Its lines of code, without their line breaks."""
    file_lines: list[int]
    """The 1-based line of the .ipynb file for each line of code."""


@dataclass(frozen=True, slots=True)
class NotebookCode:
    """A notebook's code cells, in order."""

    cells: tuple[CodeCell, ...]


def notebook_code(text: str) -> NotebookCode:
    """The code cells of a notebook's JSON text.

    Raises:
        UnreadableNotebook: not JSON, or JSON that is not a notebook.
    """
    try:
        document = json.loads(text.removeprefix("\ufeff"), object_pairs_hook=tuple)
    except json.JSONDecodeError as error:
        raise UnreadableNotebook(f"not a notebook: invalid JSON at line {error.lineno}") from None
    except (ValueError, RecursionError):
        raise UnreadableNotebook(
            "not a notebook: JSON this reader refuses (nested too deeply, or a huge number)"
        ) from None
    if not isinstance(document, tuple):
        raise UnreadableNotebook("not a notebook: the JSON is not an object")
    sources = _code_sources(document)
    lines = _lines_by_source_keys(text, document, sources)
    if lines is None:
        lines = _lines_by_strings(text, document, sources)
    return NotebookCode(
        tuple(_code_cell(source, cell_lines) for source, cell_lines in zip(sources.values(), lines, strict=True))
    )


_SourceKey = tuple[int, int]
"""A code cell's source as (id of the cell, index of its source pair)."""


@dataclass(frozen=True, slots=True)
class _Source:
    """A code cell's source: its strings."""

    strings: tuple[str, ...]


def _code_sources(document: JsonValue) -> dict[_SourceKey, _Source]:
    """Each code cell's source, in document order: the last `source` (nbformat 4), else the last `input` (3)."""
    found: dict[_SourceKey, _Source] = {}
    for cell in _cells(document):
        if not isinstance(cell, tuple) or _member(cell, "cell_type") != "code":
            continue
        for key in ("source", "input"):
            indexes = [index for index, (name, _) in enumerate(cell) if name == key]
            if indexes:
                source = _source_of(cell[indexes[-1]][1])
                if source is not None:
                    found[(id(cell), indexes[-1])] = source
                break
    return found


def _lines_by_source_keys(text: str, document: JsonValue, sources: dict[_SourceKey, _Source]) -> list[list[int]] | None:
    """Each source string's line, from where the text's `"source":` keys are.

    The fast way, for files of any size: only keys are walked, not the strings of outputs.
    The keys named `source` or `input` of the document and of the text are paired in order;
    a code cell's strings are the string tokens after its key. None when the pairing is not
    sure (a key such as `"a\\"source"`): then `_lines_by_strings` pairs every string.
    """
    in_document = list(_source_keys(document))
    in_text = list(_SOURCE_KEY.finditer(text))
    if len(in_document) != len(in_text):
        return None
    if any(key.name != match.group(1) for key, match in zip(in_document, in_text, strict=True)):
        return None
    lines: list[list[int]] = []
    line, counted = 1, 0
    for key, match in zip(in_document, in_text, strict=True):
        source = sources.get(key.at)
        if source is None:
            continue
        tokens = islice(_STRING_TOKEN.finditer(text, match.end()), len(source.strings))
        starts = [token.start() for token in tokens]
        if not starts:
            lines.append([])
            continue
        line += text.count("\n", counted, starts[0])
        counted = starts[-1]
        cell_lines = list(accumulate(map(text.count, repeat("\n"), starts, starts[1:]), initial=line))
        line = cell_lines[-1]
        lines.append(cell_lines)
    return lines


_SOURCE_KEY = re.compile(r'"(source|input)"\s*:')


@dataclass(frozen=True, slots=True)
class _Key:
    """A key met in the walk: which pair of which object, and its name."""

    at: _SourceKey
    name: str


def _source_keys(document: JsonValue) -> Iterator[_Key]:
    """The keys named `source` or `input`, in document order (only containers are walked, not strings)."""
    stack: list[JsonValue | _Key] = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, _Key):
            yield node
        elif isinstance(node, tuple):
            pushed: list[JsonValue | _Key] = []
            for index, (key, value) in enumerate(node):
                if key in ("source", "input"):
                    pushed.append(_Key((id(node), index), key))
                if isinstance(value, tuple | list):
                    pushed.append(value)
            stack.extend(reversed(pushed))
        elif isinstance(node, list) and not _CONTAINER_TYPES.isdisjoint(map(type, node)):
            stack.extend(item for item in reversed(node) if isinstance(item, tuple | list))


_CONTAINER_TYPES = frozenset({tuple, list})
"""What the JSON reader makes of objects and arrays: a list of log lines holds neither, and is passed by in C."""


def _lines_by_strings(text: str, document: JsonValue, sources: dict[_SourceKey, _Source]) -> list[list[int]]:
    """Each source string's line, pairing every string of the document with the text's string tokens, in order."""
    firsts: dict[_SourceKey, int] = {}
    strings = 0
    stack: list[JsonValue | _Key] = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, _Key):
            firsts[node.at] = strings
            strings += len(sources[node.at].strings)
        elif isinstance(node, tuple):
            pushed: list[JsonValue | _Key] = []
            for index, (key, value) in enumerate(node):
                at = (id(node), index)
                pushed += [key, _Key(at, key) if at in sources else value]
            stack.extend(reversed(pushed))
        elif isinstance(node, list):
            stack.extend(reversed(node))
        elif isinstance(node, str):
            strings += 1
    wanted = [range(firsts[at], firsts[at] + len(source.strings)) for at, source in sources.items()]
    token_lines = _token_lines(text, max((numbers[-1] for numbers in wanted if numbers), default=-1))
    return [[token_lines[number] for number in numbers] for numbers in wanted]


def _cells(document: JsonValue) -> list[JsonValue]:
    """nbformat 4's `cells`, or nbformat 3's `worksheets[*].cells`."""
    cells = _member(document, "cells")
    if isinstance(cells, list):
        return cells
    worksheets = _member(document, "worksheets")
    found: list[JsonValue] = []
    for sheet in worksheets if isinstance(worksheets, list) else []:
        sheet_cells = _member(sheet, "cells")
        found.extend(sheet_cells if isinstance(sheet_cells, list) else [])
    return found


def _member(node: JsonValue, key: str) -> JsonValue:
    """An object's value for `key` (the last, as JSON readers take it); None for anything else."""
    if not isinstance(node, tuple):
        return None
    found: JsonValue = None
    for name, value in node:
        if name == key:
            found = value
    return found


def _source_of(value: JsonValue) -> _Source | None:
    """A source as nbformat writes it: a list of strings (one a line) or one string."""
    if isinstance(value, str):
        return _Source((_whole(value),))
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return _Source(tuple(_whole(item) for item in value if isinstance(item, str)))
    return None


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _whole(string: str) -> str:
    """The string with each lone surrogate (JSON's `"\\ud83d"` without its pair) as U+FFFD: such
    a string cannot be encoded as UTF-8, which the patterns (RE2) and every output need."""
    return _LONE_SURROGATE.sub("\ufffd", string)


def _token_lines(text: str, last: int) -> list[int]:
    """The 1-based line of each string token of the text, up to the token numbered `last`."""
    lines: list[int] = []
    line, counted = 1, 0
    if last < 0:
        return lines
    for number, token in enumerate(_STRING_TOKEN.finditer(text)):
        start = token.start()
        line += text.count("\n", counted, start)
        counted = start
        lines.append(line)
        if number >= last:
            break
    return lines


def _code_cell(source: _Source, token_lines: list[int]) -> CodeCell:
    """The cell's lines of code, each with its file line; a string holding several lines gives each its line."""
    strings = source.strings
    ended = sum(map(str.endswith, strings, repeat("\n")))
    joined = "".join(strings)
    if ended >= len(strings) - 1 and joined.count("\n") == ended:  # as Jupyter writes it: one string a line
        code = joined.split("\n")
        if len(code) > len(strings):
            code.pop()  # after the last line break
        return CodeCell(code, token_lines[: len(code)])
    code, file_lines = [], []
    pending = ""
    pending_line = 0
    for string, line in zip(strings, token_lines, strict=False):
        if not pending:
            pending_line = line
        pieces = string.split("\n")
        for piece in pieces[:-1]:
            code.append(pending + piece)
            file_lines.append(pending_line)
            pending, pending_line = "", line
        pending += pieces[-1]
    if pending:
        code.append(pending)
        file_lines.append(pending_line)
    return CodeCell(code, file_lines)
