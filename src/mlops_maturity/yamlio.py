"""Safe YAML reading with line numbers, and atomic file writing.

Every YAML document the tool reads (questionnaires, answers files) goes through
`load_yaml_file`: a safe loader only, no anchors or aliases, no duplicate keys, a size
limit, and errors that name the file, line and column.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from mlops_maturity.errors import InputFileError, OutputError

# NOTE: the C loader is many times faster and start-up matters in CI; fall back when absent.
SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_FILE_BYTES = 1024 * 1024
"""Largest YAML file read (1 MiB): a real answers file or questionnaire is far smaller."""

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


def read_text_file(path: Path, *, what: str, max_bytes: int = MAX_FILE_BYTES) -> str:
    """Read a UTF-8 text file (a byte order mark is accepted), with clear errors.

    Raises:
        InputFileError: missing, a directory, unreadable, too large or not UTF-8.
    """
    shown = str(path)
    try:
        if path.is_dir():
            raise InputFileError(f"{shown}: is a folder, expected {what}")
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputFileError(f"{shown}: no such file (expected {what})") from None
    except PermissionError:
        raise InputFileError(f"{shown}: permission denied") from None
    except OSError as error:
        raise InputFileError(f"{shown}: cannot be read: {error.strerror or error}") from None
    if len(raw) > max_bytes:
        raise InputFileError(f"{shown}: larger than {max_bytes // 1024} KiB; {what} is expected to be much smaller")
    # NOTE: a byte order mark is accepted; removeprefix avoids loading the utf-8-sig codec.
    raw = raw.removeprefix(codecs.BOM_UTF8)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise InputFileError(
            f"{shown}:{line}: not valid UTF-8 (byte 0x{raw[error.start]:02x} at offset "
            f"{error.start}); save the file as UTF-8"
        ) from None


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
        raise InputFileError(_describe_yaml_error(error, shown_path, text)) from None
    except yaml.YAMLError as error:
        raise InputFileError(f"{shown_path}: not valid YAML: {error}") from None
    except RecursionError:
        raise InputFileError(f"{shown_path}: nested too deeply (at most {MAX_DEPTH} levels)") from None
    return YamlDocument(path=shown_path, data=data, node=node)


def _describe_yaml_error(error: yaml.MarkedYAMLError, shown_path: str, text: str) -> str:
    mark = error.problem_mark or error.context_mark
    where = f"{shown_path}:{mark.line + 1}:{mark.column + 1}" if mark else shown_path
    problem = error.problem or "not valid YAML"
    context = f" ({error.context})" if error.context and error.problem else ""
    lines = text.splitlines()
    line_text = lines[mark.line] if mark and mark.line < len(lines) else ""
    hint = ""
    if "\t" in line_text[: mark.column + 1 if mark else 0] or "tab" in problem.lower():
        hint = "; indent with spaces, not tabs"
    elif "could not determine a constructor" in problem:
        hint = "; only plain YAML is accepted (no !!python or other custom tags)"
    return f"{where}: {problem}{context}{hint}"


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
            raise InputFileError(
                f"{shown_path}:{node.start_mark.line + 1}: YAML anchors and aliases (&, *) "
                "are not supported; write the value out"
            )
        seen.add(id(node))
        if depth > MAX_DEPTH:
            raise InputFileError(
                f"{shown_path}:{node.start_mark.line + 1}: nested too deeply (at most {MAX_DEPTH} levels)"
            )
        if isinstance(node, yaml.MappingNode):
            keys: dict[str, int] = {}
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    line = key_node.start_mark.line + 1
                    if key_node.value in keys:
                        raise InputFileError(
                            f"{shown_path}:{line}: duplicate key '{key_node.value}' "
                            f"(first at line {keys[key_node.value]}); each key may appear once"
                        )
                    keys[key_node.value] = line
                stack.append((key_node, depth + 1))
                stack.append((value_node, depth + 1))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)


def check_writable(path: Path) -> None:
    """Fail early on an output path that can never be written: a folder, or in a missing one.

    Raises:
        OutputError: with the reason.
    """
    target = path.resolve() if path.is_symlink() else path
    if target.is_dir():
        raise OutputError(f"{path}: is a folder; name a file to write")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"{path}: the folder {folder} does not exist")


def write_text_atomic(path: Path, text: str) -> None:
    """Write a file so that it is either fully old or fully new, never half-written.

    The text goes to a temporary file in the same folder, is flushed to disk, then
    renamed over the target (`os.replace` is atomic on one file system). A symbolic link
    is written through, like the shell's `>`; a device or pipe (/dev/stdout, a FIFO),
    which cannot be replaced, is written to directly.

    Raises:
        OutputError: the folder does not exist, the path is a folder, or it cannot be written.
    """
    shown = path
    check_writable(path)
    if path.is_symlink():
        path = path.resolve()
    if path.exists() and not path.is_file():
        try:
            with path.open("w", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as error:
            raise OutputError(f"{shown}: cannot be written: {error.strerror}") from None
        return
    folder = path.parent if str(path.parent) else Path(".")
    try:
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise OutputError(f"{shown}: cannot write in {folder}: {error.strerror}") from None
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            # Keep the permissions a user gave the existing file.
            os.chmod(temporary, path.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise OutputError(f"{shown}: cannot be written: {error.strerror}") from None
        raise
