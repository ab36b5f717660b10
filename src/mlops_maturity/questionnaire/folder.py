"""Loading and checking questionnaire folders (the shipped one or an organisation's).

Loading and linting are one mechanism: `check_folder` gathers every problem with file
and line, `load_questionnaires` raises them all at once.
"""

from __future__ import annotations

from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from mlops_maturity.errors import InputFileError, Problem, QuestionnaireError
from mlops_maturity.files import read_text_file
from mlops_maturity.messages import _
from mlops_maturity.questionnaire.model import MaturityModel, QuestionBank, QuestionnaireSet
from mlops_maturity.yaml_document import YamlDocument, collector_paused, parse_yaml, validation_problem

BANK_FILE = "questions.yaml"
"""The question bank's file in a questionnaire folder; every other YAML file is a maturity model."""


def load_questionnaires(folder: Traversable) -> QuestionnaireSet:
    """Load and cross-check a questionnaire folder.

    Raises:
        QuestionnaireError: with every problem found, one per line.
    """
    questionnaires, problems = check_folder(folder)
    if problems or questionnaires is None:
        raise QuestionnaireError(
            _(
                "{folder}: the questionnaire folder has {number} problem(s); `mlops-maturity lint` lists them too"
            ).format(folder=folder, number=len(problems)),
            problems=tuple(problems),
        )
    return questionnaires


def check_folder(folder: Traversable) -> tuple[QuestionnaireSet | None, list[Problem]]:
    """Every problem in a questionnaire folder, and the loaded set when there are none.

    Each file is validated against its model, and the references across files are
    checked on the raw data too, so one run reports every problem, not just the first.
    """
    shown = str(folder)
    if not folder.is_dir():
        return None, [Problem(shown, message=_("not a folder (expected a questionnaire folder)"))]
    entries = sorted(
        (entry for entry in folder.iterdir() if entry.name.endswith((".yaml", ".yml"))),
        key=lambda entry: entry.name,
    )
    bank_entry = next((entry for entry in entries if entry.name == BANK_FILE), None)
    if bank_entry is None:
        return None, [Problem(shown, message=_("no {file} (the question bank) in this folder").format(file=BANK_FILE))]
    model_entries = [entry for entry in entries if entry.name != BANK_FILE]
    if not model_entries:
        return None, [Problem(shown, message=_("no maturity model files (e.g. google.yaml) beside questions.yaml"))]

    with collector_paused():
        return _check_files(shown, bank_entry, model_entries)


def _check_files(
    shown: str, bank_entry: Traversable, model_entries: list[Traversable]
) -> tuple[QuestionnaireSet | None, list[Problem]]:
    # NOTE: imported here, not at the top: read_entry's users (scan's catalogue) never load the rules.
    from mlops_maturity.questionnaire.rules import cross_check

    problems: list[Problem] = []
    bank_document = read_entry(bank_entry, problems)
    bank = _validate(QuestionBank, bank_document, problems)
    documents: list[YamlDocument] = []
    models: list[MaturityModel] = []
    for entry in model_entries:
        document = read_entry(entry, problems)
        if document is None:
            continue
        documents.append(document)
        model = _validate(MaturityModel, document, problems)
        if model is not None:
            models.append(model)
    problems.extend(cross_check(bank_document, documents))
    if problems or bank is None:
        return None, problems
    return QuestionnaireSet(location=shown, bank=bank, models=tuple(models)), []


def read_entry(entry: Traversable, problems: list[Problem], what: str = "a questionnaire file") -> YamlDocument | None:
    """A YAML file of a folder or of the package, parsed; None, with its problem added, when it cannot be."""
    shown = str(entry)
    try:
        text = read_text_file(entry, what=what) if isinstance(entry, Path) else entry.read_text(encoding="utf-8-sig")
        return parse_yaml(text, shown)
    except InputFileError as error:
        problems.append(error.located or Problem(shown, message=error.message))
        return None


def _validate(kind: Any, document: YamlDocument | None, problems: list[Problem]) -> Any:
    if document is None:
        return None
    if not isinstance(document.data, dict):
        problems.append(
            Problem(document.path, document.line_of(()), message=_("expected a mapping of keys at the top of the file"))
        )
        return None
    try:
        return kind.model_validate(document.data)
    except ValidationError as error:
        problems.extend(validation_problem(detail, document, kind) for detail in error.errors())
        return None
