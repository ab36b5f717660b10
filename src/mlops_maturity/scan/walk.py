"""Walking a repository for `scan`: every file git would track, read as bytes, never followed out.

`.gitignore` files are respected (nested ones too, with git's rules: the last matching
pattern wins, and nothing inside an ignored folder comes back), as is `.git/info/exclude`.
Tool and environment folders (`.git`, `node_modules`, virtualenvs, notebook checkpoints) are
skipped. Symbolic links are never followed: a link can point out of the tree. Nothing is
written, nothing is executed. Patterns match in time linear in the path (`ignore.py`); the
walk keeps its own stack, so no depth of folders is too deep; a folder that cannot be
listed is counted with why, never passed over in silence.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field

from mlops_maturity.scan.ignore import IgnoreRules, ignore_rules

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
    unreadable_folders: list[tuple[str, str]] = field(default_factory=list)
    """(path, why) of folders that could not be listed: nothing under them was scanned."""
    unreadable_files: list[tuple[str, str]] = field(default_factory=list)
    """(path, why) of `.gitignore` files that could not be read: what they ignore was scanned."""


@dataclass(frozen=True, slots=True)
class _IgnoreFile:
    base: str
    """The folder it applies to, relative to the root with a trailing slash ('' for the root)."""
    rules: IgnoreRules


@dataclass(slots=True)
class _Listing:
    """A folder being walked: its entries still to visit, and the .gitignore files that apply in it."""

    relative: str
    """Relative to the root, with a trailing slash ('' for the root)."""
    entries: Iterator[os.DirEntry[str]]
    ignores: list[_IgnoreFile]


def walk(root: str, counts: WalkCounts) -> Iterator[tuple[str, str]]:
    """(path relative to root with `/`, absolute path) of every file to consider, sorted per folder.

    Depth first, with a stack of its own rather than recursion: a tree 10,000 folders deep
    is walked like any other (a path too long for the system is reported unreadable).
    """
    ignores: list[_IgnoreFile] = []
    exclude = _read_ignore(os.path.join(root, ".git", "info", "exclude"), ".git/info/exclude", counts)
    if exclude is not None:
        ignores.append(_IgnoreFile("", exclude))
    stack = [_listing(root, "", ignores, counts)]
    while stack:
        listing = stack[-1]
        entry = next(listing.entries, None)
        if entry is None:
            stack.pop()
            continue
        path = listing.relative + entry.name
        if entry.is_symlink():
            counts.symlinks += 1
        elif entry.is_dir(follow_symlinks=False):
            if entry.name in SKIPPED_FOLDERS or path in SKIPPED_PATHS or _is_virtualenv(entry.path):
                counts.skipped_folders.append(path)
            elif _ignored(path + "/", listing.ignores):
                counts.ignored += 1
            else:
                stack.append(_listing(entry.path, path + "/", listing.ignores, counts))
        elif entry.is_file(follow_symlinks=False):
            if _ignored(path, listing.ignores):
                counts.ignored += 1
            else:
                counts.files += 1
                yield path, entry.path


def _listing(folder: str, relative: str, ignores: list[_IgnoreFile], counts: WalkCounts) -> _Listing:
    """A folder's entries in name order, with its own .gitignore added; none when it cannot be listed."""
    own = _read_ignore(os.path.join(folder, ".gitignore"), relative + ".gitignore", counts)
    if own is not None:
        ignores = [*ignores, _IgnoreFile(relative, own)]
    try:
        with os.scandir(folder) as found:
            entries = sorted(found, key=lambda entry: entry.name)
    except OSError as error:
        counts.unreadable_folders.append((relative.rstrip("/") or ".", _why(error)))
        entries = []
    return _Listing(relative, iter(entries), ignores)


def _why(error: OSError) -> str:
    return error.strerror or type(error).__name__


def _is_virtualenv(folder: str) -> bool:
    return os.path.isfile(os.path.join(folder, "pyvenv.cfg"))


def _ignored(path: str, ignores: list[_IgnoreFile]) -> bool:
    """git's rule: the last matching pattern decides, the deepest .gitignore last."""
    decision = False
    for ignore in ignores:
        if not path.startswith(ignore.base):
            continue
        said = ignore.rules.decision(path[len(ignore.base) :])
        if said is not None:
            decision = said
    return decision


def _read_ignore(path: str, relative: str, counts: WalkCounts) -> IgnoreRules | None:
    """A .gitignore's patterns; None when there is no such regular file (or it cannot be read: counted)."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return None
    except OSError:
        return None  # no such file (or a folder that cannot be listed, reported as such)
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_IGNORE_FILE_BYTES)
    except OSError as error:
        counts.unreadable_files.append((relative, _why(error)))
        return None
    return ignore_rules(raw.decode("utf-8", "replace").splitlines())


def shown_path(path: str) -> str:
    """A path as text that can always be printed on one line.

    Undecodable bytes of a file name become U+FFFD, and so does every character that starts
    a new line somewhere (\\n, tabs, U+0085, U+2028...): a file named `x\\nscan: ci.yml:1 ...`
    must not print as a second line of evidence. Evidence quotes what is left
    (`result.cited_path`).
    """
    if path.isascii() and path.isprintable():
        return path
    shown = path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return _LINE_BREAKS.sub("\ufffd", shown)


_LINE_BREAKS = re.compile("[\n\r\t\v\f\x1c-\x1e\x85\u2028\u2029]")
