"""From findings to proposed answers: per question, the strongest answer its active evidence supports.

Inactive findings (a gate switched off, a workflow nothing triggers) never propose an
answer: they are kept apart, per question, so the draft can say "found but inactive".
"""

from __future__ import annotations

from mlops_maturity.questionnaire.model import QuestionnaireSet
from mlops_maturity.scan.catalogue import Catalogue, ProposedAnswer
from mlops_maturity.scan.result import FileCounts, Finding, PracticeResult, Proposal, ScanResult

CONFIDENCE_ORDER = ("low", "medium", "high")


def scan_result(
    root: str, counts: FileCounts, findings: list[Finding], catalogue: Catalogue, questionnaires: QuestionnaireSet
) -> ScanResult:
    """The scan's result: proposals per question, findings per practice, what needs a person."""
    ordered = sorted(findings, key=lambda finding: (finding.path, finding.line, finding.detector))
    scale = [option.value for option in questionnaires.bank.scale]
    proposes: dict[str, list[ProposedAnswer]] = {d.id: list(d.proposes) for d in catalogue.detectors}
    question_ids = [question.id for question in questionnaires.bank.questions]
    proposals: dict[str, Proposal] = {}
    inactive: dict[str, tuple[Finding, ...]] = {}
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
            proposals[question_id] = _strongest(question_id, active, scale)
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
    )


def _strongest(question_id: str, active: list[tuple[ProposedAnswer, Finding]], scale: list[str]) -> Proposal:
    """The highest answer on the scale, then the highest confidence; its findings first."""

    def strength(pair: tuple[ProposedAnswer, Finding]) -> tuple[int, int]:
        proposed = pair[0]
        rank = scale.index(proposed.answer) if proposed.answer in scale else -1
        return rank, CONFIDENCE_ORDER.index(proposed.confidence)

    best, _ = max(active, key=strength)
    first = [finding for proposed, finding in active if proposed == best]
    others = [finding for proposed, finding in active if proposed != best]
    return Proposal(
        question=question_id,
        answer=best.answer,
        confidence=best.confidence,
        why=best.why,
        findings=tuple(dict.fromkeys([*first, *others])),
    )
