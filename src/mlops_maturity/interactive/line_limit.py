"""A terminal's line limit: the kernel cuts a longer line without a word, so the tool says so.

In its usual (canonical) mode a terminal edits the line itself (erase, kill, wide
characters) and passes it on at Enter. Linux holds at most 4,096 bytes for that line, one
kept for the newline: the rest of a longer paste is dropped, and the program reads the
first 4,095 bytes and a newline as if that were all. A line of that length read from such a
terminal is taken as cut.

NOTE: detected, not worked around. Reading past the limit needs the terminal out of
canonical mode, and then the tool must redo the terminal's line editing (erase across
wide characters and wrapped lines, Ctrl-U, Ctrl-W) and its echo, and a `kill -9` leaves
the user's terminal in that mode; GNU readline (`input()`) would do the editing, but it
draws on stdout, where the summary goes, and only when both ends are terminals. Replies
are one line by design: long text belongs in a file, given as evidence.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import IO, Any

LINUX_LINE_LIMIT = 4095
"""The most bytes of one line a Linux terminal passes in canonical mode (N_TTY_BUF_SIZE less the newline)."""


def line_limit(stream: IO[Any]) -> int | None:
    """The length at which a line read from `stream` has been cut; None where lines are whole.

    Only a Linux terminal in canonical mode cuts lines and still passes them on: pipes and
    files pass lines of any length, a terminal out of canonical mode has no line buffer,
    and other systems refuse the extra bytes (with a bell) instead of passing a cut line.
    """
    if not sys.platform.startswith("linux"):
        return None
    import termios

    try:
        fd = stream.fileno()
        canonical = os.isatty(fd) and bool(termios.tcgetattr(fd)[3] & termios.ICANON)
    except (AttributeError, OSError, ValueError, termios.error):  # no descriptor (a test's stream), or closed
        return None
    return LINUX_LINE_LIMIT if canonical else None


def was_cut(stream: IO[Any], raw: bytes) -> bool:
    """Whether `raw`, a line just read from `stream` (with its newline, if any), was cut by the terminal.

    NOTE: a line typed to exactly the limit is taken as cut too: it cannot be told apart, and
    asking again costs a retyped line where the other mistake would lose the rest silently.
    """
    limit = line_limit(stream)
    return limit is not None and len(raw) - raw.endswith(b"\n") >= limit


def discard_typed_ahead(stream: IO[Any]) -> None:
    """Drop input not read yet: the rest of a paste whose first line was cut.

    Its other lines would otherwise be read as the replies to whatever is asked next (a
    note's second line taken as the evidence, a number as an answer).
    """
    import termios

    # Nothing to drop where there is no terminal.
    with contextlib.suppress(AttributeError, OSError, ValueError, termios.error):
        termios.tcflush(stream.fileno(), termios.TCIFLUSH)
