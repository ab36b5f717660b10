"""Text from files made safe to show: no control characters reach a terminal or a report."""

from __future__ import annotations

import re

# C0 and C1 controls except tab and newline, and the bidirectional embeddings, overrides
# and isolates (U+202A-U+202E, U+2066-U+2069), which can make text read other than it is.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(value: str) -> str:
    """The text without control characters (tab and newline kept) and bidirectional overrides.

    An escape sequence in a team name or a note must not recolour, clear or retitle the
    user's terminal, nor travel into a report.
    """
    return _UNPRINTABLE.sub("", value)
