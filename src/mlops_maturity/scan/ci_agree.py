"""Text evidence in a CI definition, checked against what the definition's facts say it runs.

A text pattern sees words: `pytest \\` inside a continued `pip install`, `pytest.ini` in a
trigger's `paths:` filter, `pytest` in a step switched off with `if: false`, a job named
`push:` in a workflow only a person starts. The CI facts read the definition as its service
does; where a signal asks (`ci_facts`), they win.
"""

from __future__ import annotations

from dataclasses import replace

from mlops_maturity.scan.catalogue import Catalogue
from mlops_maturity.scan.code_text import code_lines
from mlops_maturity.scan.detect import CompiledSignal, _line_text, _start, line_at, make_finding
from mlops_maturity.scan.result import CiDefinition, Finding


def agreeing_with_facts(
    findings: list[Finding],
    signals: list[CompiledSignal],
    definitions: list[CiDefinition],
    lines_run: dict[str, frozenset[int]],
    texts: dict[str, str | None],
    catalogue: Catalogue,
) -> list[Finding]:
    """`findings` with those of `ci_facts` signals in a CI definition the scan read made to agree with its facts.

    `texts` are the definitions' texts by relative path; `lines_run` the lines of what each runs (shown path).
    """
    gated = {
        (compiled.detector.id, compiled.signal.reason): compiled for compiled in signals if compiled.signal.ci_facts
    }
    if not gated:
        return findings
    by_path = {definition.path: definition for definition in definitions}
    relative_of = {_shown(relative): relative for relative in texts}
    kept: list[Finding] = []
    for finding in findings:
        compiled = gated.get((finding.detector, finding.reason))
        definition = by_path.get(finding.path)
        if compiled is None or definition is None:
            kept.append(finding)
            continue
        gate = compiled.signal.ci_facts
        if "at_step" in gate:
            relative = relative_of.get(finding.path, "")
            lines = lines_run.get(finding.path, frozenset())
            moved = _at_step(compiled, finding, relative, texts.get(relative), lines, catalogue)
            if moved is None:
                continue
            finding = moved
        if "on_change" in gate and definition.on_change is False and finding.inactive is None:
            finding = make_finding(compiled, finding.path, finding.line, finding.excerpt, compiled.signal.ci_off_reason)
        kept.append(finding)
    return kept


def _at_step(
    compiled: CompiledSignal,
    finding: Finding,
    relative: str,
    text: str | None,
    lines: frozenset[int],
    catalogue: Catalogue,
) -> Finding | None:
    """The finding at the first match on a line the definition runs; None if no match is on one."""
    if finding.line in lines:
        return finding
    if text is None:
        return None
    code = code_lines(relative, text, catalogue.aliases)
    matched = code.for_matching
    first: tuple[int, int] | None = None  # (position, line of the text as matched)
    for pattern in compiled.contains:
        for match in pattern.finditer(matched):  # each pattern's first match on a line run, no further
            position = _start(match)
            line = line_at(matched, position)
            if code.file_line(line) in lines:
                first = min(first or (position, line), (position, line))
                break
    if first is None:
        return None
    position, line = first
    return make_finding(
        compiled, finding.path, code.file_line(line), _line_text(code, position, line), finding.inactive
    )


def _shown(relative: str) -> str:
    from mlops_maturity.safe_text import printable
    from mlops_maturity.scan.walk import shown_path

    return printable(shown_path(relative))


def ci_findings(definitions: list[CiDefinition], signals: list[CompiledSignal]) -> list[Finding]:
    """The findings of the signals that read the CI facts (`ci_work`): one per definition doing that work."""
    found = []
    for compiled in signals:
        signal = compiled.signal
        for definition in definitions:
            evidence = getattr(definition, signal.ci_work) if signal.ci_work else None
            if evidence is None:
                continue
            inactive = None
            if signal.ci_when == "trigger_unseen" and definition.on_change is not None:
                continue
            if signal.ci_when == "automatic" and definition.automatic is not True:
                continue
            if signal.ci_when == "on_change" and definition.on_change is not True:
                if definition.on_change is None or signal.ci_off_reason is None:
                    continue
                inactive = signal.ci_off_reason
            finding = make_finding(compiled, definition.path, evidence.line, evidence.excerpt, inactive)
            if evidence.called:
                if signal.ci_called_reason is None:
                    continue
                finding = replace(finding, reason=signal.ci_called_reason)
            found.append(finding)
    return found
