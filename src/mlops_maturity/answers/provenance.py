"""Where an answer came from: a person, a repository scan, or a person confirming the scan.

A scan's answers carry `source: scan`; every piece of evidence a scan writes starts with
`scan: `, so a person's answer that a scan added evidence to (`scan --merge`, or a scan's
proposal confirmed in `assess --from-scan`) still shows which evidence is whose.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

SCAN_SOURCE = "scan"
SCAN_EVIDENCE_PREFIX = "scan: "


class Origin(StrEnum):
    person = "person"
    scan = "scan"
    both = "both"
    """A person's answer with the scan's evidence beside their own."""


def is_scan_evidence(entry: str) -> bool:
    return entry.startswith(SCAN_EVIDENCE_PREFIX)


def marked_as_scan(evidence: Iterable[str]) -> tuple[str, ...]:
    """Evidence entries, each marked as the scan's."""
    return tuple(entry if is_scan_evidence(entry) else SCAN_EVIDENCE_PREFIX + entry for entry in evidence)


def with_scan_evidence(theirs: tuple[str, ...], scans: Iterable[str]) -> tuple[str, ...]:
    """A person's evidence as it is, then the scan's entries (marked) they do not have yet."""
    return (*theirs, *(entry for entry in marked_as_scan(scans) if entry not in theirs))


def origin_of(answer: str | None, source: str | None, evidence: Iterable[str]) -> Origin | None:
    """Who gave an answer; None when the question is unanswered."""
    if answer is None:
        return None
    if source == SCAN_SOURCE:
        return Origin.scan
    return Origin.both if any(is_scan_evidence(entry) for entry in evidence) else Origin.person
