"""A scan as an answers file: the draft a person reviews, and `--merge` into a person's answers.

Each proposed answer has `source: scan`, a confidence, a note with why that answer (and
no higher), and its evidence as `scan: <path>:<line> <reason>`. Found-but-inactive
evidence is never an answer: the question stays unanswered and its note says
`found but inactive: ...`. Questions nothing was found for stay empty.

Merging never changes a person's answer: a question they answered keeps its answer,
note and source, and gains the scan's evidence (each entry marked `scan: `); only
unanswered questions take the scan's proposal. Everything else they wrote is kept.
"""

from __future__ import annotations

import datetime

from mlops_maturity.answers.model import Answer, AnswersFile
from mlops_maturity.answers.provenance import SCAN_EVIDENCE_PREFIX, SCAN_SOURCE, with_scan_evidence
from mlops_maturity.questionnaire.model import QuestionnaireSet
from mlops_maturity.scan.result import Finding, ScanResult

MAX_EVIDENCE = 5
"""Evidence entries per answer; the scan's output lists every finding."""


def evidence_entry(finding: Finding) -> str:
    """`scan: path:line reason`, the form every piece of scan evidence takes."""
    return f"{SCAN_EVIDENCE_PREFIX}{finding.where} {finding.reason}"


def inactive_note(findings: tuple[Finding, ...]) -> str:
    """`found but inactive: ...`, each with its reason and place."""
    parts = [f"{finding.tool}: {finding.inactive} ({finding.where})" for finding in findings[:MAX_EVIDENCE]]
    more = len(findings) - len(parts)
    return "found but inactive: " + "; ".join(parts) + (f"; and {more} more" if more > 0 else "")


def draft_answers(
    result: ScanResult, questionnaires: QuestionnaireSet, *, team: str, date: datetime.date
) -> AnswersFile:
    """The scan's proposals as an answers file (unanswered questions stay empty)."""
    answers: dict[str, Answer] = {}
    for question in questionnaires.bank.questions:
        proposal = result.proposals.get(question.id)
        inactive = result.inactive.get(question.id, ())
        if proposal is not None:
            note = f"proposed by scan: {proposal.why}"
            if inactive:
                note += f" Also {inactive_note(inactive)}"
            answers[question.id] = Answer(
                answer=proposal.answer,
                note=note,
                evidence=tuple(evidence_entry(finding) for finding in proposal.findings[:MAX_EVIDENCE]),
                source=SCAN_SOURCE,
                confidence=proposal.confidence,
            )
        elif inactive:
            answers[question.id] = Answer(note=inactive_note(inactive), source=SCAN_SOURCE)
    return AnswersFile(questionnaire_version=questionnaires.version, team=team, date=date, answers=answers)


def merge_answers(person: AnswersFile, draft: AnswersFile) -> AnswersFile:
    """A person's answers completed by the draft: theirs are never overwritten (see the module docstring)."""
    merged = dict(person.answers)
    for question_id, proposed in draft.answers.items():
        given = person.answers.get(question_id)
        if given is None:
            merged[question_id] = proposed
        elif given.answer is None:
            # Unanswered, perhaps with the person's note or evidence: those stay, the proposal fills in.
            merged[question_id] = given.model_copy(
                update={
                    "answer": proposed.answer,
                    "source": proposed.source,
                    "confidence": proposed.confidence,
                    "note": given.note or proposed.note,
                    "evidence": with_scan_evidence(given.evidence, proposed.evidence),
                }
            )
        else:
            added = with_scan_evidence(given.evidence, proposed.evidence)
            if added != given.evidence:
                merged[question_id] = given.model_copy(update={"evidence": added})
    return person.model_copy(update={"answers": merged})


MERGED_MARK = "# Completed by `mlops-maturity scan"
"""How the comment that `--merge` puts at the top of a person's file begins."""


def merged_file_text(person_text: str, merged: AnswersFile, questionnaires: QuestionnaireSet, *, root: str) -> str:
    """A person's YAML answers file completed by the scan (`merge_answers`), their comments kept.

    A comment at the top (under the editor's schema line) says that the scan completed it,
    once however often the file is merged.
    """
    from mlops_maturity.answers.write import SCHEMA_LINE_START, answers_text

    text = answers_text(merged, questionnaires, questionnaires.bank.questions, json_format=False, existing=person_text)
    if any(line.startswith(MERGED_MARK) for line in text.splitlines()):
        return text
    # NOTE: worded as `report.scan` words it for a file written afresh.
    mark = (
        f"{MERGED_MARK} {root} --merge`: answers with `source: scan` are the\n"
        "# scan's proposals for questions that had none; evidence marked `scan:` is the scan's.\n"
    )
    first, _, rest = text.partition("\n")
    if first.startswith(SCHEMA_LINE_START):
        return f"{first}\n{mark}{rest}"
    return mark + text
