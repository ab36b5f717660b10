"""JSON as every command writes it: documents with two-space indents and compact lines, text as
it is, no `##[` in a log.

The text is what `json.dumps(data, ensure_ascii=False)` writes with `indent=2` (documents) or
`separators=(",", ":")` (lines), floats aside: orjson writes the shortest form, `0.00001` for
`1e-05`. NOTE: orjson, not the standard library: with `indent`, `json.dumps` runs its
pure-Python encoder, which costs a `score --format json` in CI more than the scoring does.
What orjson refuses (text with a lone surrogate, an integer over 64 bits) is left to
`json.dumps`.
"""

from __future__ import annotations

from typing import Any

from mlops_maturity.safe_text import log_safe_json


def json_document(data: Any) -> str:
    """`data` as a JSON document ending in a newline, with `##` written `#\\u0023` (`log_safe_json`)."""
    return log_safe_json(_dumps(data, indent=True)) + "\n"


def json_line(data: Any) -> str:
    """`data` as one compact line of JSON (no newline), for JSON Lines; not yet made log-safe."""
    return _dumps(data, indent=False)


def _dumps(data: Any, *, indent: bool) -> str:
    import orjson

    try:
        return orjson.dumps(data, option=orjson.OPT_INDENT_2 if indent else None).decode("utf-8")
    except (TypeError, orjson.JSONEncodeError):
        import json

        if indent:
            return json.dumps(data, indent=2, ensure_ascii=False)
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
