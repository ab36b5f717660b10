"""Answers files with comments of every kind, and the comments a rewrite must keep."""

from __future__ import annotations

import re

SCHEMA_LINE = "# yaml-language-server: $schema=answers.schema.json"
END_COMMENT = "# Reviewed with the platform team in November; next review after the spring release."

_LINE_END_COMMENT = re.compile(r"\s(#.*)$")


def with_comments(text: str, *, above: str, line_end: str) -> str:
    """`text` with a comment of every kind: the editor's schema line first (in place of one
    there), a block of comments above the question `above`, a comment at the end of the
    line of the question `line_end`, and a comment at the end of the file."""
    lines = text.splitlines()
    if lines[0].startswith("# yaml-language-server:"):
        lines = lines[1:]
    commented = [SCHEMA_LINE]
    for line in lines:
        if line.startswith(f"  {above}:"):
            commented += [
                f"  # Our own notes on {above}:",
                "  #   asked again at the quarterly review; see the wiki page.",
            ]
        if line.startswith(f"  {line_end}:"):
            line += "  # settled with the data team in October"
        commented.append(line)
    return "\n".join([*commented, END_COMMENT]) + "\n"


def comments(text: str) -> list[str]:
    """Every comment in a YAML text, in order: full lines, and the ends of lines (the test
    files hold no `#` inside a value)."""
    found = []
    for line in text.splitlines():
        if line.lstrip().startswith("#"):
            found.append(line.strip())
        elif (match := _LINE_END_COMMENT.search(line)) is not None:
            found.append(match.group(1))
    return found


def in_order(wanted: list[str], found: list[str]) -> bool:
    """Every item of `wanted` is in `found`, in the same order (others may come between)."""
    rest = iter(found)
    return all(any(item == other for other in rest) for item in wanted)
