"""Reading many CI commands fast: which of them can show any work, and the collector paused meanwhile.

A 1 MiB CI definition can hold 100,000 commands (`sh 'x'`, the lines of one `run: |`
block). Each command was searched with each of ~20 patterns (the catalogue's `ci_work`
commands and `ci_follow` files), ~6 us a search through RE2's Python wrapper: 6 s for
one file. `CommandFilter` searches all the commands at once, as one text, for any of them.
"""

from __future__ import annotations

import gc
import re
from bisect import bisect_right
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import accumulate

from mlops_maturity.scan.ci_follow import resolved
from mlops_maturity.scan.ci_yaml import Command
from mlops_maturity.scan.patterns import compile_lines

_CHANGE_FOLDER = re.compile(r"(?:^|&&|;)\s*(?:cd|pushd)\s+[\"']?([\w./-]+)")


class CommandFilter:
    """Which commands any of some patterns (each put after `start`) can match, in one pass."""

    def __init__(self, start: str, patterns: tuple[str, ...]) -> None:
        # NOTE: with no capturing group: RE2's wrapper decodes each group of each match.
        self.any_command = compile_lines(
            "|".join(f"(?:{_uncaptured(start)}(?:{_uncaptured(pattern)}))" for pattern in patterns)
            or "[^\\s\\S]"  # nothing: no pattern
        )

    def of(self, texts: list[str]) -> list[int]:
        """The indexes of the commands (`texts`) one of the patterns matches, in order.

        The commands are searched as one text, a line each; a match that runs over several
        commands (a `\\s` crosses the line break) marks them all, so a command a pattern
        matches alone is never left out: it is in a match, or a match covers it. The others
        can show no work and run no file.
        """
        unique = list(dict.fromkeys(texts))  # 100,000 lines of `pytest` are one text to search
        found: set[str] = set()
        starts: list[int] = []
        for match in self.any_command.finditer("\n".join(unique)):
            starts = starts or list(accumulate([len(text) + 1 for text in unique], initial=0))
            first = bisect_right(starts, match.start()) - 1
            last = bisect_right(starts, max(match.end() - 1, match.start())) - 1
            found.update(unique[first : min(last, len(unique) - 1) + 1])
        return [index for index, text in enumerate(texts) if text in found] if found else []


def run_folders(commands: list[Command]) -> set[str]:
    """The folders commands run in: their `working-directory:`, and `cd folder` in a command."""
    folders = {command.folder for command in commands if command.folder}
    texts = "\n".join([command.text for command in commands])
    for command in commands if "cd" in texts or "pushd" in texts else ():
        if "cd" in command.text or "pushd" in command.text:
            folders.update(
                target
                for match in _CHANGE_FOLDER.finditer(command.text)
                if (target := resolved(command.folder, match.group(1)))
            )
    return folders


def _uncaptured(pattern: str) -> str:
    """`pattern` with each capturing group `(` made `(?:`: the same text matched, nothing captured.

    A filter's pattern: were a group misread, the filter would still let through every command
    the patterns match (a `(?:` inside a class only adds two characters to it)."""
    out: list[str] = []
    escaped = in_class = False
    for index, char in enumerate(pattern):
        out.append(char)
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            # `[]...]`, `[^]...]`: a first `]` is a member (a misread class only adds to what matches)
            in_class = char != "]" or pattern[index - 1] == "[" or pattern[index - 2 : index] == "[^"
        elif char == "[":
            in_class = True
        elif char == "(" and not pattern.startswith("?", index + 1):
            out.append("?:")
    return "".join(out)


@contextmanager
def no_collection() -> Iterator[None]:
    """The cyclic garbage collector paused while a definition is read.

    NOTE: reading makes a list of up to 150,000 commands, and no cycles; the collector, started
    every 700 new objects, walked the growing list again and again: a third of the time of a
    1 MiB Jenkinsfile. What the reading leaves is collected after it.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
