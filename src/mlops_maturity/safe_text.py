"""Text from files made safe to show: no control characters, nor a line a CI log runs, reach a terminal or a report."""

from __future__ import annotations

import re

# C0 and C1 controls except tab and newline; the bidirectional controls (embeddings,
# overrides and isolates U+202A-U+202E and U+2066-U+2069, marks U+200E, U+200F and U+061C),
# which can make text read other than it is; and the zero-width characters (U+200B-U+200D,
# U+FEFF, U+180E), which hide inside a word that then looks like another.
# NOTE: U+2060 (word joiner) is not removed: `log_safe` adds it on purpose to break `::` and `##`.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def printable(value: str) -> str:
    """The text without control characters (tab and newline kept), bidirectional controls and
    zero-width characters.

    An escape sequence in a team name or a note must not recolour, clear or retitle the
    user's terminal, nor travel into a report; a right-to-left mark or override must not
    reorder what follows it on the screen.
    """
    return _UNPRINTABLE.sub("", value)


# Every character `str.splitlines` breaks a line at; \r\n counts once.
_LINE_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
# Between two colons or two hashes: `::` starts a GitHub Actions workflow command on a line
# (after any indentation), and `##[` / `##vso[` one anywhere in a line (GitHub's older form,
# Azure Pipelines').
_COMMAND_PAIR = re.compile(r"(?<=:)(?=:)|(?<=#)(?=#)")
_WORD_JOINER = "\u2060"


def one_line(value: str) -> str:
    """`printable`, and on one line: every line break (\\n, \\r, U+2028, U+0085...) becomes a space.

    For fields that are one line by nature (a team, an assessor, a title, an id): a newline
    in one must not start a line of its own in a log, where `::error::` would be a command.
    """
    return printable(_LINE_BREAK.sub(" ", value))


def log_safe(value: str) -> str:
    """`one_line`, with an invisible word joiner inside every `::` and `##`.

    For text printed where a CI runner reads commands from the log and where it may be
    wrapped (the terminal summary, messages on stderr): wrapping can start a line anywhere,
    and GitHub's runner strips indentation before it looks for `::`.
    """
    return _COMMAND_PAIR.sub(_WORD_JOINER, one_line(value))


# C1 controls (U+009B starts a terminal escape sequence), the line and paragraph separators,
# and the bidirectional controls: valid inside a JSON string, but a terminal, a log viewer or
# a JavaScript reader of the JSON may act on them.
_JSON_HOSTILE = re.compile(r"[\x80-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def log_safe_json(text: str) -> str:
    """JSON text with every `##` written `#\\u0023`, and the characters a terminal or log acts
    on (C1 controls, line separators, bidirectional controls) written as `\\uXXXX`: the same
    JSON, and no `##[` command in a log.

    NOTE: `#` and these characters can stand only inside a JSON string, where the escape is
    the same character.
    """
    return _JSON_HOSTILE.sub(_json_escape, text).replace("##", "#\\u0023")
