"""Results as plain data and back: what the JSON output holds, and what `diff` will read.

`as_data` turns result dataclasses into dicts in field order; `from_data` builds them again
from such dicts (from a `score --format json` file, say), ignoring the display labels the
JSON renderer adds.
"""

from __future__ import annotations

import dataclasses
import datetime
import types
import typing
from enum import Enum
from typing import Any, TypeVar

from mlops_maturity.engine import assessment

ResultT = TypeVar("ResultT")

DERIVED_KEYS = frozenset({"label", "gate"})
"""Keys the JSON renderer adds beside the result (display labels; the gate's outcome, which
belongs to the run, not to the assessment); they are not read back."""

_field_names: dict[type, tuple[str, ...]] = {}
_PLAIN_TYPES = frozenset({str, int, float, bool, type(None)})
"""Values that are JSON-ready as they are (exactly these types: an enum is not)."""


def as_data(result: Any) -> Any:
    """A result as plain JSON-ready data: dicts in field order, lists, strings, numbers."""
    kind = type(result)
    if kind in _PLAIN_TYPES:  # most values: checked first, as the output is thousands of them
        return result
    names = _field_names.get(kind)
    if names is None and dataclasses.is_dataclass(result) and not isinstance(result, type):
        names = _field_names[kind] = tuple(field.name for field in dataclasses.fields(result))
    if names is not None:
        # NOTE: plain values are taken as they are, without a call: most values are plain.
        return {
            name: value if type(value) in _PLAIN_TYPES else as_data(value)
            for name in names
            for value in (getattr(result, name),)
        }
    if isinstance(result, Enum):
        return result.value
    if isinstance(result, datetime.date):
        return result.isoformat()
    if isinstance(result, dict):
        return {key: value if type(value) in _PLAIN_TYPES else as_data(value) for key, value in result.items()}
    if isinstance(result, (list, tuple)):
        return [value if type(value) in _PLAIN_TYPES else as_data(value) for value in result]
    return result


class ResultDataError(ValueError):
    """Data that is not a result of this schema version; the message says where."""


def from_data(kind: type[ResultT], data: Any, where: str = "") -> ResultT:
    """Build a result dataclass (an `Assessment`, say) from what `as_data` made.

    Raises:
        ResultDataError: a missing or unknown key, or a value of the wrong type.
    """
    built: ResultT = _build(kind, data, where or kind.__name__)
    return built


def _build(annotation: Any, data: Any, where: str) -> Any:
    origin, arguments = typing.get_origin(annotation), typing.get_args(annotation)
    if isinstance(annotation, type) and dataclasses.is_dataclass(annotation):
        return _build_dataclass(annotation, data, where)
    if origin is types.UnionType or origin is typing.Union:
        if data is None and type(None) in arguments:
            return None
        concrete = [argument for argument in arguments if argument is not type(None)]
        return _build(concrete[0], data, where)
    if origin is list:
        if not isinstance(data, list):
            raise ResultDataError(f"{where}: expected a list")
        return [_build(arguments[0], item, f"{where}[{index}]") for index, item in enumerate(data)]
    if origin is dict:
        if not isinstance(data, dict):
            raise ResultDataError(f"{where}: expected a mapping")
        return {key: _build(arguments[1], value, f"{where}.{key}") for key, value in data.items()}
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        try:
            return annotation(data)
        except ValueError:
            raise ResultDataError(
                f"{where}: {data!r} is not one of {[member.value for member in annotation]}"
            ) from None
    if annotation is datetime.date:
        try:
            return datetime.date.fromisoformat(data)
        except (TypeError, ValueError):
            raise ResultDataError(f"{where}: expected a date as YYYY-MM-DD") from None
    if annotation in (str, int, bool) and not (isinstance(data, annotation) and type(data) is annotation):
        raise ResultDataError(f"{where}: expected {annotation.__name__}, found {type(data).__name__}")
    return data


_hints: dict[type, dict[str, Any]] = {}


def _build_dataclass(kind: type, data: Any, where: str) -> Any:
    if not isinstance(data, dict):
        raise ResultDataError(f"{where}: expected a mapping")
    hints = _hints.get(kind)
    if hints is None:
        hints = _hints[kind] = typing.get_type_hints(kind, vars(assessment))
    fields = {field.name: field for field in dataclasses.fields(kind)}
    unknown = set(data) - set(fields) - DERIVED_KEYS
    if unknown:
        raise ResultDataError(f"{where}: unknown key {sorted(unknown)[0]!r}")
    values = {}
    for name, field in fields.items():
        if name in data:
            values[name] = _build(hints[name], data[name], f"{where}.{name}")
        elif field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING:
            raise ResultDataError(f"{where}: missing key {name!r}")
    return kind(**values)
