"""Which piece of evidence a switch turns off: the step it is written in, or the whole file.

A file can hold several gates (a data quality check, a model quality check, a condition
step), and a switch (`skip_check=True`) written inside one step's statement turns off that
step only. A switch outside every step (a module flag `FORCE_PROMOTE = True`, a `pytestmark`
for the module, a pipeline-wide rule) turns off all of them. A step's statement is its line
and the lines below indented deeper than it (a call's arguments, a YAML item's keys), with the
closing bracket at its own indentation: blocks of indentation nest, so each switch belongs to
the innermost step around it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NON_BLANK_LINE = re.compile(r"(?m)^([ \t]*)(\S)")
_INDENTATION = re.compile(r"[ \t]*")
_CLOSING = frozenset(")]}")
MAX_LINES_SCOPED = 20_000
"""Beyond this many lines between the first step and the last switch, a switch turns off the whole file.

NOTE: a bound on the work (one pass over those lines in Python), erring towards "inactive"."""


@dataclass(frozen=True, slots=True)
class Switch:
    """A match of an `inactive_if` rule: where, and why (the rule's order first, then the place)."""

    position: int
    rule: int
    reason: str


@dataclass(frozen=True, slots=True)
class Verdict:
    """The evidence of a file once its switches are placed."""

    position: int
    """Where the finding points: the first step left on, or the switch that turned evidence off."""
    inactive: str | None
    """Why it does not count; None when a step is left on."""


def judge(text: str, steps: list[int], switches: list[Switch], *, steps_only: bool = False) -> Verdict:
    """The first step (a position in `text`) no switch turns off; or why none is left on.

    `steps` are the positions of the evidence (sorted, each a match of the signal's patterns).
    `steps_only`: a switch outside every step turns off nothing (else, the whole file).
    """
    owners = _owners(text, steps, switches)
    file_wide = [] if steps_only else [switch for switch, owner in zip(switches, owners, strict=True) if owner is None]
    if file_wide:
        first = min(file_wide, key=lambda switch: (switch.rule, switch.position))
        return Verdict(first.position, first.reason)
    turned_off: dict[int, Switch] = {}
    for switch, owner in zip(switches, owners, strict=True):
        if owner is not None and (owner not in turned_off or switch.rule < turned_off[owner].rule):
            turned_off[owner] = switch
    for step in steps:
        if step not in turned_off:
            return Verdict(step, None)
    if not steps:  # nothing to turn off: the evidence stands where it was found
        return Verdict(-1, None)
    first = turned_off[steps[0]]
    return Verdict(first.position, first.reason)


def _owners(text: str, steps: list[int], switches: list[Switch]) -> list[int | None]:
    """For each switch, the step whose statement holds it (the innermost), or None.

    One pass over the lines from the first step to the last switch, with a stack of the steps
    whose statement is still open (their indentation grows towards the top).
    """
    if not steps:
        return [None] * len(switches)
    positions = sorted({*steps, *(switch.position for switch in switches)})
    line_of = _lines_of(text, positions)
    last = max(switch.position for switch in switches)
    if line_of[last] - line_of[steps[0]] > MAX_LINES_SCOPED:
        return [None] * len(switches)
    owner_at: dict[int, int | None] = {}
    events = sorted([(step, 0) for step in steps if step <= last] + [(switch.position, 1) for switch in switches])
    open_steps: list[tuple[int, int]] = []  # (step, its line's indentation)
    lines = _NON_BLANK_LINE.finditer(text, _line_start(text, steps[0]))
    line = next(lines, None)
    for position, kind in events:
        while line is not None and line.start() <= position:
            indent = len(line.group(1).expandtabs())
            closing = line.group(2) in _CLOSING
            while open_steps and (open_steps[-1][1] > indent or (open_steps[-1][1] == indent and not closing)):
                open_steps.pop()
            line = next(lines, None)
        if kind == 0:
            open_steps.append((position, _indent_at(text, _line_start(text, position))))
        else:
            owner_at[position] = open_steps[-1][0] if open_steps else None
    return [owner_at[switch.position] for switch in switches]


def _lines_of(text: str, positions: list[int]) -> dict[int, int]:
    """1-based line of each (sorted) position, counting line breaks once over the text."""
    found: dict[int, int] = {}
    line, counted = 1, 0
    for position in positions:
        line += text.count("\n", counted, position)
        counted = position
        found[position] = line
    return found


def _line_start(text: str, position: int) -> int:
    return text.rfind("\n", 0, position) + 1


def _indent_at(text: str, start: int) -> int:
    indentation = _INDENTATION.match(text, start)
    return len(indentation.group().expandtabs()) if indentation is not None else 0
