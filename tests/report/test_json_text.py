"""Every JSON document the tool writes is `json.dumps(indent=2, ensure_ascii=False)`, made safe for logs."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from mlops_maturity.json_text import json_document, json_line
from mlops_maturity.safe_text import log_safe_json

_SCALARS = st.none() | st.booleans() | st.integers() | st.text()
_VALUES = st.recursive(
    _SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(), children, max_size=4),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(_VALUES)
def test_a_document_is_what_json_dumps_writes_made_safe_for_logs(value: Any) -> None:
    assert json_document(value) == log_safe_json(json.dumps(value, indent=2, ensure_ascii=False)) + "\n"
    assert json.loads(json_document(value)) == value


@settings(max_examples=200, deadline=None)
@given(_VALUES)
def test_a_line_is_what_compact_json_dumps_writes(value: Any) -> None:
    assert json_line(value) == json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def test_what_orjson_refuses_is_written_by_json_dumps() -> None:
    for value in ({"note": "lone \ud800 surrogate"}, [2**70]):
        assert json_document(value) == log_safe_json(json.dumps(value, indent=2, ensure_ascii=False)) + "\n"


def test_a_document_ends_in_a_newline_and_never_holds_two_hashes() -> None:
    written = json_document({"note": "##[group]not a command", "list": ["a##b"]})
    assert written.endswith("}\n")
    assert "##" not in written
    assert json.loads(written) == {"note": "##[group]not a command", "list": ["a##b"]}


def test_characters_a_terminal_or_log_acts_on_are_escaped_and_read_back_the_same() -> None:
    hostile = "csi \u009b31m, separators \u2028 \u2029, override \u202e, isolate \u2066, e acute é"
    written = json_document({"note": hostile})
    for character in "\u009b\u2028\u2029\u202e\u2066":
        assert character not in written
    assert "\\u009b" in written and "\\u2028" in written and "\\u202e" in written
    assert "é" in written  # ordinary text stays as it is
    assert json.loads(written) == {"note": hostile}
