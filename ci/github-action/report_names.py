"""The name of each scored answers file's reports in the action's artifact: one per file, unique,
and a name actions/upload-artifact accepts and keeps.

`teams/payments/answers.yaml` gives `teams-payments-answers` (then `.md` and `.html`): the path
relative to the working directory, without its extension, with `-` for each folder separator.
What the upload refuses (`" : < > | * ?`, control characters) becomes `_`, and so does a
leading `.`, which would hide the file from the upload (hidden files are left out since
upload-artifact 4.4). Files whose names still meet, ignoring case (`a-b/answers.yaml` and
`a/b-answers.yaml`; `answers.yaml` and `answers.json`; `Team/` and `team/` on a disk that
ignores case, or once the artifact is unzipped on one), each get a short hash of their path.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
from collections.abc import Iterable

# What the artifact service refuses in a file's path (NTFS's rules), and what no file name
# should hold: every control character, the backslash (a separator on Windows runners), and
# the stand-ins Python uses for bytes of a file name that are not UTF-8.
_UNSAFE = re.compile(r'[\x00-\x1f\x7f-\x9f"*:<>?|\\\ud800-\udfff]')
# Windows will not create these, whatever the extension (`nul.md`).
_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)), *(f"lpt{n}" for n in range(10))})
MAX_NAME_BYTES = 180
"""Longest name kept whole: a file name holds 255 bytes, with room for `.html` and a hash."""


def relative_path(path: str, base: str) -> str:
    """The file's path from `base` (the working directory), `/`-separated and normalised."""
    path = path.replace("\\", "/")
    if posixpath.isabs(path) or re.match(r"[A-Za-z]:/", path):
        base = base.replace("\\", "/").rstrip("/")
        inside = path.startswith(base + "/")
        path = path[len(base) + 1 :] if inside else re.sub(r"^[A-Za-z]:", "", path)
    return posixpath.normpath(path).lstrip("/")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()[:8]


def base_name(relative: str) -> str:
    """The report name for one file, before names that meet are told apart."""
    stem, _ = posixpath.splitext(relative)
    name = _UNSAFE.sub("_", stem.replace("/", "-"))
    name = re.sub(r"^\.+", lambda dots: "_" * len(dots.group()), name)  # `.mlops/`, `../`
    name = re.sub(r"[. ]+$", lambda tail: "_" * len(tail.group()), name)  # Windows drops them
    if not name or name.split(".")[0].casefold() in _RESERVED:
        name = f"_{name}"
    if len(name.encode("utf-8", "surrogateescape")) > MAX_NAME_BYTES:
        cut = name.encode("utf-8", "surrogateescape")[:MAX_NAME_BYTES].decode("utf-8", "ignore")
        name = f"{cut}-{_digest(relative)}"
    return name


def report_names(paths: Iterable[str], base: str | None = None) -> dict[str, str]:
    """Each path's report name (a path given twice, or as `./x` and `x`, names one file).

    `base` is the folder relative paths start from; the working directory by default.
    """
    base = os.getcwd() if base is None else base
    relative = {path: relative_path(path, base) for path in paths}
    files = sorted(set(relative.values()))
    named = {file: base_name(file) for file in files}
    by_name: dict[str, list[str]] = {}
    for file, name in named.items():
        by_name.setdefault(name.casefold(), []).append(file)
    for group in by_name.values():
        if len(group) > 1:
            for file in group:
                named[file] = f"{named[file]}-{_digest(file)}"
    # NOTE: a hashed name could, in theory, meet a file's plain one; number what still meets.
    taken: set[str] = set()
    for file in files:
        name, number = named[file], 1
        while name.casefold() in taken:
            number += 1
            name = f"{named[file]}-{number}"
        taken.add(name.casefold())
        named[file] = name
    return {path: named[file] for path, file in relative.items()}
