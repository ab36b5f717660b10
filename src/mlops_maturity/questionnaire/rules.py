"""The checks across entries and files that per-file validation cannot make: one function per rule.

Every rule works on the raw data of the files, so that it runs even where a file's shape
is invalid, and one `lint` lists every problem at once. Each rule reads what it needs from
a `Folder` and returns its problems.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cached_property
from typing import Any

from mlops_maturity.errors import Problem
from mlops_maturity.records import field, record
from mlops_maturity.yaml_document import Location, Suggestions, YamlDocument, key_path


def _entries(data: Any, key: str) -> list[tuple[int, dict[str, Any]]]:
    """The mapping entries of a list under `key`, with their indexes; anything else is skipped."""
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, list):
        return []
    return [(index, entry) for index, entry in enumerate(value) if isinstance(entry, dict)]


def _ids(data: Any, key: str) -> list[tuple[int, str]]:
    return [(index, str(entry["id"])) for index, entry in _entries(data, key) if "id" in entry]


@record(frozen=True, kw_only=False)
class CriterionEntry:
    """One criterion of a model file, where it is, and the level it belongs to."""

    document: YamlDocument
    level_index: int
    index: int
    data: dict[str, Any]

    @property
    def loc(self) -> Location:
        return ("levels", self.level_index, "criteria", self.index)


@record(frozen=True, kw_only=False)
class Folder:
    """The raw data of a questionnaire folder, with what several rules look up."""

    bank_document: YamlDocument | None
    documents: list[YamlDocument] = field(default_factory=list)

    @cached_property
    def bank(self) -> dict[str, Any] | None:
        document = self.bank_document
        return document.data if document is not None and isinstance(document.data, dict) else None

    @cached_property
    def scale_values(self) -> list[str]:
        return [str(entry.get("value")) for _, entry in _entries(self.bank, "scale")]

    @cached_property
    def scale_rank(self) -> dict[str, int]:
        return {value: position for position, value in enumerate(self.scale_values)}

    @cached_property
    def question_ids(self) -> set[str]:
        return {question_id for _, question_id in _ids(self.bank, "questions")}

    @cached_property
    def step_ids(self) -> set[str]:
        return {step_id for _, step_id in _ids(self.bank, "steps")}

    @cached_property
    def done_when_by_step(self) -> dict[str, dict[Any, Any]]:
        return {
            str(step["id"]): step["done_when"] if isinstance(step.get("done_when"), dict) else {}
            for _, step in _entries(self.bank, "steps")
            if "id" in step
        }

    @cached_property
    def done_rank_by_step(self) -> dict[str, dict[Any, int]]:
        """Step id -> question id -> the rank on the scale of the answer at which it is done."""
        rank = self.scale_rank
        return {
            step_id: {
                question_id: rank[answer]
                for question_id, answer in done_when.items()
                if isinstance(answer, str) and answer in rank
            }
            for step_id, done_when in self.done_when_by_step.items()
        }

    @cached_property
    def question_hints(self) -> Suggestions:
        """Did-you-mean for unknown question ids, for the first few of them."""
        return Suggestions(sorted(self.question_ids))

    @cached_property
    def step_hints(self) -> Suggestions:
        """Did-you-mean for unknown step ids, for the first few of them."""
        return Suggestions(sorted(self.step_ids))

    @cached_property
    def criteria(self) -> list[CriterionEntry]:
        return [
            CriterionEntry(document, level_index, index, criterion)
            for document in self.documents
            for level_index, level in _entries(document.data, "levels")
            for index, criterion in _entries(level, "criteria")
        ]


Rule = Callable[[Folder], Iterator[Problem]]


def cross_check(bank_document: YamlDocument | None, documents: list[YamlDocument]) -> list[Problem]:
    """Every problem the rules find, in the order of `RULES`."""
    folder = Folder(bank_document, documents)
    return [problem for rule in RULES for problem in rule(folder)]


def _duplicates(found: list[tuple[str, Location, YamlDocument]], what: str) -> Iterator[Problem]:
    # NOTE: where the first one is, is looked up only for a duplicate: a clean folder of
    # 10,000 ids then costs no line lookups at all.
    first_seen: dict[str, tuple[Location, YamlDocument]] = {}
    for identifier, loc, document in found:
        if identifier in first_seen:
            first_loc, first_document = first_seen[identifier]
            yield Problem(
                document.path,
                document.line_of(loc),
                message=f"duplicate {what} id '{identifier}' (first defined at {first_document.where(first_loc)})",
            )
        else:
            first_seen[identifier] = (loc, document)


def unique_bank_ids(folder: Folder) -> Iterator[Problem]:
    """Dimension, question and step ids are unique in the bank."""
    document = folder.bank_document
    if folder.bank is None or document is None:
        return
    for key, what in (("dimensions", "dimension"), ("questions", "question"), ("steps", "step")):
        yield from _duplicates(
            [(identifier, (key, index, "id"), document) for index, identifier in _ids(folder.bank, key)], what
        )


def unique_scale_values(folder: Folder) -> Iterator[Problem]:
    """Each answer appears once on the scale."""
    document = folder.bank_document
    if folder.bank is not None and document is not None and len(set(folder.scale_values)) != len(folder.scale_values):
        yield Problem(document.path, document.line_of(("scale",)), key="scale", message="values must be unique")


def answer_mapping(folder: Folder, answers: Any, document: YamlDocument, loc: Location) -> Iterator[Problem]:
    """A `question id -> answer` mapping (criteria's `requires`, steps' `done_when`) names
    known questions and answers on the scale."""
    if not isinstance(answers, dict) or folder.bank is None:
        return
    key = key_path(loc)
    for question_id, answer in answers.items():
        if folder.question_ids and question_id not in folder.question_ids:
            yield Problem(
                document.path,
                document.key_line_of((*loc, question_id)),
                key=f"{key}.{question_id}",
                message="unknown question id",
                hint=folder.question_hints(str(question_id)),
            )
        if folder.scale_values and answer not in folder.scale_values:
            yield Problem(
                document.path,
                document.line_of((*loc, question_id)),
                key=f"{key}.{question_id}",
                message=f"'{answer}' is not on the scale (expected one of: {', '.join(folder.scale_values)})",
            )


def steps_done_when(folder: Folder) -> Iterator[Problem]:
    """Every step's `done_when` names known questions and answers on the scale."""
    document = folder.bank_document
    if document is None:
        return
    for index, step in _entries(folder.bank, "steps"):
        yield from answer_mapping(folder, step.get("done_when"), document, ("steps", index, "done_when"))


