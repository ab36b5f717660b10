"""pydantic validation for records: a file's mapping checked field by field, then built.

The questionnaire types are records (`questionnaire/model.py`), cheap to make at every
start; an organisation's folder, `lint`, and a checkout's files are still validated by
pydantic, through the schema this module gives each record class: the mapping's keys are
the record's fields (an unknown key is an error, a key with a default may be left out),
each value is checked against its field's annotation (constraints such as `Field(pattern=)`
and `AfterValidator` included), and the record is built from the result.

pydantic's validation machinery (core schemas, `TypeAdapter`) is used only here, when
something is validated.
"""

from __future__ import annotations

import functools
import typing
from typing import TYPE_CHECKING, Any, TypeVar

from mlops_maturity.records import record_spec

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler, TypeAdapter
    from pydantic_core import CoreSchema

RecordT = TypeVar("RecordT")


def record_core_schema(kind: type, handler: GetCoreSchemaHandler) -> CoreSchema:
    """The core schema of a record class: its fields as a closed mapping, then the record."""
    from pydantic_core import core_schema

    spec = record_spec(kind)
    hints = typing.get_type_hints(kind, include_extras=True)
    fields = {
        name: core_schema.typed_dict_field(handler.generate_schema(hints[name]), required=name in spec.required)
        for name in spec.names
    }
    mapping = core_schema.typed_dict_schema(fields, extra_behavior="forbid")
    return core_schema.no_info_before_validator_function(
        functools.partial(_mapping_for, kind),
        core_schema.no_info_after_validator_function(lambda values: kind(**values), mapping),
    )


def _mapping_for(kind: type, value: Any) -> Any:
    """Anything but a mapping refused in the words pydantic uses for its own models."""
    if not isinstance(value, dict):
        from pydantic_core import PydanticCustomError

        raise PydanticCustomError(
            "model_type",
            "Input should be a valid dictionary or instance of {class_name}",
            {"class_name": kind.__name__},
        )
    return value


def validate_record(kind: type[RecordT], data: Any) -> RecordT:
    """A record of `kind` from plain data, checked.

    Raises:
        pydantic.ValidationError: the data does not fit, with every error's key path.
    """
    adapter = _adapter(kind)  # type: ignore[arg-type]  # a class is hashable
    validated: RecordT = adapter.validate_python(data)
    return validated


@functools.cache
def _adapter(kind: Any) -> TypeAdapter[Any]:  # kind: a record class
    from pydantic import TypeAdapter

    return TypeAdapter(kind)
