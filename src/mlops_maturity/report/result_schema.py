"""The JSON Schema of `score --format json`, generated from the result types.

pydantic writes the schema of the result dataclasses (`engine/assessment.py`) and of the
entries the JSON renderer adds (`report/json.py`); this module adds what the renderer adds
to the data (the `label` fields, `gate`) and the field docstrings as descriptions. Imported
only by `schema --result`: pydantic's schema machinery is start-up time `score` never needs.
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import itertools
import textwrap
import typing
from typing import Any

from pydantic import TypeAdapter

from mlops_maturity.engine.assessment import SCHEMA_VERSION, Assessment
from mlops_maturity.report.json import LABELLED, ErrorData, GateData, GateFailureData, ThresholdData, insert_after

_LABEL = {"type": "string", "description": "The level as every output names it: `Level 4 (Microsoft level 3): ...`."}


def result_json_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of `score --format json`: one result, or an array of entries."""
    generated = TypeAdapter(tuple[Assessment, ErrorData, GateData]).json_schema(
        mode="serialization", ref_template="#/$defs/{model}"
    )
    definitions: dict[str, Any] = generated["$defs"]
    for kind in [*_classes(Assessment), ErrorData, GateData, GateFailureData, ThresholdData]:
        _describe(definitions[kind.__name__], kind)
    for kind in _classes(Assessment):
        if issubclass(kind, LABELLED):
            _add_label(definitions[kind.__name__])
    for schema in definitions.values():
        _drop_titles(schema)
    assessment = definitions["Assessment"]
    assessment["properties"]["schema_version"] = {"const": SCHEMA_VERSION, "description": "Comes first."}
    assessment["properties"] = insert_after(
        assessment["properties"],
        "assessor",
        "gate",
        {"$ref": "#/$defs/GateData", "description": GateData.__doc__},
    )
    assessment["required"] = [name for name in assessment["properties"] if name != "gate"]
    definitions["ErrorData"]["properties"]["schema_version"] = {"const": SCHEMA_VERSION}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"mlops-maturity-result-{SCHEMA_VERSION}.schema.json",
        "title": f"mlops-maturity score --format json (schema_version {SCHEMA_VERSION})",
        "description": (
            "One result for one answers file; an array of entries, in the order given, for several "
            "files or with --array (a file that could not be scored is an ErrorData entry)."
        ),
        "anyOf": [
            {"$ref": "#/$defs/Assessment"},
            {"type": "array", "items": {"anyOf": [{"$ref": "#/$defs/Assessment"}, {"$ref": "#/$defs/ErrorData"}]}},
        ],
        "$defs": dict(sorted(definitions.items())),
    }


def _classes(root: type) -> list[type]:
    """Every result dataclass reachable from `root`'s fields, `root` first."""
    found: list[type] = []
    pending = [root]
    while pending:
        kind = pending.pop(0)
        if kind in found:
            continue
        found.append(kind)
        for base in kind.__mro__[1:]:
            if dataclasses.is_dataclass(base):
                pending.append(base)
        for hint in _hints(kind).values():
            pending.extend(_dataclasses_in(hint))
    return found


def _hints(kind: type) -> dict[str, Any]:
    return typing.get_type_hints(kind, vars(inspect.getmodule(kind)))


def _dataclasses_in(hint: Any) -> list[type]:
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return [hint]
    return [kind for argument in typing.get_args(hint) for kind in _dataclasses_in(argument)]


def _describe(schema: dict[str, Any], kind: type) -> None:
    """Field docstrings (the string under a field) as the properties' descriptions."""
    for base in reversed(kind.__mro__):
        if base.__module__ != kind.__module__:  # object, dict: no fields of ours
            continue
        tree = ast.parse(textwrap.dedent(inspect.getsource(base)))
        body = tree.body[0].body if isinstance(tree.body[0], ast.ClassDef) else []
        for field, following in itertools.pairwise(body):
            if (
                isinstance(field, ast.AnnAssign)
                and isinstance(field.target, ast.Name)
                and isinstance(following, ast.Expr)
                and isinstance(following.value, ast.Constant)
                and isinstance(following.value.value, str)
                and field.target.id in schema.get("properties", {})
            ):
                schema["properties"][field.target.id]["description"] = inspect.cleandoc(following.value.value)


def _add_label(schema: dict[str, Any]) -> None:
    schema["properties"] = insert_after(schema["properties"], "name", "label", dict(_LABEL))
    schema["required"] = [name for name in schema["properties"] if name in {*schema["required"], "label"}]


def _drop_titles(schema: dict[str, Any]) -> None:
    """pydantic's property titles ("Native Number") say nothing the key does not."""
    for value in schema.get("properties", {}).values():
        value.pop("title", None)
