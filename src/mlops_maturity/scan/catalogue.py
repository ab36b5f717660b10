"""The detector catalogue: what `scan` looks for, as data (`questionnaires/detectors/*.yaml`).

Each detector names a practice, a tool, the answers its evidence proposes (with a
confidence and why), and its signals: which files to look at, the keywords a file must
contain before its patterns are tried (a fast filter), the patterns that are the evidence,
and the patterns that make a finding inactive (a switched-off gate, a workflow nothing
triggers). Adding a tool is a change to these files; `mlops-maturity lint` checks them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable

from pydantic import ValidationError

from mlops_maturity.errors import Problem, QuestionnaireError
from mlops_maturity.questionnaire.folder import read_entry
from mlops_maturity.questionnaire.model import QuestionnaireSet
from mlops_maturity.scan.catalogue_model import (
    CatalogueFile,
    CiDefinitionFiles,
    CiFollow,
    CiReference,
    CiWork,
    Confidence,
    Detector,
    Grade,
    Practice,
    ProposedAnswer,
    Rule,
    Signal,
)
from mlops_maturity.yaml_document import YamlDocument, validation_problem

__all__ = [
    "Catalogue",
    "CatalogueFile",
    "Confidence",
    "Detector",
    "Practice",
    "ProposedAnswer",
    "Rule",
    "Signal",
    "check_catalogue",
    "load_catalogue",
]

_NO_FOLLOW = CiFollow()
_DOTTED = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$")

DETECTORS_FOLDER = "detectors"
"""The catalogue's sub-folder of a questionnaire folder."""


@dataclass(frozen=True, slots=True)
class Catalogue:
    """The whole catalogue, checked against the questionnaire."""

    location: str
    practices: tuple[Practice, ...]
    file_sets: dict[str, tuple[str, ...]]
    prose: tuple[str, ...]
    test_files: tuple[str, ...]
    detectors: tuple[Detector, ...]
    aliases: dict[str, str]
    ci_definitions: tuple[CiDefinitionFiles, ...] = ()
    ci_references: tuple[CiReference, ...] = ()
    ci_command_start: str = ""
    ci_work: tuple[CiWork, ...] = ()
    ci_follow: CiFollow = _NO_FOLLOW
    course: tuple[str, ...] = ()
    grades: tuple[Grade, ...] = ()
    evidence_first: dict[str, str] = field(default_factory=dict)

    def answerable_questions(self) -> frozenset[str]:
        """The questions some detector (or grade) can propose an answer to."""
        return frozenset(proposal.question for detector in self.detectors for proposal in detector.proposes) | {
            grade.question for grade in self.grades
        }


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
    problems.extend(_ci_problems(parts))
    problems.extend(_grade_problems(parts, questionnaires))
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
        aliases={module: name for part in parts for module, name in part.aliases.items()},
        ci_definitions=tuple(definition for part in parts for definition in part.ci_definitions),
        ci_references=tuple(reference for part in parts for reference in part.ci_references),
        ci_command_start=next((part.ci_command_start for part in parts if part.ci_command_start), ""),
        ci_work=tuple(work for part in parts for work in part.ci_work),
        ci_follow=next((part.ci_follow for part in parts if part.ci_follow is not None), _NO_FOLLOW),
        course=tuple(glob for part in parts for glob in part.course),
        grades=tuple(grade for part in parts for grade in part.grades),
        evidence_first={question: pattern for part in parts for question, pattern in part.evidence_first.items()},
    )


def _cross_check(parts: list[tuple[YamlDocument, CatalogueFile]], questionnaires: QuestionnaireSet) -> list[Problem]:
    """Ids unique and known, answers on the scale, regexes that compile, signals that look at something."""
    problems: list[Problem] = []
    practices = {practice.id for _, part in parts for practice in part.practices}
    file_sets = {name for _, part in parts for name in part.file_sets}
    seen_practices: set[str] = set()
    seen_detectors: set[str] = set()
    for document, part in parts:
        problems.extend(
            _at(document, ("aliases", module), "expected a dotted module name and a name (letters, digits, _ and .)")
            for module, name in part.aliases.items()
            if not (_DOTTED.match(module) and _DOTTED.match(name))
        )
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
    if not (signal.files or signal.git_tags or signal.git_config or signal.ci_work):
        problems.append(_at(document, loc, "a signal needs files, git_tags, git_config or ci_work to look at"))
    if signal.ci_work and (signal.files or signal.contains or signal.inactive_if or signal.inactive_unless):
        problems.append(_at(document, (*loc, "ci_work"), "a ci_work signal reads the CI facts: no files or patterns"))
    if signal.contains and not signal.keywords:
        problems.append(_at(document, (*loc, "contains"), "content patterns need keywords (the fast filter)"))
    if signal.ci_facts and not signal.files:
        problems.append(_at(document, (*loc, "ci_facts"), "ci_facts gates a text signal: it needs files"))
    if "on_change" in signal.ci_facts and signal.ci_off_reason is None:
        problems.append(_at(document, (*loc, "ci_facts"), "ci_facts on_change needs a ci_off_reason"))
    for index, glob in enumerate(signal.files):
        if glob.startswith("@") and glob[1:] not in file_sets:
            problems.append(_at(document, (*loc, "files", index), f"unknown file set '{glob[1:]}'"))
    patterns: list[tuple[tuple[int | str, ...], str]] = [
        *(((key, index), pattern) for key in ("contains", "also", "steps", "git_tags", "git_config") for index, pattern in
          enumerate(getattr(signal, key))),
        *(((key, index, "pattern"), rule.pattern) for key in ("inactive_if", "inactive_unless") for index, rule in
          enumerate(getattr(signal, key))),
    ]  # fmt: skip
    for where, pattern in patterns:
        error = regex_error(pattern)
        if error is not None:
            problems.append(_at(document, (*loc, *where), f"not a valid regular expression: {error}"))
    return problems


