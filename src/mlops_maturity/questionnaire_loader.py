"""Finding, loading and checking questionnaire folders (the shipped one or an organisation's).

Loading and linting are one mechanism: `check_folder` gathers every problem with file
and line, `load_questionnaires` raises them all at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from mlops_maturity.errors import InputFileError, QuestionnaireError
from mlops_maturity.questionnaire import MaturityModel, QuestionBank, QuestionnaireSet, construct_unchecked
from mlops_maturity.validation import did_you_mean
from mlops_maturity.yamlio import SAFE_LOADER, YamlDocument, parse_yaml, read_text_file

BANK_FILE = "questions.yaml"
COMPILED_FILE = "compiled.json"
"""A JSON copy of the shipped YAML files, made when the wheel is built (hatch_build.py)."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a questionnaire folder."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}" if self.line else f"{self.file}: {self.message}"


def _packaged_questionnaires_dir() -> Traversable | None:
    # NOTE: a plain path first: importlib.resources costs start-up, and is needed only for
    # installs that are not plain folders (zip files).
    beside = Path(__file__).parent / "questionnaires"
    if beside.is_dir():
        return beside
    from importlib.resources import files

    packaged = files("mlops_maturity") / "questionnaires"
    return packaged if packaged.is_dir() else None


def load_shipped_questionnaires() -> QuestionnaireSet:
    """The questionnaires shipped with the tool.

    Installed from a wheel, they were linted before release (the test suite lints them),
    so they are built without validation: start-up matters in CI. From a checkout (an
    editable install, where they may be being edited) they are fully checked.
    """
    packaged = _packaged_questionnaires_dir()
    if packaged is None:
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
    return QuestionnaireSet.model_construct(location=str(packaged), bank=bank, models=tuple(models))


def _shipped_documents(packaged: Traversable) -> list[tuple[str, Any]]:
    """The shipped files' data: from the JSON copy the wheel's build made, else the YAML."""
    compiled = packaged / COMPILED_FILE
    if compiled.is_file():
        import json

        return sorted(json.loads(compiled.read_text(encoding="utf-8")).items())
    return [
        (entry.name, yaml.load(entry.read_text(encoding="utf-8"), Loader=SAFE_LOADER))
        for entry in sorted(packaged.iterdir(), key=lambda entry: entry.name)
        if entry.name.endswith(".yaml")
    ]


def bundled_questionnaires_dir() -> Traversable:
    """Where the shipped questionnaires live: inside the installed package, or the checkout.

    Raises:
        QuestionnaireError: the installation has lost them.
    """
    packaged = _packaged_questionnaires_dir()
    if packaged is not None:
        return packaged
    # NOTE: editable installs do not apply hatch's force-include; fall back to the repo root.
    checkout = Path(__file__).resolve().parents[2] / "questionnaires"
    if checkout.is_dir():
        return checkout
    raise QuestionnaireError("the shipped questionnaires are missing from this installation; reinstall mlops-maturity")


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
    """Every problem in a questionnaire folder, and the loaded set when there are none.

    Each file is validated against its model, and the references across files are
    checked on the raw data too, so one run reports every problem, not just the first.
    """
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
    model_entries = [entry for entry in entries if entry.name != BANK_FILE]
    if not model_entries:
        return None, [Problem(shown, None, "no maturity model files (e.g. google.yaml) beside questions.yaml")]

    problems: list[Problem] = []
    bank_document = _read(bank_entry, problems)
    bank = _validate(QuestionBank, bank_document, problems)
    documents: list[YamlDocument] = []
    models: list[MaturityModel] = []
    for entry in model_entries:
        document = _read(entry, problems)
        if document is None:
            continue
        documents.append(document)
        model = _validate(MaturityModel, document, problems)
        if model is not None:
            models.append(model)
    problems.extend(_cross_check(bank_document, documents))
    if problems or bank is None:
        return None, problems
    return QuestionnaireSet(location=shown, bank=bank, models=tuple(models)), []


def _read(entry: Traversable, problems: list[Problem]) -> YamlDocument | None:
    shown = str(entry)
    try:
        if isinstance(entry, Path):
            text = read_text_file(entry, what="a questionnaire file")
        else:
            text = entry.read_text(encoding="utf-8-sig")
        return parse_yaml(text, shown)
    except InputFileError as error:
        located = re.match(rf"^{re.escape(shown)}(?::(\d+))?(?::\d+)?: (.*)$", error.message, re.DOTALL)
        if located:
            line = int(located.group(1)) if located.group(1) else None
            problems.append(Problem(shown, line, located.group(2)))
        else:
            problems.append(Problem(shown, None, error.message))
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
        from mlops_maturity.validation import describe

        for detail in error.errors():
            line, key, message = describe(detail, document, kind)
            problems.append(Problem(document.path, line, f"{key}: {message}"))
        return None


