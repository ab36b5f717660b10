"""What a scan found: data only. Renderers (`report/scan.py`) word it; `draft.py` makes answers of it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

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
        """`path:line`, the path quoted when it could be misread (`cited_path`)."""
        return f"{cited_path(self.path)}:{self.line}"


_QUOTED_IF = re.compile(r'[:",\\]|^\s|\s$|^$')
"""A colon could end the path early (`a.py:3 b.py:7`), a comma split a list of places, a quote
or a backslash start a quoted path, spaces at either end go unseen."""


def cited_path(path: str) -> str:
    """A path as evidence cites it, so that `path:line` names one file and one line only.

    As it is when nothing in it can be misread, else in double quotes with `"` and `\\`
    escaped (as in JSON): a file named `a.py:12 b.py` is cited as `"a.py:12 b.py":3`, never
    as `a.py:12 b.py:3`. Line breaks never reach here (`walk.shown_path`).
    """
    if _QUOTED_IF.search(path) is None:
        return path
    return '"' + path.replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A file or folder the scan could not read, and why."""

    path: str
    """Relative to the scanned folder, with `/`, printable (`.` for the folder itself)."""
    why: str
    """What stopped it: the system's reason (`Permission denied`) or the scan's (a YAML alias inside itself)."""


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
    unreadable_files: tuple[Unreadable, ...] = ()
    """Files that could not be read, or not as what they are (a workflow whose YAML refers to itself)."""
    unreadable_folders: tuple[Unreadable, ...] = ()
    """Folders that could not be listed: nothing under them was scanned."""


CallKind = Literal["reusable_workflow", "include", "template", "orb", "downstream_pipeline", "shared_library", "job"]
"""What a CI definition calls: a reusable workflow, an included configuration or template, an orb, a
downstream pipeline, a Jenkins shared library or another Jenkins job."""


@dataclass(frozen=True, slots=True)
class CiCall:
    """Work a CI definition leaves to another repository (or to the service): it happens there, unseen."""

    line: int
    kind: CallKind
    target: str
    """What it calls, as written (`org/ml-templates/.github/workflows/train.yml@v2`)."""
    passes: tuple[tuple[str, str], ...] = ()
    """The inputs, parameters and secrets it passes, as (name, value) ("..." for a value that is not text)."""


@dataclass(frozen=True, slots=True)
class CiEvidence:
    """The line of a CI definition that shows some work, and where a script it runs does it."""

    line: int
    excerpt: str
    via: tuple[tuple[str, int, str], ...] = ()
    """The files followed from that line to the work, in order: (path, line, excerpt)."""
    called: bool = False
    """The line calls work in another repository, judged to be this work by its name and what it
    passes (`run-pipeline.yml` with a training pipeline's file): the work itself is not seen."""


@dataclass(frozen=True, slots=True)
class CiDefinition:
    """One CI definition: what starts it and what it can be seen to do."""

    path: str
    service: str
    triggers: tuple[str, ...]
    """What starts it, as the definition names it (`push`, `schedule`, `workflow_dispatch`, `cron`...)."""
    on_change: bool | None
    """Whether a change (push, pull request) starts it; None when that is configured outside the repository."""
    automatic: bool | None
    """Whether something other than a person starts it (a change, a tag, a release, a schedule); None when unseen."""
    tests: CiEvidence | None
    training: CiEvidence | None
    deploy: CiEvidence | None
    calls: tuple[CiCall, ...]
    """Work it leaves to another repository: whatever that does is not seen here."""
    includes: tuple[str, ...] = ()
    """Files of this repository read as part of it (local reusable workflows, included files, templates)."""


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
    ci: tuple[CiDefinition, ...] = ()
    """Each CI definition, in path order: what starts it, whether it runs tests, training, a deployment."""
