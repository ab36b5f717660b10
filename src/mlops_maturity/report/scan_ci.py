"""The CI facts of a scan, worded: each CI definition, what starts it, and whether it tests, trains and deploys.

`render_scan_with_ci` is `report.scan.render_scan` with the CI definitions added: a `ci`
member in the JSON, a section at the end of the text and Markdown, and comment lines at the
top of the YAML draft (an answers file has no place for them as data). Results in, text out.
"""

from __future__ import annotations

from typing import Any

from mlops_maturity.answers.model import AnswersFile
from mlops_maturity.engine.draft_levels import DraftLevels
from mlops_maturity.json_text import json_document
from mlops_maturity.questionnaire.model import QuestionnaireSet
from mlops_maturity.report import ScanFormat
from mlops_maturity.report.scan_levels import levels_data, levels_lines
from mlops_maturity.safe_text import one_line
from mlops_maturity.scan.result import CallKind, CiCall, CiDefinition, CiEvidence, ScanResult, cited_path

WORK = (("tests", "tests"), ("training", "training"), ("deploy", "deployment"))
"""Each fact's field, and the word for it."""

JSON_KEYS = {"tests": "runs_tests", "training": "runs_training", "deploy": "deploys"}

CALL_KINDS: dict[CallKind, str] = {
    "reusable_workflow": "a reusable workflow of another repository",
    "include": "configuration included from elsewhere",
    "template": "a template of another repository",
    "orb": "a job of a published orb",
    "downstream_pipeline": "a pipeline of another project",
    "shared_library": "a Jenkins shared library",
    "job": "another Jenkins job",
}


def render_scan_with_ci(
    result: ScanResult,
    draft: AnswersFile,
    questionnaires: QuestionnaireSet,
    fmt: ScanFormat,
    *,
    merged_into: str | None = None,
    levels: list[DraftLevels] | None = None,
) -> str:
    """`render_scan`'s output with the CI definitions the scan read (see the module docstring),
    and the draft's `levels` first (`report.scan_levels`)."""
    from mlops_maturity.report.scan import render_scan, scan_data

    if fmt is ScanFormat.json:
        data = scan_data(result, draft)
        answers = data.pop("answers")
        found = {"levels": levels_data(levels)} if levels is not None else {}
        return json_document({**data, **found, "ci": ci_data(result.ci), "answers": answers})
    text = render_scan(result, draft, questionnaires, fmt, merged_into=merged_into)
    said = levels_lines(levels) if levels is not None else []
    if fmt is ScanFormat.text:
        title, _, rest = text.partition("\n")
        text = "\n".join([title, "", *_wrapped(said)]) + "\n" + rest if said else text
        return text + ("\n" + "\n".join(ci_text_lines(result.ci)) + "\n" if result.ci else "")
    if fmt is ScanFormat.markdown:
        from mlops_maturity.report.markdown import escape_markdown

        title, _, rest = text.partition("\n")
        text = "\n".join([title, "", *(escape_markdown(line) + "\n" for line in said)]) + rest if said else text
        return text + ("\n" + "\n".join(ci_markdown_lines(result.ci)) + "\n" if result.ci else "")
    if merged_into is not None:
        return text  # a person's file: its top stays theirs
    top = [*_wrapped(said), *ci_summary_lines(result.ci)]
    # NOTE: each line is made one line again here: a line break in a call target or a trigger
    # (text from the repository) would end the comment and put YAML of its own in the draft.
    return "".join(f"# {one_line(line)}\n" for line in top) + text


def _wrapped(lines: list[str]) -> list[str]:
    import textwrap

    return [
        part
        for line in lines
        for part in textwrap.wrap(one_line(line), width=90, break_long_words=False, break_on_hyphens=False)
    ]


def ci_data(definitions: tuple[CiDefinition, ...]) -> list[dict[str, Any]]:
    """The CI facts as JSON data."""
    return [
        {
            "path": definition.path,
            "service": definition.service,
            "triggers": list(definition.triggers),
            "on_change": definition.on_change,
            "automatic": definition.automatic,
            **{JSON_KEYS[field]: _evidence_data(getattr(definition, field)) for field, _ in WORK},
            "calls": [
                {"line": call.line, "kind": call.kind, "target": call.target, "passes": dict(call.passes)}
                for call in definition.calls
            ],
            "includes": list(definition.includes),
        }
        for definition in definitions
    ]


