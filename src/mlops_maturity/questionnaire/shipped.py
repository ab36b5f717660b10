"""The questionnaires shipped with the tool: where they are, and the start-up fast path.

Installed from a wheel, the shipped files were linted before release (the test suite lints
them) and the build made a JSON copy of them (hatch_build.py), so they are built without
YAML parsing or validation: start-up matters in CI. From a checkout (an editable install,
where they may be being edited) they are read and checked like any folder.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from importlib.resources.abc import Traversable
from pathlib import Path
from types import UnionType
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from mlops_maturity.errors import QuestionnaireError
from mlops_maturity.questionnaire.model import MaturityModel, QuestionBank, QuestionnaireSet
from mlops_maturity.records import is_record, record_fields

BANK_FILE = "questions.yaml"
COMPILED_FILE = "compiled.json"
"""A JSON copy of the shipped YAML files, made when the wheel is built (hatch_build.py)."""

RecordT = TypeVar("RecordT")


def _packaged_questionnaires_dir() -> Traversable | None:
    # NOTE: a plain path first: importlib.resources costs start-up, and is needed only for
    # installs that are not plain folders (zip files).
    beside = Path(__file__).parents[1] / "questionnaires"
    if beside.is_dir():
        return beside
    from importlib.resources import files

    packaged = files("mlops_maturity") / "questionnaires"
    return packaged if packaged.is_dir() else None


def bundled_questionnaires_dir() -> Traversable:
    """Where the shipped questionnaires live: inside the installed package, or the checkout.

    Raises:
        QuestionnaireError: the installation has lost them.
    """
    packaged = _packaged_questionnaires_dir()
    if packaged is not None:
        return packaged
    # NOTE: editable installs do not apply hatch's force-include; fall back to the repo root.
    checkout = Path(__file__).resolve().parents[3] / "questionnaires"
    if checkout.is_dir():
        return checkout
    raise QuestionnaireError("the shipped questionnaires are missing from this installation; reinstall mlops-maturity")


def load_shipped_questionnaires() -> QuestionnaireSet:
    """The questionnaires shipped with the tool (see the module docstring)."""
    packaged = _packaged_questionnaires_dir()
    if packaged is None:
        from mlops_maturity.questionnaire.folder import load_questionnaires

        return load_questionnaires(bundled_questionnaires_dir())
    bank: QuestionBank | None = None
    models: list[MaturityModel] = []
    for name, data in _shipped_documents(packaged):
        if name == BANK_FILE:
            bank = construct_unchecked(QuestionBank, data)
        else:
            models.append(construct_unchecked(MaturityModel, data))
    if bank is None:
        raise QuestionnaireError(f"{packaged}: {BANK_FILE} is missing from this installation; reinstall mlops-maturity")
    return QuestionnaireSet(location=str(packaged), bank=bank, models=tuple(models))


def _shipped_documents(packaged: Traversable) -> list[tuple[str, Any]]:
    """The shipped files' data: from the JSON copy the wheel's build made, else the YAML."""
    compiled = packaged / COMPILED_FILE
    if compiled.is_file():
        import json

        return sorted(json.loads(compiled.read_text(encoding="utf-8")).items())
    import yaml

    from mlops_maturity.yaml_reader import SAFE_LOADER

    return [
        (entry.name, yaml.load(entry.read_text(encoding="utf-8"), Loader=SAFE_LOADER))
        for entry in sorted(packaged.iterdir(), key=lambda entry: entry.name)
        if entry.name.endswith(".yaml")
    ]


def construct_unchecked(kind: type[RecordT], data: dict[str, Any]) -> RecordT:
    """Build a record, with its nested records, from data known to be valid, without validating.

    Only for the shipped questionnaires, which the test suite lints; anything a user
    provides goes through `record_schema.validate_record`.
    """
    plan = _construction_plan(kind)
    return kind(**{name: plan[name](value) for name, value in data.items()})


_Builder = Callable[[Any], Any]
_plans: dict[type, dict[str, _Builder]] = {}


def _construction_plan(kind: type) -> dict[str, _Builder]:
    """Per field, how to build its value from plain data (worked out once per record class)."""
    plan = _plans.get(kind)
    if plan is None:
        # NOTE: the annotations as written, not `get_type_hints`: model.py's are objects already,
        # and evaluating them again costs start-up.
        hints = {name: hint for base in reversed(kind.__mro__) for name, hint in inspect.get_annotations(base).items()}
        plan = _plans[kind] = {name: _builder(hints[name]) for name in record_fields(kind)}
    return plan


def _builder(annotation: Any) -> _Builder:
    if isinstance(annotation, type) and is_record(annotation):
        kind = annotation
        return lambda value: construct_unchecked(kind, value)
    origin, arguments = get_origin(annotation), get_args(annotation)
    if origin is Annotated:
        return _builder(arguments[0])
    if origin is tuple:
        item = _builder(arguments[0])
        return lambda value: tuple(item(entry) for entry in value)
    if origin is dict:
        entry_builder = _builder(arguments[1])
        return lambda value: {key: entry_builder(entry) for key, entry in value.items()}
    if origin is Union or origin is UnionType:
        concrete = [argument for argument in arguments if argument is not type(None)]
        if len(concrete) == 1:
            inner = _builder(concrete[0])
            return lambda value: None if value is None else inner(value)
    return _identity


def _identity(value: Any) -> Any:
    return value
