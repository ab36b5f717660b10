"""JSON documents as every command prints them: two-space indents, text as it is, no `##[` in a log."""

from __future__ import annotations

import json
from typing import Any

from mlops_maturity.safe_text import log_safe_json


def json_document(data: Any) -> str:
    """`data` as a JSON document ending in a newline, with `##` written `#\\u0023` (`log_safe_json`)."""
    return log_safe_json(pretty_json(data)) + "\n"


class _Unusual(Exception):
    """A value `pretty_json` leaves to `json.dumps`."""


def pretty_json(data: Any) -> str:
    """Exactly `json.dumps(data, indent=2, ensure_ascii=False)`, several times as fast.

    NOTE: with `indent`, `json.dumps` uses its pure-Python encoder, which costs `score
    --format json` more than scoring; this writes the same text from plain data (dicts with
    text keys, lists, tuples, text, integers, finite floats, booleans, None) and hands
    anything else to `json.dumps`, for its output or its error.
    """
    try:
        return _pretty(data, "\n")
    except (_Unusual, TypeError, RecursionError):
        return json.dumps(data, indent=2, ensure_ascii=False)


_encode_text: Any = json.encoder.encode_basestring
"""The C string encoder `json.dumps(ensure_ascii=False)` uses; it refuses anything but text."""


def _pretty(value: Any, indent: str) -> str:
    """`value` as JSON whose lines inside it start with `indent` (a newline and spaces)."""
    kind = type(value)
    if kind is str:
        return _encode_text(value)  # type: ignore[no-any-return]
    if kind is dict:
        if not value:
            return "{}"
        inner = indent + "  "
        # NOTE: text, the most common value, is encoded without a call to `_pretty`.
        items = [
            _encode_text(key) + ": " + (_encode_text(item) if type(item) is str else _pretty(item, inner))
            for key, item in value.items()
        ]
        return "{" + inner + ("," + inner).join(items) + indent + "}"
    if kind is list or kind is tuple:
        if not value:
            return "[]"
        inner = indent + "  "
        entries = [_encode_text(item) if type(item) is str else _pretty(item, inner) for item in value]
        return "[" + inner + ("," + inner).join(entries) + indent + "]"
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if kind is int:
        return int.__repr__(value)
    if kind is float and value - value == 0.0:  # finite: NaN and infinities are json's to spell
        return float.__repr__(value)
    raise _Unusual
