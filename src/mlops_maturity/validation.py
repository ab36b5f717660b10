"""Pydantic validation errors in a user's words, located by file and line."""

from __future__ import annotations

import typing
from typing import Any

from pydantic import BaseModel

from mlops_maturity.yamlio import YamlDocument


def did_you_mean(word: str, choices: list[str], *, cutoff: float = 0.6) -> str:
    """`; did you mean 'x'?` for the closest choice, or nothing when none is close."""
    from difflib import get_close_matches

    close = get_close_matches(word, choices, n=1, cutoff=cutoff)
    return f"; did you mean '{close[0]}'?" if close else ""


def _model_inside(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model a field holds, looking inside tuple, dict, list, Optional and Annotated."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in typing.get_args(annotation):
        found = _model_inside(argument)
        if found is not None:
            return found
    return None


def model_at(root: type[BaseModel], loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    """The model whose fields a key path ends in (for 'unknown key, expected one of ...')."""
    current: type[BaseModel] | None = root
    for key in loc:
        if current is None:
            return None
        if isinstance(key, str) and key in current.model_fields:
            current = _model_inside(current.model_fields[key].annotation)
        # Sequence indexes and dict keys stay within the same model type.
    return current


def describe(detail: Any, document: YamlDocument, root: type[BaseModel]) -> tuple[int | None, str, str]:
    """(line, key path, message) for one pydantic error detail."""
    loc = tuple(detail["loc"])
    key = ".".join(str(part) for part in loc) or "(top level)"
    kind = detail["type"]
    if kind == "extra_forbidden":
        owner = model_at(root, loc[:-1])
        allowed = f" (expected one of: {', '.join(owner.model_fields)})" if owner else ""
        return document.key_line_of(loc), key, f"unknown key{allowed}"
    if kind == "missing":
        return document.line_of(loc), key, "required key is missing"
    found = detail.get("input")
    message = detail["msg"]
    if kind in ("string_type", "int_type", "dict_type", "tuple_type", "list_type", "model_type"):
        message = f"{message} (found {type(found).__name__})"
    return document.line_of(loc), key, message
