"""The questionnaires shipped with the tool: where they are, and the start-up fast path.

Installed from a wheel, the shipped files were linted before release (the test suite lints
them) and the build made a JSON copy of them (hatch_build.py), so they are built without
YAML parsing or validation: start-up matters in CI. From a checkout (an editable install,
where they may be being edited) they are read and checked like any folder.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib.resources.abc import Traversable
from pathlib import Path
from types import UnionType
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel

from mlops_maturity.errors import QuestionnaireError
from mlops_maturity.messages import _
from mlops_maturity.questionnaire.folder import BANK_FILE
from mlops_maturity.questionnaire.model import MaturityModel, QuestionBank, QuestionnaireSet

COMPILED_FILE = "compiled.json"
"""A JSON copy of the shipped YAML files, made when the wheel is built (hatch_build.py)."""

ModelT = TypeVar("ModelT", bound=BaseModel)


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
    raise QuestionnaireError(
        _("the shipped questionnaires are missing from this installation; reinstall mlops-maturity")
    )


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
        raise QuestionnaireError(
            _("{folder}: {file} is missing from this installation; reinstall mlops-maturity").format(
                folder=packaged, file=BANK_FILE
            )
        )
    return QuestionnaireSet.model_construct(location=str(packaged), bank=bank, models=tuple(models))


def _shipped_documents(packaged: Traversable) -> list[tuple[str, Any]]:
    """The shipped files' data: from the JSON copy the wheel's build made, else the YAML, both
    read by the strict reader every command uses."""
    compiled = packaged / COMPILED_FILE
    if compiled.is_file():
        import orjson  # the JSON writer too; json's own reader would be one more import at start

        return sorted(orjson.loads(compiled.read_bytes()).items())
    from mlops_maturity.yaml_reader import read_with_pyyaml

    return [
        (entry.name, read_with_pyyaml(entry.read_text(encoding="utf-8"), str(entry))[0])
        for entry in sorted(packaged.iterdir(), key=lambda entry: entry.name)
        if entry.name.endswith(".yaml")
    ]


def construct_unchecked(kind: type[ModelT], data: dict[str, Any]) -> ModelT:
    """Build a model, with its nested models, from data known to be valid, without validating.

    Only for the shipped questionnaires, which the test suite lints; anything a user
    provides goes through `model_validate`.
    """
    plan = _construction_plan(kind)
    return kind.model_construct(**{name: build(data[name]) for name, build in plan.items() if name in data})


_Builder = Callable[[Any], Any]
_plans: dict[type[BaseModel], dict[str, _Builder]] = {}


def _construction_plan(kind: type[BaseModel]) -> dict[str, _Builder]:
    """Per field, how to build its value from plain data (worked out once per model)."""
    if kind not in _plans:
        _plans[kind] = {name: _builder(field.annotation) for name, field in kind.model_fields.items()}
    return _plans[kind]


def _builder(annotation: Any) -> _Builder:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        model = annotation
        return lambda value: None if value is None else construct_unchecked(model, value)
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
