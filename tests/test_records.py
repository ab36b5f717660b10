"""Records behave as the result types and problems need: checked construction, order, values."""

from __future__ import annotations

import pickle
from dataclasses import FrozenInstanceError

import pytest

from mlops_maturity.engine.assessment import LevelResult, Source
from mlops_maturity.engine.gate import Threshold
from mlops_maturity.errors import Problem
from mlops_maturity.records import field, record, record_fields, replace


@record
class Pair:
    left: str
    right: int = 0
    extras: list[str] = field(default_factory=list)


@record
class Triple(Pair):
    middle: str | None = None


def test_a_missing_or_unknown_field_is_refused_at_construction() -> None:
    with pytest.raises(TypeError, match="missing keyword argument 'left'"):
        Pair(right=1)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="unexpected keyword argument 'wrong'"):
        Pair(left="a", wrong=1)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match=r"Pair\(\) takes keyword arguments only"):
        Pair("a")  # type: ignore[misc]


def test_defaults_apply_and_each_record_gets_its_own_factory_value() -> None:
    first, second = Pair(left="a"), Pair(left="b")
    first.extras.append("x")
    assert (first.right, second.extras) == (0, [])
    assert Pair(left="a", right=2, extras=["y"]).extras == ["y"]


def test_fields_keep_declaration_order_with_inherited_ones_first() -> None:
    assert record_fields(Triple) == ("left", "right", "extras", "middle")
    assert record_fields(LevelResult)[:3] == ("number", "native_number", "name")
    assert repr(Triple(left="a", middle="m")) == "Triple(left='a', right=0, extras=[], middle='m')"


def test_results_compare_by_identity_and_frozen_values_by_their_fields() -> None:
    assert Source(section="s", item="i") != Source(section="s", item="i")
    assert Problem("a.yaml", 2, message="m") == Problem(file="a.yaml", line=2, message="m")
    assert Problem("a.yaml", 2) != Problem("a.yaml", 3)
    assert len({Threshold("google", 1), Threshold(model="google", level=1)}) == 1


def test_a_frozen_record_cannot_be_changed_but_can_be_copied_with_changes() -> None:
    threshold = Threshold("google", 1)
    with pytest.raises(FrozenInstanceError):
        threshold.level = 2  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        del threshold.level  # type: ignore[misc]
    assert replace(threshold, level=2) == Threshold("google", 2)
    assert threshold.level == 1


def test_positional_arguments_only_where_allowed_and_never_twice() -> None:
    with pytest.raises(TypeError, match="multiple values for argument 'model'"):
        Threshold("google", model="microsoft")  # type: ignore[misc]
    with pytest.raises(TypeError, match="takes 2 arguments"):
        Threshold("google", 1, 2)  # type: ignore[call-arg]


def test_records_survive_pickling() -> None:
    """What multiprocessing and caches need."""
    problem = Problem("a.yaml", 2, key="team", message="m")
    assert pickle.loads(pickle.dumps(problem)) == problem
    copied = pickle.loads(pickle.dumps(Triple(left="a", extras=["x"])))
    assert (copied.left, copied.right, copied.extras) == ("a", 0, ["x"])


def test_a_field_declared_again_replaces_what_the_base_said_of_its_default() -> None:
    @record
    class Base:
        items: list[str] = field(default_factory=list)
        label: str = "base"

    @record
    class Narrower(Base):
        items: list[str] = ("fixed",)  # type: ignore[assignment]
        label: str  # type: ignore[misc]  # now required

    assert Narrower(label="x").items == ("fixed",)
    with pytest.raises(TypeError, match="missing keyword argument 'label'"):
        Narrower()
    assert Base().items == [] and Base().label == "base"
