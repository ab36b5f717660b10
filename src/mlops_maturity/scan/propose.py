"""From findings to proposed answers: per question, the strongest answer its active evidence supports.

Inactive findings (a gate switched off, a workflow nothing triggers) never propose an
answer: they are kept apart, per question, so the draft can say "found but inactive".
A grade of the catalogue proposes more when evidence of several kinds shows a practice
together (a pipeline definition, and a schedule or a CI job that starts it: "mostly").
Each answer lists its strongest evidence first: the evidence of its answer, then what the
catalogue's `evidence_first` names for the question (the training pipeline before the
monitoring flow that sits beside it), then by place.
"""

from __future__ import annotations

from mlops_maturity.questionnaire.model import QuestionnaireSet
from mlops_maturity.scan.catalogue import Catalogue, ProposedAnswer
from mlops_maturity.scan.catalogue_model import Grade
from mlops_maturity.scan.patterns import Pattern, compile_lines
from mlops_maturity.scan.result import CiDefinition, FileCounts, Finding, PracticeResult, Proposal, ScanResult

CONFIDENCE_ORDER = ("low", "medium", "high")


def scan_result(
    root: str,
    counts: FileCounts,
    findings: list[Finding],
    catalogue: Catalogue,
    questionnaires: QuestionnaireSet,
    ci: tuple[CiDefinition, ...] = (),
) -> ScanResult:
    """The scan's result: proposals per question, findings per practice, what needs a person."""
    ordered = sorted(findings, key=lambda finding: (finding.path, finding.line, finding.detector))
    scale = [option.value for option in questionnaires.bank.scale]
    proposes: dict[str, list[ProposedAnswer]] = {d.id: list(d.proposes) for d in catalogue.detectors}
    question_ids = [question.id for question in questionnaires.bank.questions]
    proposals: dict[str, Proposal] = {}
    inactive: dict[str, tuple[Finding, ...]] = {}
    first = {question: compile_lines(pattern) for question, pattern in catalogue.evidence_first.items()}
    for question_id in question_ids:
        backing = [
            (proposed, finding)
            for finding in ordered
            for proposed in proposes.get(finding.detector, ())
            if proposed.question == question_id
        ]
        active = [(proposed, finding) for proposed, finding in backing if finding.inactive is None]
        switched_off = tuple(finding for _, finding in backing if finding.inactive is not None)
        if switched_off:
            inactive[question_id] = switched_off
        if active:
            proposals[question_id] = _strongest(question_id, active, scale, first.get(question_id))
    by_detector: dict[str, list[Finding]] = {}
    for finding in ordered:
        if finding.inactive is None:
            by_detector.setdefault(finding.detector, []).append(finding)
    for grade in catalogue.grades:
        graded = _graded(grade, by_detector, first.get(grade.question), proposals.get(grade.question))
        current = proposals.get(grade.question)
        if graded is not None and (current is None or _rank(graded, scale) > _rank(current, scale)):
            proposals[grade.question] = graded
    proposals = {question: proposals[question] for question in question_ids if question in proposals}
    answerable = catalogue.answerable_questions()
    return ScanResult(
        root=root,
        counts=counts,
        practices=tuple(
            PracticeResult(
                id=practice.id,
                name=practice.name,
                findings=tuple(f for f in ordered if f.practice == practice.id and f.inactive is None),
                inactive=tuple(f for f in ordered if f.practice == practice.id and f.inactive is not None),
            )
            for practice in catalogue.practices
        ),
        proposals=proposals,
        inactive=inactive,
        unfound=tuple(q for q in question_ids if q in answerable and q not in proposals),
        needs_a_human=tuple(q for q in question_ids if q not in answerable),
        ci=ci,
    )


def _strongest(
    question_id: str, active: list[tuple[ProposedAnswer, Finding]], scale: list[str], first: Pattern | None
) -> Proposal:
    """The highest answer on the scale, then the highest confidence; its findings first."""

    def strength(pair: tuple[ProposedAnswer, Finding]) -> tuple[int, int]:
        proposed = pair[0]
        rank = scale.index(proposed.answer) if proposed.answer in scale else -1
        return rank, CONFIDENCE_ORDER.index(proposed.confidence)

    best, _ = max(active, key=strength)
    ordered = sorted(active, key=lambda pair: (-strength(pair)[0], -strength(pair)[1], not _named(pair[1], first)))
    return Proposal(
        question=question_id,
        answer=best.answer,
        confidence=best.confidence,
        why=best.why,
        findings=tuple(dict.fromkeys(finding for _, finding in ordered)),
    )


def _graded(
    grade: Grade, by_detector: dict[str, list[Finding]], first: Pattern | None, current: Proposal | None
) -> Proposal | None:
    """The grade's answer when each of its groups has an active finding: one of each group first."""
    groups = []
    for group in grade.when_all:
        found = sorted(
            (finding for detector in group for finding in by_detector.get(detector, ())),
            key=lambda finding: not _named(finding, first),
        )
        if not found:
            return None
        groups.append(found)
    leading = [found[0] for found in groups]
    rest = [finding for found in groups for finding in found[1:]]
    return Proposal(
        question=grade.question,
        answer=grade.answer,
        confidence=grade.confidence,
        why=grade.why,
        findings=tuple(dict.fromkeys([*leading, *rest, *(current.findings if current is not None else ())])),
    )


def _named(finding: Finding, first: Pattern | None) -> bool:
    """Whether the question's `evidence_first` pattern names the finding (its path or excerpt)."""
    return first is not None and first.search(f"{finding.path} {finding.excerpt}") is not None


def _rank(proposal: Proposal, scale: list[str]) -> tuple[int, int]:
    return scale.index(proposal.answer), CONFIDENCE_ORDER.index(proposal.confidence)