def _entries(data: Any, key: str) -> list[tuple[int, dict[str, Any]]]:
    """The mapping entries of a list under `key`, with their indexes; anything else is skipped."""
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, list):
        return []
    return [(index, entry) for index, entry in enumerate(value) if isinstance(entry, dict)]


def _ids(data: Any, key: str) -> list[tuple[int, str]]:
    return [(index, str(entry["id"])) for index, entry in _entries(data, key) if "id" in entry]


def _duplicates(found: list[tuple[str, tuple[int | str, ...], YamlDocument]], what: str) -> list[Problem]:
    problems: list[Problem] = []
    first_seen: dict[str, str] = {}
    for identifier, loc, document in found:
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


def _cross_check(bank_document: YamlDocument | None, documents: list[YamlDocument]) -> list[Problem]:
    """Checks across entries and files that per-file validation cannot make, on the raw data."""
    problems: list[Problem] = []
    bank = bank_document.data if bank_document is not None and isinstance(bank_document.data, dict) else None
    scale_values: list[str] = [str(entry.get("value")) for _, entry in _entries(bank, "scale")]
    question_ids = {question_id for _, question_id in _ids(bank, "questions")}
    step_ids = {step_id for _, step_id in _ids(bank, "steps")}
    done_when_by_step: dict[str, Any] = {
        str(step["id"]): step.get("done_when") if isinstance(step.get("done_when"), dict) else {}
        for _, step in _entries(bank, "steps")
        if "id" in step
    }

    if bank is not None and bank_document is not None:
        for key, what in (("dimensions", "dimension"), ("questions", "question"), ("steps", "step")):
            problems += _duplicates(
                [(identifier, (key, index, "id"), bank_document) for index, identifier in _ids(bank, key)], what
            )
        if len(set(scale_values)) != len(scale_values):
            problems.append(
                Problem(bank_document.path, bank_document.line_of(("scale",)), "scale: values must be unique")
            )
        for index, step in _entries(bank, "steps"):
            done_when = step.get("done_when")
            problems += _answer_problems(
                done_when, bank_document, ("steps", index, "done_when"), question_ids, scale_values
            )
        dimension_ids = {dimension_id for _, dimension_id in _ids(bank, "dimensions")}
        for index, question in _entries(bank, "questions"):
            dimension = question.get("dimension")
            if dimension_ids and isinstance(dimension, str) and dimension not in dimension_ids:
                problems.append(
                    Problem(
                        bank_document.path,
                        bank_document.line_of(("questions", index, "dimension")),
                        f"questions.{index}.dimension: unknown dimension '{dimension}' "
                        f"(expected one of: {', '.join(sorted(dimension_ids))})",
                    )
                )

    used_questions: set[str] = set()
    used_steps: set[str] = set()
    problems += _duplicates(
        [(str(doc.data["id"]), ("id",), doc) for doc in documents if isinstance(doc.data, dict) and "id" in doc.data],
        "model",
    )
    problems += _duplicates(
        [
            (str(criterion["id"]), ("levels", li, "criteria", ci, "id"), doc)
            for doc in documents
            for li, level in _entries(doc.data, "levels")
            for ci, criterion in _entries(level, "criteria")
            if "id" in criterion
        ],
        "criterion",
    )
    for doc in documents:
        levels = _entries(doc.data, "levels")
        numbers: list[Any] = [level.get("number") for _, level in levels]
        if numbers and all(isinstance(number, int) for number in numbers):
            expected = list(range(numbers[0], numbers[0] + len(numbers)))
            if numbers != expected:
                problems.append(
                    Problem(
                        doc.path,
                        doc.line_of(("levels",)),
                        f"levels: numbers must be contiguous and ascending, got {numbers} (expected {expected})",
                    )
                )
        natives = [level.get("native_number") for _, level in levels]
        if any(native is not None for native in natives):
            offsets = {
                number - native
                for number, native in zip(numbers, natives, strict=True)
                if isinstance(number, int) and isinstance(native, int)
            }
            if None in natives or len(offsets) != 1:
                problems.append(
                    Problem(
                        doc.path,
                        doc.line_of(("levels",)),
                        "levels: native_number must be given for every level, at a constant offset from number",
                    )
                )
        for position, (li, level) in enumerate(levels):
            criteria = _entries(level, "criteria")
            name = level.get("name", "")
            if position == 0 and level.get("criteria"):
                problems.append(
                    Problem(
                        doc.path,
                        doc.line_of(("levels", li, "criteria")),
                        f"levels.{li}.criteria: the base level ({name}) is held by every team and takes no criteria",
                    )
                )
            if position > 0 and not criteria:
                problems.append(
                    Problem(
                        doc.path,
                        doc.line_of(("levels", li)),
                        f"levels.{li}: level {level.get('number')} ({name}) has no criteria",
                    )
                )
            for ci, criterion in criteria:
                where = ("levels", li, "criteria", ci)
                prefix = ".".join(map(str, where))
                requires = criterion.get("requires")
                if isinstance(requires, dict):
                    used_questions.update(str(question_id) for question_id in requires)
                    if bank is not None:
                        problems += _answer_problems(requires, doc, (*where, "requires"), question_ids, scale_values)
                steps = criterion.get("next_steps")
                # Each required answer must keep one of the criterion's steps open until it is
                # reached; otherwise an unmet criterion could have every step "done".
                rank = {value: position for position, value in enumerate(scale_values)}
                covered: dict[str, int] = {}
                for step_id in steps if isinstance(steps, list) else []:
                    for question_id, answer in (done_when_by_step.get(str(step_id)) or {}).items():
                        if isinstance(answer, str) and answer in rank:
                            covered[question_id] = max(covered.get(question_id, -1), rank[answer])
                if done_when_by_step and isinstance(requires, dict):
                    for question_id, minimum in requires.items():
                        if (
                            question_id in question_ids
                            and isinstance(minimum, str)
                            and minimum in rank
                            and covered.get(question_id, -1) < rank[minimum]
                        ):
                            problems.append(
                                Problem(
                                    doc.path,
                                    doc.line_of((*where, "next_steps")),
                                    f"{prefix}.next_steps: no step stays to do until '{question_id}' is at least "
                                    f"'{minimum}'; add one whose done_when names it at that answer or higher",
                                )
                            )
                for si, step_id in enumerate(steps if isinstance(steps, list) else []):
                    used_steps.add(str(step_id))
                    if bank is not None and isinstance(step_id, str) and step_id not in step_ids:
                        problems.append(
                            Problem(
                                doc.path,
                                doc.line_of((*where, "next_steps", si)),
                                f"{prefix}.next_steps.{si}: unknown step id '{step_id}'{_suggest(str(step_id), step_ids)}",
                            )
                        )
    if bank is not None and bank_document is not None and documents:
        for index, question_id in _ids(bank, "questions"):
            if question_id not in used_questions:
                problems.append(
                    Problem(
                        bank_document.path,
                        bank_document.line_of(("questions", index)),
                        f"questions.{index}: question '{question_id}' is used by no criterion",
                    )
                )
        for index, step_id in _ids(bank, "steps"):
            if step_id not in used_steps:
                problems.append(
                    Problem(
                        bank_document.path,
                        bank_document.line_of(("steps", index)),
                        f"steps.{index}: step '{step_id}' is used by no criterion",
                    )
                )
    return problems


def _answer_problems(
    answers: Any, document: YamlDocument, loc: tuple[int | str, ...], question_ids: set[str], scale_values: list[str]
) -> list[Problem]:
    """Problems of a `question id -> answer` mapping (criteria's `requires`, steps' `done_when`)."""
    if not isinstance(answers, dict):
        return []
    problems = []
    key = ".".join(map(str, loc))
    for question_id, answer in answers.items():
        if question_ids and question_id not in question_ids:
            problems.append(
                Problem(
                    document.path,
                    document.key_line_of((*loc, question_id)),
                    f"{key}.{question_id}: unknown question id{_suggest(str(question_id), question_ids)}",
                )
            )
        if scale_values and answer not in scale_values:
            problems.append(
                Problem(
                    document.path,
                    document.line_of((*loc, question_id)),
                    f"{key}.{question_id}: '{answer}' is not on the scale (expected one of: {', '.join(scale_values)})",
                )
            )
    return problems


def _suggest(word: str, choices: set[str]) -> str:
    return did_you_mean(word, sorted(choices))
