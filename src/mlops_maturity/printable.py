"""Text from files made safe to show: no control characters reach a terminal or a report."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(value: str) -> str:
    """The text without control characters, except tab and newline.

    An escape sequence in a team name or a note must not recolour, clear or retitle the
    user's terminal, nor travel into a report.
    """
    return _CONTROL.sub("", value)
