"""Walking a repository for `scan`: every file git would track, read as bytes, never followed out.

`.gitignore` files are respected (nested ones too, with git's rules: the last matching
pattern wins, and nothing inside an ignored folder comes back), as is `.git/info/exclude`.
Tool and environment folders (`.git`, `node_modules`, virtualenvs, notebook checkpoints) are
skipped. Symbolic links are never followed: a link can point out of the tree. Nothing is
written, nothing is executed.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field

import pathspec

SKIPPED_FOLDERS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".ipynb_checkpoints",
        "node_modules",
        "__pycache__",
        ".venv",
        "venv",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".eggs",
        "site-packages",
    }
)
"""Folder names never entered: version control internals, caches, installed packages."""

SKIPPED_PATHS = frozenset({".dvc/cache", ".dvc/tmp"})
"""Folders (from the root) holding copies of data, not the repository's own files."""

MAX_IGNORE_FILE_BYTES = 256 * 1024


@dataclass
class WalkCounts:
    """What the walk left out, for the scan's output."""

    files: int = 0
    """Files found (not ignored, not in skipped folders)."""
    ignored: int = 0
    """Files and folders left out by .gitignore (an ignored folder counts once)."""
    symlinks: int = 0
    """Symbolic links, never followed."""
    skipped_folders: list[str] = field(default_factory=list)
    """Tool and environment folders left out (`node_modules`, virtualenvs, ...)."""


@dataclass(frozen=True, slots=True)
class _IgnoreFile:
    base: str
    """The folder it applies to, relative to the root with a trailing slash ('' for the root)."""
    spec: pathspec.GitIgnoreSpec


def walk(root: str, counts: WalkCounts) -> Iterator[tuple[str, str]]:
    """(path relative to root with `/`, absolute path) of every file to consider, sorted per folder."""
    ignores: list[_IgnoreFile] = []
    exclude = _read_ignore(os.path.join(root, ".git", "info", "exclude"))
    if exclude is not None:
        ignores.append(_IgnoreFile("", exclude))
    yield from _walk_folder(root, "", ignores, counts)


def _walk_folder(
    folder: str, relative: str, ignores: list[_IgnoreFile], counts: WalkCounts
) -> Iterator[tuple[str, str]]:
    own = _read_ignore(os.path.join(folder, ".gitignore"))
    if own is not None:
        ignores = [*ignores, _IgnoreFile(relative, own)]
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        return
    for entry in entries:
        path = relative + entry.name
        if entry.is_symlink():
            counts.symlinks += 1
            continue
        if entry.is_dir(follow_symlinks=False):
            if entry.name in SKIPPED_FOLDERS or path in SKIPPED_PATHS or _is_virtualenv(entry.path):
                counts.skipped_folders.append(path)
                continue
            if _ignored(path + "/", ignores):
                counts.ignored += 1
                continue
            yield from _walk_folder(entry.path, path + "/", ignores, counts)
        elif entry.is_file(follow_symlinks=False):
            if _ignored(path, ignores):
                counts.ignored += 1
                continue
            counts.files += 1
            yield path, entry.path


def _is_virtualenv(folder: str) -> bool:
    return os.path.isfile(os.path.join(folder, "pyvenv.cfg"))


def _ignored(path: str, ignores: list[_IgnoreFile]) -> bool:
    """git's rule: the last matching pattern decides, the deepest .gitignore last."""
    decision = False
    for ignore in ignores:
        if not path.startswith(ignore.base):
            continue
        result = ignore.spec.check_file(path[len(ignore.base) :])
        if result.include is not None:
            decision = result.include
    return decision


def _read_ignore(path: str) -> pathspec.GitIgnoreSpec | None:
    """A .gitignore's patterns; None when there is no such regular file."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return None
        with open(path, "rb") as handle:
            raw = handle.read(MAX_IGNORE_FILE_BYTES)
    except OSError:
        return None
    return pathspec.GitIgnoreSpec.from_lines(raw.decode("utf-8", "replace").splitlines())


def shown_path(path: str) -> str:
    """A path as text that can always be printed on one line.

    Undecodable bytes of a file name become U+FFFD, and so do line breaks and tabs: a file
    named `x\nscan: ci.yml:1 ...` must not print as a second line of evidence.
    """
    shown = path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return shown.translate(_ONE_LINE) if any(char in shown for char in "\n\r\t\v\f") else shown


_ONE_LINE = str.maketrans(dict.fromkeys("\n\r\t\v\f", "\ufffd"))
