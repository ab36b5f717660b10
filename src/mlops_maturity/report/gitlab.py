"""`score --format gitlab`: GitLab's Code Quality report, for the merge request's widget and diff.

A JSON array of issues, each `{description, check_name, fingerprint, severity, location:
{path, lines: {begin}}}`: one per problem of a file that could not be scored, and one per
`--fail-under` threshold a scored file is below. All good is an empty array, `[]`.

Both kinds are `major` (GitLab's scale: info, minor, major, critical, blocker): either one
fails the job. A fingerprint is a hash of the file, the check and what the issue says, but
not of its line, so that an issue moved by an edit above it stays the same issue between
the merge request and its target branch.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from mlops_maturity.engine.batch import Failed, Outcome
from mlops_maturity.json_text import json_document
from mlops_maturity.report.annotations import located_problems, problem_text
from mlops_maturity.report.wording import gate_failure
from mlops_maturity.safe_text import one_line

INVALID_CHECK = "mlops-maturity/invalid-answers"
GATE_CHECK = "mlops-maturity/below-threshold"
SEVERITY = "major"


def _issue(path: str, line: int | None, check: str, description: str, identity: str) -> dict[str, Any]:
    return {
        "description": one_line(description),
        "check_name": check,
        "fingerprint": identity,
        "severity": SEVERITY,
        "location": {"path": one_line(path), "lines": {"begin": line or 1}},
    }


def _fingerprint(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _issues(outcome: Outcome) -> list[tuple[str, int | None, str, str, str]]:
    """(path, line, check, description, what identifies it) for each issue of one outcome."""
    if isinstance(outcome, Failed):
        return [
            (problem.file, problem.line, INVALID_CHECK, problem_text(problem), f"{problem.key}\0{problem.message}")
            for problem in located_problems(outcome)
        ]
    return [
        (outcome.path, None, GATE_CHECK, gate_failure(failure), str(failure.threshold)) for failure in outcome.failures
    ]


def render_code_quality(outcomes: Sequence[Outcome]) -> str:
    """The Code Quality report of every outcome, in the order given."""
    report: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for outcome in outcomes:
        for path, line, check, description, identity in _issues(outcome):
            fingerprint = _fingerprint(path, check, identity)
            # NOTE: GitLab shows one issue per fingerprint; the same problem twice in a file stays two.
            seen[fingerprint] = seen.get(fingerprint, 0) + 1
            if seen[fingerprint] > 1:
                fingerprint = _fingerprint(path, check, identity, str(seen[fingerprint]))
            report.append(_issue(path, line, check, description, fingerprint))
    return json_document(report)
