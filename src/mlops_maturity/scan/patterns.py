"""The detectors' regular expressions, matched in time linear in the text (RE2).

Python's `re` backtracks: a detector's `^\\s*` is tried again from every line of a run of
blank lines, so a workflow of 30,000 blank lines took 10 s, and time grew with the square
of the run. RE2 (google-re2, already the engine of `.gitignore` patterns) never
backtracks: a file is read once, whatever its content. Detector patterns are written in
the syntax both share; RE2 has no lookarounds and no backreferences, and `lint` refuses
them at their line.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

import re2  # type: ignore[import-untyped]  # google-re2 ships no type information


class Match(Protocol):
    def group(self, index: int = 0) -> str: ...  # None for a group that took no part (typed `str` for the detectors)

    def start(self, index: int = 0) -> int: ...

    def end(self, index: int = 0) -> int: ...


class Pattern(Protocol):
    def search(self, text: str) -> Match | None: ...

    def finditer(self, text: str) -> Iterator[Match]: ...


def _options() -> object:
    options = re2.Options()
    options.log_errors = False  # RE2 would write its own log lines on stderr; the error is ours to tell
    return options


_OPTIONS = _options()


def compile_lines(source: str) -> Pattern:
    """`source` matched line by line (`^` and `$` at each line), as the detectors are written.

    Raises:
        PatternError: RE2 cannot compile it (a lookaround, a backreference, a syntax error).
    """
    try:
        compiled: Pattern = re2.compile(f"(?m){source}", _OPTIONS)
    except re2.error as error:
        detail = error.args[0] if error.args else error
        reason = detail.decode("utf-8", "replace") if isinstance(detail, bytes) else str(detail)
        raise PatternError(reason) from None
    return compiled


class PatternError(ValueError):
    """A pattern RE2 cannot compile, and why."""


class KeywordSet:
    """Which of some words a text holds, in any case, found in one pass over it (RE2's set of patterns).

    NOTE: testing each word with `in` read a 500 KB notebook once per word: 100 words, 100 passes.
    """

    def __init__(self, words: tuple[str, ...]) -> None:
        self.words = words
        options = re2.Options()
        options.log_errors = False
        options.case_sensitive = False
        self._set = re2.Set.SearchSet(options)
        for word in words:
            self._set.Add(re2.escape(word))
        self._set.Compile()

    def present(self, text: str) -> set[str]:
        if not self.words:
            return set()
        return {self.words[index] for index in self._set.Match(text) or ()}