def _evidence_data(evidence: CiEvidence | None) -> dict[str, Any] | None:
    if evidence is None:
        return None
    return {
        "line": evidence.line,
        "excerpt": evidence.excerpt,
        "via": [{"path": path, "line": line, "excerpt": excerpt} for path, line, excerpt in evidence.via],
        "called": evidence.called,
    }


def ci_text_lines(definitions: tuple[CiDefinition, ...]) -> list[str]:
    """The CI section of `scan --format text`."""
    lines = ["CI definitions (what starts each, and whether it runs tests, training, a deployment):"]
    for definition in definitions:
        lines.append(f"  {cited_path(definition.path)} ({definition.service}; {_starts(definition)})")
        for field, word in WORK:
            evidence: CiEvidence | None = getattr(definition, field)
            if evidence is None:
                lines.append(f"    {word}: not seen")
                continue
            called = " (in what it calls, judged by its name: the work happens there)" if evidence.called else ""
            lines.append(f"    {word}: line {evidence.line}: {evidence.excerpt}{called}")
            lines.extend(f"      through {cited_path(path)}:{line}: {excerpt}" for path, line, excerpt in evidence.via)
        lines.extend(f"    {_call_sentence(call)}" for call in definition.calls)
    # NOTE: each line made one line: an excerpt, a path, a trigger or a call target (text from the
    # repository) holding a line break (U+2028, \r) must not start a line of its own.
    return [one_line(line) for line in lines]


def ci_markdown_lines(definitions: tuple[CiDefinition, ...]) -> list[str]:
    """The CI section of `scan --format markdown`: a table, then the calls to other repositories."""
    from mlops_maturity.report.markdown import escape_cell, escape_markdown

    lines = ["## CI definitions", "", "| Definition | Service | Starts on | Tests | Training | Deployment |"]
    lines.append("|---|---|---|---|---|---|")
    for definition in definitions:
        cells = [escape_cell(cited_path(definition.path)), escape_cell(definition.service)]
        cells.append(escape_cell(_starts(definition)))
        for field, _ in WORK:
            evidence: CiEvidence | None = getattr(definition, field)
            if evidence is None:
                cells.append("-")
                continue
            places = [f"line {evidence.line}" + (" (called)" if evidence.called else "")]
            places += [f"through {cited_path(path)}:{line}" for path, line, _ in evidence.via]
            cells.append("<br>".join(escape_cell(place) for place in places))
        lines.append("| " + " | ".join(cells) + " |")
    calls = [(definition, call) for definition in definitions for call in definition.calls]
    if calls:
        lines += ["", "Work called in another repository (not seen by the scan):", ""]
        lines += [
            f"- {escape_markdown(cited_path(definition.path))}: {escape_markdown(_call_sentence(call))}"
            for definition, call in calls
        ]
    return [one_line(line) for line in lines]  # as in `ci_text_lines`: no repository text starts a line


def ci_summary_lines(definitions: tuple[CiDefinition, ...]) -> list[str]:
    """One line per CI definition, for the top of the YAML draft."""
    lines = ["CI definitions the scan read (work seen: the line that shows it):"]
    for definition in definitions:
        seen = [
            f"{word} line {evidence.line}"
            + (f" (through {cited_path(evidence.via[-1][0])})" if evidence.via else "")
            + (" (called)" if evidence.called else "")
            for field, word in WORK
            if (evidence := getattr(definition, field)) is not None
        ]
        calls = [f"calls {one_line(call.target)} (the work happens there)" for call in definition.calls]
        shown = "; ".join([*seen, *calls]) or "no tests, training or deployment seen"
        lines.append(f"  {cited_path(definition.path)} ({_starts(definition)}): {shown}")
    return lines


def _starts(definition: CiDefinition) -> str:
    if definition.on_change is None:
        started = ", ".join(one_line(trigger) for trigger in definition.triggers)
        return "started as configured outside the repository" + (f" ({started})" if started else "")
    if not definition.triggers:
        return "nothing starts it"
    return (
        "starts on "
        + ", ".join(one_line(trigger) for trigger in definition.triggers)
        + ("" if definition.on_change else ", not on a change")
    )


def _call_sentence(call: CiCall) -> str:
    passing = ", ".join(f"{one_line(name)}={one_line(value)}" for name, value in call.passes)
    return (
        f"line {call.line}: calls {one_line(call.target)}, {CALL_KINDS[call.kind]}"
        + (f", passing {passing}" if passing else "")
        + ": the work happens there, not seen by this scan"
    )
