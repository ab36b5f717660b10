""".gitignore patterns, matched by pathspec on RE2: git's rules, in time linear in the path.

pathspec writes each `*` of a pattern as `[^/]*`; on Python's backtracking regex engine the
29-byte pattern `*a*a*a*a*a*a*a*a*a*a*a*a*a*b` took minutes on one 40-letter name (issue
19). RE2 (google-re2) never backtracks, and pathspec's RE2 backend matches a path against
all of a file's patterns at once: 1.5 µs a path for GitHub's 76-line Python .gitignore,
where pathspec's default tried the patterns one by one at 25 µs.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from dataclasses import dataclass

import pathspec


@dataclass(frozen=True, slots=True)
class IgnoreRules:
    """One .gitignore's patterns, compiled."""

    spec: pathspec.GitIgnoreSpec

    def decision(self, path: str) -> bool | None:
        """True: ignored; False: kept by a `!` pattern; None: no pattern says.

        `path` is relative to the .gitignore's folder, as the walk makes it (no `./`, no `..`).
        """
        # NOTE: a file name that is not UTF-8 reaches here with surrogates, which RE2 refuses.
        return self.spec.check_file(path.encode("utf-8", "replace").decode("utf-8")).include


def ignore_rules(lines: Iterable[str]) -> IgnoreRules:
    """A .gitignore's lines, compiled for RE2; a line pathspec or RE2 cannot read is left out,
    as git ignores a pattern it cannot use, rather than losing the file's other lines."""
    given = list(lines)
    spec = _spec(given)
    if spec is None:  # rare: find the lines at fault, one at a time
        spec = _spec([line for line in given if _spec([line]) is not None]) or _spec([])
    assert spec is not None
    return IgnoreRules(spec)


def _spec(lines: list[str]) -> pathspec.GitIgnoreSpec | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Python's `re` warns of nested sets while pathspec checks a line
        try:
            return pathspec.GitIgnoreSpec.from_lines(lines, backend="re2")
        except Exception:  # noqa: BLE001 - pathspec's and RE2's errors for a line either cannot read
            return None
