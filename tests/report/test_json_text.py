"""Every JSON document the tool writes is `json.dumps(indent=2, ensure_ascii=False)`, written faster."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from mlops_maturity.report.json_text import json_document, pretty_json

_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()  # NaN and the infinities included: json.dumps spells them
    | st.text()
)
_VALUES = st.recursive(
    _SCALARS,
    lambda children: (
        st.lists(children, max_size=4)
        | st.lists(children, max_size=4).map(tuple)
        | st.dictionaries(st.text(), children, max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(_VALUES)
def test_pretty_json_writes_what_json_dumps_writes(value: Any) -> None:
    assert pretty_json(value) == json.dumps(value, indent=2, ensure_ascii=False)


def test_values_json_cannot_write_are_refused_as_json_dumps_refuses_them() -> None:
    class Opaque:
        pass

    for unusual in ({"key": Opaque()}, {1: "a non-text key"}, [b"bytes"]):
        try:
            expected: str | None = json.dumps(unusual, indent=2, ensure_ascii=False)
        except TypeError:
            expected = None
        if expected is None:
            try:
                pretty_json(unusual)
            except TypeError:
                continue
            raise AssertionError(f"{unusual!r} was written")
        assert pretty_json(unusual) == expected


def test_a_document_ends_in_a_newline_and_never_holds_two_hashes() -> None:
    written = json_document({"note": "##[group]not a command", "list": ["a##b"]})
    assert written.endswith("}\n")
    assert "##" not in written
    assert json.loads(written) == {"note": "##[group]not a command", "list": ["a##b"]}