def known_dimensions(folder: Folder) -> Iterator[Problem]:
    """Every question belongs to a dimension the bank defines."""
    document = folder.bank_document
    if folder.bank is None or document is None:
        return
    dimension_ids = {dimension_id for _, dimension_id in _ids(folder.bank, "dimensions")}
    for index, question in _entries(folder.bank, "questions"):
        dimension = question.get("dimension")
        if dimension_ids and isinstance(dimension, str) and dimension not in dimension_ids:
            yield Problem(
                document.path,
                document.line_of(("questions", index, "dimension")),
                key=f"questions.{index}.dimension",
                message=f"unknown dimension '{dimension}' (expected one of: {', '.join(sorted(dimension_ids))})",
            )


def unique_model_ids(folder: Folder) -> Iterator[Problem]:
    """Each model file has its own id."""
    yield from _duplicates(
        [
            (str(doc.data["id"]), ("id",), doc)
            for doc in folder.documents
            if isinstance(doc.data, dict) and "id" in doc.data
        ],
        "model",
    )


def unique_criterion_ids(folder: Folder) -> Iterator[Problem]:
    """Criterion ids are unique across every model."""
    yield from _duplicates(
        [
            (str(entry.data["id"]), (*entry.loc, "id"), entry.document)
            for entry in folder.criteria
            if "id" in entry.data
        ],
        "criterion",
    )


def contiguous_levels(folder: Folder) -> Iterator[Problem]:
    """Level numbers ascend one by one; a source's own numbers keep one offset from them."""
    for doc in folder.documents:
        levels = _entries(doc.data, "levels")
        numbers: list[Any] = [level.get("number") for _, level in levels]
        if numbers and all(isinstance(number, int) for number in numbers):
            expected = list(range(numbers[0], numbers[0] + len(numbers)))
            if numbers != expected:
                yield Problem(
                    doc.path,
                    doc.line_of(("levels",)),
                    key="levels",
                    message=f"numbers must be contiguous and ascending, got {numbers} (expected {expected})",
                )
        natives = [level.get("native_number") for _, level in levels]
        if any(native is not None for native in natives):
            offsets = {
                number - native
                for number, native in zip(numbers, natives, strict=True)
                if isinstance(number, int) and isinstance(native, int)
            }
            if None in natives or len(offsets) != 1:
                yield Problem(
                    doc.path,
                    doc.line_of(("levels",)),
                    key="levels",
                    message="native_number must be given for every level, at a constant offset from number",
                )


