"""The detector catalogue: what `scan` looks for, as data (`questionnaires/detectors/*.yaml`).

Each detector names a practice, a tool, the answers its evidence proposes (with a
confidence and why), and its signals: which files to look at, the keywords a file must
contain before its patterns are tried (a fast filter), the patterns that are the evidence,
and the patterns that make a finding inactive (a switched-off gate, a workflow nothing
triggers). Adding a tool is a change to these files; `mlops-maturity lint` checks them.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources.abc import Traversable
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from mlops_maturity.errors import Problem, QuestionnaireError
from mlops_maturity.questionnaire.folder import read_entry
from mlops_maturity.questionnaire.model import QuestionnaireSet
from mlops_maturity.yaml_document import YamlDocument, validation_problem

DETECTORS_FOLDER = "detectors"
"""The catalogue's sub-folder of a questionnaire folder."""

Confidence = Literal["high", "medium", "low"]

_ID = r"^[a-z0-9_]+$"
_STRICT = ConfigDict(extra="forbid", frozen=True)


class ProposedAnswer(BaseModel):
    """The answer a detector's evidence proposes for one question."""

    model_config = _STRICT

    question: str = Field(description="The question id (questions.yaml).")
    answer: str = Field(description="The value proposed, on the questionnaire's scale.")
    confidence: Confidence = Field(description="How sure the evidence makes the scan.")
    why: str = Field(min_length=1, description="Why this answer and no higher, in the question's terms.")


class Rule(BaseModel):
    """A pattern with the reason shown when it decides a finding is inactive."""

    model_config = _STRICT

    pattern: str
    reason: str = Field(min_length=1)


class Signal(BaseModel):
    """One way a detector's tool shows itself in a repository."""

    model_config = _STRICT

    files: tuple[str, ...] = Field(default=(), description="Globs from the repository root; `@name` is a file set.")
    keywords: tuple[str, ...] = Field(
        default=(), description="Words (any case); a file must contain one before `contains` is tried."
    )
    contains: tuple[str, ...] = Field(default=(), description="Regexes (per line); the first match is the evidence.")
    also: tuple[str, ...] = Field(default=(), description="Regexes that must all match somewhere in the same file.")
    inactive_if: tuple[Rule, ...] = Field(default=(), description="Any match in the file: found but inactive.")
    inactive_unless: tuple[Rule, ...] = Field(default=(), description="No match in the file: found but inactive.")
    git_tags: tuple[str, ...] = Field(default=(), description="Regexes on the repository's git tag names.")
    git_config: tuple[str, ...] = Field(default=(), description="Regexes on the lines of .git/config.")
    in_tests: bool = Field(default=False, description="Test files count as evidence (only for testing detectors).")
    reason: str = Field(min_length=1, description="The short reason written beside the evidence.")


class Detector(BaseModel):
    """One tool or kind of evidence, and the answers it proposes."""

    model_config = _STRICT

    id: str = Field(pattern=_ID)
    practice: str
    tool: str = Field(min_length=1)
    proposes: tuple[ProposedAnswer, ...] = ()
    signals: tuple[Signal, ...] = Field(min_length=1)


class Practice(BaseModel):
    """A practice the scan reports on, one row of its table."""

    model_config = _STRICT

    id: str = Field(pattern=_ID)
    name: str = Field(min_length=1)


class CatalogueFile(BaseModel):
    """One file of the catalogue; the files' lists are joined."""

    model_config = _STRICT

    practices: tuple[Practice, ...] = ()
    file_sets: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    prose: tuple[str, ...] = Field(default=(), description="Globs of prose and course material: never evidence.")
    test_files: tuple[str, ...] = Field(default=(), description="Globs of test code: evidence for testing only.")
    detectors: tuple[Detector, ...] = ()


@dataclass(frozen=True, slots=True)
class Catalogue:
    """The whole catalogue, checked against the questionnaire."""

    location: str
    practices: tuple[Practice, ...]
    file_sets: dict[str, tuple[str, ...]]
    prose: tuple[str, ...]
    test_files: tuple[str, ...]
    detectors: tuple[Detector, ...]

    def answerable_questions(self) -> frozenset[str]:
        """The questions some detector can propose an answer to."""
        return frozenset(proposal.question for detector in self.detectors for proposal in detector.proposes)


def load_catalogue(folder: Traversable, questionnaires: QuestionnaireSet) -> Catalogue:
    """The catalogue in `folder` (a questionnaire folder's `detectors/`).

    Raises:
        QuestionnaireError: with every problem found.
    """
    catalogue, problems = check_catalogue(folder, questionnaires)
    if problems or catalogue is None:
        raise QuestionnaireError(
            f"{folder}: the detector catalogue has {len(problems)} problem(s); `mlops-maturity lint` lists them too",
            problems=tuple(problems),
        )
    return catalogue


