"""Files a CI command runs, found in the repository and read as what they are: a script, Python code, a Makefile target.

A command such as `bash scripts/release.sh`, `python pipelines/run.py`, `python -m src.train`
or `make all` runs a file of the repository; `ci_facts.py` reads it to see what the command
does. Paths are resolved from the command's folder and never leave the scanned folder; no
symbolic link is followed, nothing is executed, a file over the size limit is not read.
"""

from __future__ import annotations

import os
import posixpath
import re
import stat
from dataclasses import dataclass
from functools import lru_cache

from mlops_maturity.scan.walk import SKIPPED_FOLDERS

_RECIPE_LINE = re.compile(r"^\t[@+-]*(.*)$")
_TARGET_LINE = re.compile(r"^([^\s:=#][^:=#]*)::?(?!=)(.*)$")


@dataclass(frozen=True, slots=True)
class FollowedLine:
    """A line of a followed file that runs something: its line and its text."""

    line: int
    text: str


class RepositoryFiles:
    """Reads files of the scanned folder by their path from its root, safely, each once."""

    def __init__(self, root: str, max_bytes: int) -> None:
        self.root = root
        self.max_bytes = max_bytes
        self.read_texts: dict[str, str | None] = {}

    def text(self, relative: str) -> str | None:
        """The file's text; None when it is not a regular file of the folder (or is too large, or a link)."""
        if relative not in self.read_texts:
            self.read_texts[relative] = self._read(relative)
        return self.read_texts[relative]

    def _read(self, relative: str) -> str | None:
        parts = relative.split("/")
        if not relative or relative.startswith("/") or any(part in ("", ".", "..") for part in parts):
            return None
        if any(part in SKIPPED_FOLDERS for part in parts[:-1]):
            return None
        path = self.root
        try:
            for part in parts:
                path = os.path.join(path, part)
                mode = os.lstat(path).st_mode
                if stat.S_ISLNK(mode):
                    return None
            if not stat.S_ISREG(mode) or os.path.getsize(path) > self.max_bytes:
                return None
            with open(path, "rb") as handle:
                raw = handle.read(self.max_bytes + 1)
        except OSError:
            return None
        if len(raw) > self.max_bytes or b"\0" in raw[:8192]:
            return None
        return raw.decode("utf-8", "replace")


def resolved(folder: str, target: str) -> str | None:
    """A path written in a command, from the repository root; None when it leaves the folder or is absolute."""
    target = target.strip("'\"")
    if not target or target.startswith(("/", "~", "$")):
        return None
    joined = posixpath.normpath(posixpath.join(folder, target))
    return None if joined.startswith("..") or joined == "." else joined


def module_paths(folder: str, module: str) -> list[str]:
    """Where `python -m module` finds its code in a repository: beside the folder, or under `src/`."""
    relative = module.replace(".", "/")
    found = []
    for base in (folder, posixpath.join(folder, "src") if folder else "src"):
        for candidate in (f"{relative}.py", f"{relative}/__main__.py"):
            path = resolved(base, candidate)
            if path is not None:
                found.append(path)
    return found


def makefile_recipe(text: str, target: str) -> tuple[list[FollowedLine], list[str]]:
    """A Makefile target's recipe lines (1-based, prefixes `@-+` removed) and its prerequisites.

    NOTE: only the explicit rule for the target is read (no pattern rules, no variables
    expanded); a recipe that is not there reads as nothing. The Makefile is read once for
    all its targets (`_makefile_rules`): read again per target, a fan-out of 4,000 took 10 s.
    """
    recipe, prerequisites = _makefile_rules(text).get(target, ((), ()))
    return list(recipe), [name for name in prerequisites if not name.startswith(("$", "|"))]


@lru_cache(maxsize=4)
def _makefile_rules(text: str) -> dict[str, tuple[list[FollowedLine], list[str]]]:
    """Every explicit target's recipe lines and prerequisites, in one pass over the Makefile."""
    rules: dict[str, tuple[list[FollowedLine], list[str]]] = {}
    current: list[tuple[list[FollowedLine], list[str]]] = []
    in_recipe = False
    for number, line in enumerate(text.split("\n"), start=1):
        if in_recipe:
            command = _RECIPE_LINE.match(line)
            if command is not None:
                if command.group(1).strip():
                    for recipe, _ in current:
                        recipe.append(FollowedLine(number, command.group(1).strip()))
                continue
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            in_recipe = False
        rule = _TARGET_LINE.match(line)
        if rule is not None and "=" not in rule.group(2):
            in_recipe = True
            current = [rules.setdefault(name, ([], [])) for name in dict.fromkeys(rule.group(1).split())]
            needs = rule.group(2).split(";", 1)[0].split()
            inline = rule.group(2).partition(";")[2].strip()
            for recipe, prerequisites in current:
                prerequisites += needs
                if inline:
                    recipe.append(FollowedLine(number, inline))
    return rules


def script_lines(text: str) -> list[FollowedLine]:
    """A shell script's command lines (comments and blank lines left out; a `\\` continues a line)."""
    from mlops_maturity.scan.ci_yaml import joined_continuations

    lines = [
        (number, line.strip())
        for number, line in enumerate(text.split("\n"), start=1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    return [FollowedLine(number, line) for number, line in joined_continuations(lines)]