def criteria_per_level(folder: Folder) -> Iterator[Problem]:
    """The base level takes no criteria; every other level has some."""
    for doc in folder.documents:
        for position, (li, level) in enumerate(_entries(doc.data, "levels")):
            name = level.get("name", "")
            if position == 0 and level.get("criteria"):
                yield Problem(
                    doc.path,
                    doc.line_of(("levels", li, "criteria")),
                    key=f"levels.{li}.criteria",
                    message=f"the base level ({name}) is held by every team and takes no criteria",
                )
            if position > 0 and not _entries(level, "criteria"):
                yield Problem(
                    doc.path,
                    doc.line_of(("levels", li)),
                    key=f"levels.{li}",
                    message=f"level {level.get('number')} ({name}) has no criteria",
                )


def criteria_requirements(folder: Folder) -> Iterator[Problem]:
    """Every criterion's `requires` names known questions and answers on the scale."""
    for entry in folder.criteria:
        yield from answer_mapping(folder, entry.data.get("requires"), entry.document, (*entry.loc, "requires"))


def _step_ids_of(criterion: dict[str, Any]) -> list[Any]:
    steps = criterion.get("next_steps")
    return steps if isinstance(steps, list) else []


def steps_cover_requirements(folder: Folder) -> Iterator[Problem]:
    """Each answer a criterion needs keeps one of its steps to do until it is reached.

    Otherwise an unmet criterion could have every step "done", and the plan would be empty.
    """
    if not folder.done_when_by_step:
        return
    rank = folder.scale_rank
    done_ranks = folder.done_rank_by_step
    for entry in folder.criteria:
        requires = entry.data.get("requires")
        if not isinstance(requires, dict):
            continue
        # NOTE: looked up per required question, not merged per step: a step shared by
        # 10,000 criteria, done when 10,000 questions are answered, stays linear.
        steps = [done_ranks.get(str(step_id), {}) for step_id in _step_ids_of(entry.data)]
        covered = {
            question_id: max((step.get(question_id, -1) for step in steps), default=-1) for question_id in requires
        }
        for question_id, minimum in requires.items():
            if (
                question_id in folder.question_ids
                and isinstance(minimum, str)
                and minimum in rank
                and covered.get(question_id, -1) < rank[minimum]
            ):
                yield Problem(
                    entry.document.path,
                    entry.document.line_of((*entry.loc, "next_steps")),
                    key=f"{key_path(entry.loc)}.next_steps",
                    message=f"no step stays to do until '{question_id}' is at least '{minimum}'; "
                    "add one whose done_when names it at that answer or higher",
                )


def known_steps(folder: Folder) -> Iterator[Problem]:
    """Every step a criterion names is in the bank."""
    if folder.bank is None:
        return
    for entry in folder.criteria:
        for si, step_id in enumerate(_step_ids_of(entry.data)):
            if isinstance(step_id, str) and step_id not in folder.step_ids:
                yield Problem(
                    entry.document.path,
                    entry.document.line_of((*entry.loc, "next_steps", si)),
                    key=f"{key_path(entry.loc)}.next_steps.{si}",
                    message=f"unknown step id '{step_id}'",
                    hint=folder.step_hints(step_id),
                )


def everything_used(folder: Folder) -> Iterator[Problem]:
    """Every question and every step is used by some criterion."""
    document = folder.bank_document
    if folder.bank is None or document is None or not folder.documents:
        return
    used_questions: set[str] = set()
    used_steps: set[str] = set()
    for entry in folder.criteria:
        requires = entry.data.get("requires")
        if isinstance(requires, dict):
            used_questions.update(str(question_id) for question_id in requires)
        used_steps.update(str(step_id) for step_id in _step_ids_of(entry.data))
    for index, question_id in _ids(folder.bank, "questions"):
        if question_id not in used_questions:
            yield Problem(
                document.path,
                document.line_of(("questions", index)),
                key=f"questions.{index}",
                message=f"question '{question_id}' is used by no criterion",
            )
    for index, step_id in _ids(folder.bank, "steps"):
        if step_id not in used_steps:
            yield Problem(
                document.path,
                document.line_of(("steps", index)),
                key=f"steps.{index}",
                message=f"step '{step_id}' is used by no criterion",
            )


from mlops_maturity.questionnaire.step_rules import migrations, step_prerequisites, step_safeguards  # noqa: E402

RULES: tuple[Rule, ...] = (
    unique_bank_ids,
    unique_scale_values,
    steps_done_when,
    known_dimensions,
    unique_model_ids,
    unique_criterion_ids,
    contiguous_levels,
    criteria_per_level,
    criteria_requirements,
    steps_cover_requirements,
    known_steps,
    everything_used,
    step_prerequisites,
    step_safeguards,
    migrations,
)
"""Every rule, in the order `lint` reports their problems."""
