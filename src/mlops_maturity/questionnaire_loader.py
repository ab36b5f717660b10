"""Finding, loading and checking questionnaire folders (the shipped one or an organisation's).

Loading and linting are one mechanism: `check_folder` gathers every problem with file
and line, `load_questionnaires` raises them all at once.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from mlops_maturity.errors import InputFileError, QuestionnaireError
from mlops_maturity.questionnaire import MaturityModel, QuestionBank, QuestionnaireSet
from mlops_maturity.yamlio import YamlDocument, parse_yaml, read_text_file

QUESTIONNAIRES_ENV = "MLOPS_MATURITY_QUESTIONNAIRES"
"""Environment variable naming a questionnaire folder to use instead of the shipped one."""

BANK_FILE = "questions.yaml"


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a questionnaire folder."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}" if self.line else f"{self.file}: {self.message}"


def bundled_questionnaires_dir() -> Traversable:
    """Where the shipped questionnaires live: inside the installed package, or the checkout.

    Raises:
        QuestionnaireError: the installation has lost them.
    """
    packaged = files("mlops_maturity") / "questionnaires"
    if packaged.is_dir():
        return packaged
    # NOTE: editable installs do not apply hatch's force-include; fall back to the repo root.
    checkout = Path(__file__).resolve().parents[2] / "questionnaires"
    if checkout.is_dir():
        return checkout
    raise QuestionnaireError("the shipped questionnaires are missing from this installation; reinstall mlops-maturity")


def questionnaires_dir(option: Path | None) -> Traversable:
    """The folder to use: `--questionnaires`, else the environment variable, else the shipped one."""
    if option is not None:
        return option
    from_env = os.environ.get(QUESTIONNAIRES_ENV)
    if from_env:
        return Path(from_env)
    return bundled_questionnaires_dir()


def load_questionnaires(folder: Traversable) -> QuestionnaireSet:
    """Load and cross-check a questionnaire folder.

    Raises:
        QuestionnaireError: with every problem found, one per line.
    """
    questionnaires, problems = check_folder(folder)
    if problems or questionnaires is None:
        raise QuestionnaireError(
            f"{folder}: the questionnaire folder has {len(problems)} problem(s); `mlops-maturity lint` lists them too",
            problems=tuple(str(problem) for problem in problems),
        )
    return questionnaires


def check_folder(folder: Traversable) -> tuple[QuestionnaireSet | None, list[Problem]]:
    """Every problem in a questionnaire folder, and the loaded set when there are none."""
    shown = str(folder)
    if not folder.is_dir():
        return None, [Problem(shown, None, "not a folder (expected a questionnaire folder)")]
    entries = sorted(
        (entry for entry in folder.iterdir() if entry.name.endswith((".yaml", ".yml"))),
        key=lambda entry: entry.name,
    )
    bank_entry = next((entry for entry in entries if entry.name == BANK_FILE), None)
    if bank_entry is None:
        return None, [Problem(shown, None, f"no {BANK_FILE} (the question bank) in this folder")]

    problems: list[Problem] = []
    bank_document = _read(bank_entry, problems)
    bank = _validate(QuestionBank, bank_document, problems)

    models: list[tuple[MaturityModel, YamlDocument]] = []
    for entry in entries:
        if entry.name == BANK_FILE:
            continue
        document = _read(entry, problems)
        model = _validate(MaturityModel, document, problems)
        if model is not None and document is not None:
            models.append((model, document))
    if not models and not any(entry.name != BANK_FILE for entry in entries):
        problems.append(Problem(shown, None, "no maturity model files (e.g. google.yaml) in this folder"))

    if bank is None or bank_document is None:
        return None, problems
    problems.extend(_cross_check(bank, bank_document, models))
    if problems:
        return None, problems
    return (
        QuestionnaireSet(location=shown, bank=bank, models=tuple(model for model, _ in models)),
        [],
    )


def _read(entry: Traversable, problems: list[Problem]) -> YamlDocument | None:
    shown = str(entry)
    try:
        if isinstance(entry, Path):
            text = read_text_file(entry, what="a questionnaire file")
        else:
            text = entry.read_text(encoding="utf-8-sig")
        return parse_yaml(text, shown)
    except InputFileError as error:
        problems.append(Problem(shown, None, error.message.removeprefix(f"{shown}: ")))
        return None


def _validate(kind: Any, document: YamlDocument | None, problems: list[Problem]) -> Any:
    if document is None:
        return None
    if not isinstance(document.data, dict):
        problems.append(
            Problem(document.path, document.line_of(()), "expected a mapping of keys at the top of the file")
        )
        return None
    try:
        return kind.model_validate(document.data)
    except ValidationError as error:
        for detail in error.errors():
            loc = tuple(detail["loc"])
            line = document.key_line_of(loc) if detail["type"] == "extra_forbidden" else document.line_of(loc)
            key = ".".join(str(part) for part in loc) or "(top level)"
            problems.append(Problem(document.path, line, f"{key}: {detail['msg']}"))
        return None


def _duplicates(ids: list[tuple[str, tuple[int | str, ...], YamlDocument]], what: str) -> list[Problem]:
    problems: list[Problem] = []
    first_seen: dict[str, str] = {}
    for identifier, loc, document in ids:
        if identifier in first_seen:
            problems.append(
                Problem(
                    document.path,
                    document.line_of(loc),
                    f"duplicate {what} id '{identifier}' (first defined at {first_seen[identifier]})",
                )
            )
        else:
            first_seen[identifier] = document.where(loc)
    return problems


def _cross_check(
    bank: QuestionBank,
    bank_document: YamlDocument,
    models: list[tuple[MaturityModel, YamlDocument]],
) -> list[Problem]:
    """Checks across files and entries that pydantic's per-field validation cannot make."""
    problems: list[Problem] = []
    scale_values = [option.value for option in bank.scale]
    dimension_ids = {dimension.id for dimension in bank.dimensions}
    question_ids = {question.id for question in bank.questions}
    step_ids = {step.id for step in bank.steps}

    problems += _duplicates(
        [(d.id, ("dimensions", i, "id"), bank_document) for i, d in enumerate(bank.dimensions)], "dimension"
    )
    problems += _duplicates(
        [(q.id, ("questions", i, "id"), bank_document) for i, q in enumerate(bank.questions)], "question"
    )
    problems += _duplicates([(s.id, ("steps", i, "id"), bank_document) for i, s in enumerate(bank.steps)], "step")
    if len(set(scale_values)) != len(scale_values):
        problems.append(Problem(bank_document.path, bank_document.line_of(("scale",)), "scale values must be unique"))
    if bank.not_applicable.value in scale_values:
        problems.append(
            Problem(
                bank_document.path,
                bank_document.line_of(("not_applicable",)),
                f"not_applicable.value '{bank.not_applicable.value}' is also a scale value",
            )
        )
    for index, question in enumerate(bank.questions):
        if question.dimension not in dimension_ids:
            problems.append(
                Problem(
                    bank_document.path,
                    bank_document.line_of(("questions", index, "dimension")),
                    f"questions.{index}.dimension: unknown dimension '{question.dimension}'"
                    f" (expected one of: {', '.join(sorted(dimension_ids))})",
                )
            )

    used_questions: set[str] = set()
    used_steps: set[str] = set()
    problems += _duplicates([(m.id, ("id",), doc) for m, doc in models], "model")
    problems += _duplicates(
        [
            (criterion.id, ("levels", li, "criteria", ci, "id"), doc)
            for model, doc in models
            for li, level in enumerate(model.levels)
            for ci, criterion in enumerate(level.criteria)
        ],
        "criterion",
    )
    for model, doc in models:
        numbers = [level.number for level in model.levels]
        expected = list(range(numbers[0], numbers[0] + len(numbers)))
        if numbers != expected:
            problems.append(
                Problem(
                    doc.path,
                    doc.line_of(("levels",)),
                    f"levels: numbers must be contiguous and ascending, got {numbers} (expected {expected})",
                )
            )
        natives = [level.native_number for level in model.levels]
        if any(native is not None for native in natives):
            offsets = {level.number - level.native_number for level in model.levels if level.native_number is not None}
            if None in natives or len(offsets) != 1:
                problems.append(
                    Problem(
                        doc.path,
                        doc.line_of(("levels",)),
                        "levels: native_number must be given for every level, at a constant offset from number",
                    )
                )
        for li, level in enumerate(model.levels):
            if li == 0 and level.criteria:
                problems.append(
                    Problem(
                        doc.path,
                        doc.line_of(("levels", 0, "criteria")),
                        f"levels.0.criteria: the base level ({level.name}) is held by every team and takes no criteria",
                    )
                )
            if li > 0 and not level.criteria:
                problems.append(
                    Problem(
                        doc.path,
                        doc.line_of(("levels", li)),
                        f"levels.{li}: level {level.number} ({level.name}) has no criteria",
                    )
                )
            for ci, criterion in enumerate(level.criteria):
                where = ("levels", li, "criteria", ci)
                for question_id, minimum in criterion.requires.items():
                    used_questions.add(question_id)
                    key = ".".join(map(str, where)) + f".requires.{question_id}"
                    if question_id not in question_ids:
                        problems.append(
                            Problem(
                                doc.path,
                                doc.key_line_of((*where, "requires", question_id)),
                                f"{key}: unknown question id '{question_id}'{_suggest(question_id, question_ids)}",
                            )
                        )
                    if minimum not in scale_values:
                        problems.append(
                            Problem(
                                doc.path,
                                doc.line_of((*where, "requires", question_id)),
                                f"{key}: '{minimum}' is not on the scale (expected one of: {', '.join(scale_values)})",
                            )
                        )
                for si, step_id in enumerate(criterion.next_steps):
                    used_steps.add(step_id)
                    if step_id not in step_ids:
                        problems.append(
                            Problem(
                                doc.path,
                                doc.line_of((*where, "next_steps", si)),
                                f"{'.'.join(map(str, where))}.next_steps.{si}: unknown step id "
                                f"'{step_id}'{_suggest(step_id, step_ids)}",
                            )
                        )
    if models:
        for index, question in enumerate(bank.questions):
            if question.id not in used_questions:
                problems.append(
                    Problem(
                        bank_document.path,
                        bank_document.line_of(("questions", index)),
                        f"questions.{index}: question '{question.id}' is used by no criterion",
                    )
                )
        for index, step in enumerate(bank.steps):
            if step.id not in used_steps:
                problems.append(
                    Problem(
                        bank_document.path,
                        bank_document.line_of(("steps", index)),
                        f"steps.{index}: step '{step.id}' is used by no criterion",
                    )
                )
    return problems


def _suggest(word: str, choices: set[str]) -> str:
    from difflib import get_close_matches

    close = get_close_matches(word, sorted(choices), n=1)
    return f"; did you mean '{close[0]}'?" if close else ""
