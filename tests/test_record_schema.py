"""pydantic validates records from a file's mapping as it validated its own models."""

from __future__ import annotations

from typing import Annotated, Any

import pytest
from pydantic import AfterValidator, Field, GetCoreSchemaHandler, ValidationError
from pydantic_core import CoreSchema

from mlops_maturity.questionnaire.model import Level, SourceRef
from mlops_maturity.record_schema import record_core_schema, validate_record
from mlops_maturity.records import field, record


class _Validated:
    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return record_core_schema(cls, handler)


@record(frozen=True)
class Inner(_Validated):
    code: Annotated[str, Field(pattern=r"^[a-z]+$")]


@record(frozen=True)
class Outer(_Validated):
    name: Annotated[str, AfterValidator(str.strip), Field(min_length=1)]
    inner: Inner
    items: tuple[Inner, ...] = ()
    tags: dict[str, str] = field(default_factory=dict)


def _errors(data: Any) -> list[tuple[tuple[Any, ...], str, str]]:
    with pytest.raises(ValidationError) as raised:
        validate_record(Outer, data)
    return [(tuple(error["loc"]), error["type"], error["msg"]) for error in raised.value.errors()]


def test_a_valid_mapping_becomes_the_record_with_its_defaults_and_annotations_applied() -> None:
    built = validate_record(Outer, {"name": "  a name ", "inner": {"code": "x"}, "items": [{"code": "y"}]})
    assert built == Outer(name="a name", inner=Inner(code="x"), items=(Inner(code="y"),), tags={})
    assert isinstance(built.inner, Inner) and isinstance(built.items, tuple)


def test_unknown_missing_and_wrong_keys_are_each_reported_where_they_are() -> None:
    errors = _errors({"name": "", "inner": {"code": "X", "extra": 1}, "items": ["text"], "colour": "blue"})
    assert ((), "missing", "Field required") not in errors
    # the length is checked after the AfterValidator, as pydantic checks its models' fields
    assert (("name",), "too_short", "Value should have at least 1 item after validation, not 0") in errors
    assert (("inner", "code"), "string_pattern_mismatch", "String should match pattern '^[a-z]+$'") in errors
    assert (("inner", "extra"), "extra_forbidden", "Extra inputs are not permitted") in errors
    assert (("colour",), "extra_forbidden", "Extra inputs are not permitted") in errors
    assert (("items", 0), "model_type", "Input should be a valid dictionary or instance of Inner") in errors
    assert _errors({"name": "a"}) == [(("inner",), "missing", "Field required")]


def test_the_questionnaire_types_validate_the_same_way() -> None:
    source = {"section": "Level 1", "item": "g.l1"}
    level = validate_record(Level, {"number": 1, "name": "One", "summary": "S", "source": source})
    assert level.source == SourceRef(section="Level 1", item="g.l1") and level.criteria == ()
    assert level.source_number == 1
    with pytest.raises(ValidationError, match="Input should be a valid dictionary or instance of SourceRef"):
        validate_record(Level, {"number": 1, "name": "One", "summary": "S", "source": "Level 1"})
