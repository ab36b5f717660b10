"""A long evidence list is written in one emitter run, each item exactly as on its own."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mlops_maturity.answers.write import BATCH_FROM, _scalar, scalars


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=30), min_size=BATCH_FROM, max_size=BATCH_FROM + 20))
def test_a_long_list_is_written_item_by_item_as_each_alone(values: list[str]) -> None:
    assert scalars(values) == [_scalar(value) for value in values]


def test_links_and_words_yaml_would_misread_are_quoted_alike() -> None:
    values = ["https://git.example/ml#L3", "no", "on", "- x", "a: b", "#c", "", " pad ", "line\nbreak", "'q'"] * 10
    assert scalars(values) == [_scalar(value) for value in values]