def check_catalogue(folder: Traversable, questionnaires: QuestionnaireSet) -> tuple[Catalogue | None, list[Problem]]:
    """Every problem of the catalogue in `folder`, with file and line; the catalogue when none."""
    shown = str(folder)
    if not folder.is_dir():
        return None, [Problem(shown, message="not a folder (expected the detector catalogue)")]
    entries = sorted((entry for entry in folder.iterdir() if entry.name.endswith((".yaml", ".yml"))), key=_name)
    if not entries:
        return None, [Problem(shown, message="no detector files (*.yaml) in this folder")]
    problems: list[Problem] = []
    parts: list[tuple[YamlDocument, CatalogueFile]] = []
    for entry in entries:
        document = read_entry(entry, problems, what="a detector catalogue file")
        if document is None:
            continue
        if not isinstance(document.data, dict):
            problems.append(Problem(document.path, document.line_of(()), message="expected a mapping of keys"))
            continue
        try:
            parts.append((document, CatalogueFile.model_validate(document.data)))
        except ValidationError as error:
            problems.extend(validation_problem(detail, document, CatalogueFile) for detail in error.errors())
    problems.extend(_cross_check(parts, questionnaires))
    if problems:
        return None, problems
    return _joined(shown, [part for _, part in parts]), []


def _name(entry: Traversable) -> str:
    return entry.name


def _joined(location: str, parts: list[CatalogueFile]) -> Catalogue:
    return Catalogue(
        location=location,
        practices=tuple(practice for part in parts for practice in part.practices),
        file_sets={name: globs for part in parts for name, globs in part.file_sets.items()},
        prose=tuple(glob for part in parts for glob in part.prose),
        test_files=tuple(glob for part in parts for glob in part.test_files),
        detectors=tuple(detector for part in parts for detector in part.detectors),
    )


def _cross_check(parts: list[tuple[YamlDocument, CatalogueFile]], questionnaires: QuestionnaireSet) -> list[Problem]:
    """Ids unique and known, answers on the scale, regexes that compile, signals that look at something."""
    problems: list[Problem] = []
    practices = {practice.id for _, part in parts for practice in part.practices}
    file_sets = {name for _, part in parts for name in part.file_sets}
    seen_practices: set[str] = set()
    seen_detectors: set[str] = set()
    for document, part in parts:
        for index, practice in enumerate(part.practices):
            if practice.id in seen_practices:
                problems.append(_at(document, ("practices", index, "id"), f"duplicate practice id '{practice.id}'"))
            seen_practices.add(practice.id)
        for index, detector in enumerate(part.detectors):
            loc: tuple[int | str, ...] = ("detectors", index)
            if detector.id in seen_detectors:
                problems.append(_at(document, (*loc, "id"), f"duplicate detector id '{detector.id}'"))
            seen_detectors.add(detector.id)
            if detector.practice not in practices:
                known = ", ".join(sorted(practices))
                problems.append(_at(document, (*loc, "practice"), f"unknown practice (expected one of: {known})"))
            problems.extend(_proposal_problems(document, loc, detector, questionnaires))
            for number, signal in enumerate(detector.signals):
                problems.extend(_signal_problems(document, (*loc, "signals", number), signal, file_sets))
    return problems


def _proposal_problems(
    document: YamlDocument, loc: tuple[int | str, ...], detector: Detector, questionnaires: QuestionnaireSet
) -> list[Problem]:
    problems: list[Problem] = []
    questions = questionnaires.questions_by_id
    scale = [option.value for option in questionnaires.bank.scale]
    for index, proposal in enumerate(detector.proposes):
        where = (*loc, "proposes", index)
        question = questions.get(proposal.question)
        if question is None:
            problems.append(_at(document, (*where, "question"), f"unknown question id '{proposal.question}'"))
            continue
        allowed = scale + ([questionnaires.bank.not_applicable.value] if question.not_applicable else [])
        if proposal.answer not in allowed:
            message = f"'{proposal.answer}' is not an answer (expected one of: {', '.join(allowed)})"
            problems.append(_at(document, (*where, "answer"), message))
    return problems


def _signal_problems(
    document: YamlDocument, loc: tuple[int | str, ...], signal: Signal, file_sets: set[str]
) -> list[Problem]:
    problems: list[Problem] = []
    if not (signal.files or signal.git_tags or signal.git_config):
        problems.append(_at(document, loc, "a signal needs files, git_tags or git_config to look at"))
    if signal.contains and not signal.keywords:
        problems.append(_at(document, (*loc, "contains"), "content patterns need keywords (the fast filter)"))
    for index, glob in enumerate(signal.files):
        if glob.startswith("@") and glob[1:] not in file_sets:
            problems.append(_at(document, (*loc, "files", index), f"unknown file set '{glob[1:]}'"))
    patterns: list[tuple[tuple[int | str, ...], str]] = [
        *(((key, index), pattern) for key in ("contains", "also", "git_tags", "git_config") for index, pattern in
          enumerate(getattr(signal, key))),
        *(((key, index, "pattern"), rule.pattern) for key in ("inactive_if", "inactive_unless") for index, rule in
          enumerate(getattr(signal, key))),
    ]  # fmt: skip
    for where, pattern in patterns:
        error = regex_error(pattern)
        if error is not None:
            problems.append(_at(document, (*loc, *where), f"not a valid regular expression: {error}"))
    return problems


def regex_error(pattern: str) -> str | None:
    """Why a pattern does not compile for the scan's engine (RE2, `scan.patterns`), or None."""
    from mlops_maturity.scan.patterns import PatternError, compile_lines

    try:
        compile_lines(pattern)
    except PatternError as error:
        return str(error)
    return None


def _at(document: YamlDocument, loc: tuple[int | str, ...], message: str) -> Problem:
    return Problem(document.path, document.line_of(loc), key=".".join(str(part) for part in loc), message=message)