def _grade_problems(parts: list[tuple[YamlDocument, CatalogueFile]], questionnaires: QuestionnaireSet) -> list[Problem]:
    """Grades name known questions, answers on the scale and known detectors; `evidence_first` regexes compile."""
    problems: list[Problem] = []
    detectors = {detector.id for _, part in parts for detector in part.detectors}
    scale = [option.value for option in questionnaires.bank.scale]
    for document, part in parts:
        for index, grade in enumerate(part.grades):
            loc: tuple[int | str, ...] = ("grades", index)
            if grade.question not in questionnaires.questions_by_id:
                problems.append(_at(document, (*loc, "question"), f"unknown question id '{grade.question}'"))
            if grade.answer not in scale:
                message = f"'{grade.answer}' is not an answer (expected one of: {', '.join(scale)})"
                problems.append(_at(document, (*loc, "answer"), message))
            for number, group in enumerate(grade.when_all):
                problems.extend(
                    _at(document, (*loc, "when_all", number), f"unknown detector id '{name}'")
                    for name in group
                    if name not in detectors
                )
        for question, pattern in part.evidence_first.items():
            if question not in questionnaires.questions_by_id:
                problems.append(_at(document, ("evidence_first", question), f"unknown question id '{question}'"))
            elif regex_error(pattern) is not None:
                message = f"not a valid regular expression: {regex_error(pattern)}"
                problems.append(_at(document, ("evidence_first", question), message))
    return problems


def _ci_problems(parts: list[tuple[YamlDocument, CatalogueFile]]) -> list[Problem]:
    """The CI sections: patterns that compile (after `ci_command_start`), file sets that exist, each work once."""
    problems: list[Problem] = []
    file_sets = {name for _, part in parts for name in part.file_sets}
    start = next((part.ci_command_start for _, part in parts if part.ci_command_start), "")
    kinds: set[str] = set()
    for document, part in parts:
        if part.ci_command_start and regex_error(part.ci_command_start) is not None:
            message = f"not a valid regular expression: {regex_error(part.ci_command_start)}"
            problems.append(_at(document, ("ci_command_start",), message))
        for index, definition in enumerate(part.ci_definitions):
            for number, glob in enumerate(definition.files):
                if glob.startswith("@") and glob[1:] not in file_sets:
                    loc = ("ci_definitions", index, "files", number)
                    problems.append(_at(document, loc, f"unknown file set '{glob[1:]}'"))
        problems.extend(_reference_problems(document, part))
        for index, work in enumerate(part.ci_work):
            if work.kind in kinds:
                problems.append(_at(document, ("ci_work", index, "kind"), f"'{work.kind}' is described twice"))
            kinds.add(work.kind)
            for key in ("commands", "code", "actions", "calls", "unless"):
                prefix = start if key == "commands" else ""
                for number, pattern in enumerate(getattr(work, key)):
                    error = regex_error(f"{prefix}(?:{pattern})")
                    if error is not None:
                        where: tuple[int | str, ...] = ("ci_work", index, key, number)
                        problems.append(_at(document, where, f"not a valid regular expression: {error}"))
        follow = part.ci_follow
        for key in ("files", "modules", "make_targets", "builds"):
            for number, pattern in enumerate(getattr(follow, key) if follow is not None else ()):
                error = regex_error(f"{start}(?:{pattern})")
                if error is not None:
                    place: tuple[int | str, ...] = ("ci_follow", key, number)
                    problems.append(_at(document, place, f"not a valid regular expression: {error}"))
    return problems


def _reference_problems(document: YamlDocument, part: CatalogueFile) -> list[Problem]:
    problems = []
    for index, reference in enumerate(part.ci_references):
        named: list[tuple[tuple[int | str, ...], str]] = [(("path",), reference.path)]
        named += [(("contains", number), pattern) for number, pattern in enumerate(reference.contains)]
        named += [(("triggers", name), pattern) for name, pattern in reference.triggers.items()]
        for where, pattern in named:
            error = regex_error(pattern)
            if error is not None:
                problems.append(
                    _at(document, ("ci_references", index, *where), f"not a valid regular expression: {error}")
                )
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
