"""What a scan found: data only. Renderers (`report/scan.py`) word it; `draft.py` makes answers of it."""

from __future__ import annotations

from dataclasses import dataclass

from mlops_maturity.scan.catalogue import Confidence


@dataclass(frozen=True, slots=True)
class Finding:
    """One piece of evidence: a detector's signal matched a line of a file."""

    detector: str
    practice: str
    tool: str
    path: str
    """Relative to the scanned folder, with `/`, printable (control characters removed)."""
    line: int
    reason: str
    """The catalogue's short reason, e.g. `GitHub Actions workflow runs on push or pull request`."""
    excerpt: str
    """The matched line, trimmed and printable."""
    inactive: str | None = None
    """Why the finding does not count (a gate switched off, a workflow nothing triggers); None if it counts."""

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True, slots=True)
class Proposal:
    """The answer the scan proposes for one question, and the findings behind it (strongest first)."""

    question: str
    answer: str
    confidence: Confidence
    why: str
    findings: tuple[Finding, ...]


@dataclass(frozen=True, slots=True)
class PracticeResult:
    """One row of the scan's table: what was found for a practice."""

    id: str
    name: str
    findings: tuple[Finding, ...]
    """Active findings, in path order."""
    inactive: tuple[Finding, ...]
    """Found but inactive."""


@dataclass(frozen=True, slots=True)
class FileCounts:
    """How much of the tree was looked at, and what was left out."""

    files: int
    """Files in the tree, not ignored."""
    read: int
    """Files some detector applied to, and read."""
    ignored: int
    """Files and folders left out by .gitignore."""
    symlinks: int
    """Symbolic links, not followed."""
    binary: int
    """Files a detector applied to, skipped as binary."""
    too_large: int
    """Files a detector applied to, skipped as larger than `max_file_bytes`."""
    max_file_bytes: int
    skipped_folders: tuple[str, ...]
    """Tool and environment folders not entered (`node_modules`, virtualenvs, ...)."""


@dataclass(frozen=True, slots=True)
class ScanResult:
    """A scan of one folder."""

    root: str
    """The folder as given, printable."""
    counts: FileCounts
    practices: tuple[PracticeResult, ...]
    proposals: dict[str, Proposal]
    """Question id -> proposed answer, in questionnaire order."""
    inactive: dict[str, tuple[Finding, ...]]
    """Question id -> findings that would back it but are inactive."""
    unfound: tuple[str, ...]
    """Questions a detector could answer, with nothing found: for a person, not proof of "no"."""
    needs_a_human: tuple[str, ...]
    """Questions a repository cannot show (people, hand-offs, what a cloud console configures)."""
