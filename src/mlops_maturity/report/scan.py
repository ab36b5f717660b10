"""Renderers of a scan: the draft answers file (YAML), JSON, a per-practice text table, Markdown.

Results in, text out; every piece of repository text (paths, matched lines) reached the
result through `printable`, and Markdown escapes it again for its own syntax.
"""

from __future__ import annotations

import textwrap
from typing import Any, assert_never

from mlops_maturity.answers.model import AnswersFile
from mlops_maturity.answers.write import render_answers
from mlops_maturity.json_text import json_document
from mlops_maturity.questionnaire.model import QuestionnaireSet
from mlops_maturity.report import ScanFormat
from mlops_maturity.scan.result import Finding, PracticeResult, ScanResult, cited_path

SCAN_SCHEMA_VERSION = 1
_HOW_WIDTH = 36
"""Widest the How column of the text table is set; longer tool lists wrap within it."""
_WHERE_SHOWN = 3
_WIDTH = 100


def render_scan(
    result: ScanResult,
    draft: AnswersFile,
    questionnaires: QuestionnaireSet,
    fmt: ScanFormat,
    *,
    merged_into: str | None = None,
) -> str:
    """A scan in one format; `draft` is the answers file it proposes (merged, with --merge).

    `merged_into`: with --merge, the text of the person's answers file; its editor schema line
    (`# yaml-language-server: ...`) is kept at the top.
    """
    match fmt:
        case ScanFormat.yaml:
            return _yaml(result, draft, questionnaires, merged_into)
        case ScanFormat.json:
            return json_document(scan_data(result, draft))
        case ScanFormat.text:
            return _text(result, questionnaires)
        case ScanFormat.markdown:
            return _markdown(result, questionnaires)
        case _:
            assert_never(fmt)


def found_label(practice: PracticeResult) -> str:
    if practice.findings:
        return "yes"
    return "inactive" if practice.inactive else "-"


def how_label(practice: PracticeResult) -> str:
    tools = list(dict.fromkeys(finding.tool for finding in practice.findings))
    inactive = list(dict.fromkeys(finding.tool for finding in practice.inactive if finding.tool not in tools))
    return ", ".join([*tools, *(f"{tool} (inactive)" for tool in inactive)])


def where_list(findings: tuple[Finding, ...]) -> list[str]:
    """The places a practice was found, each once, the first few named and the rest counted."""
    # NOTE: two detectors can match one line (CI that builds and runs the tests); a place
    # is cited once, however many findings it holds.
    places = list(dict.fromkeys(finding.where for finding in findings))
    shown = places[:_WHERE_SHOWN]
    if len(places) > _WHERE_SHOWN:
        shown.append(f"+{len(places) - _WHERE_SHOWN} more")
    return shown


def summary_line(result: ScanResult) -> str:
    """One line for stderr: what was proposed, what needs a person, what was skipped."""
    counts = result.counts
    skipped = [
        f"{counts.ignored} ignored by .gitignore",
        f"{counts.binary} binary",
        f"{counts.too_large} over {counts.max_file_bytes // 1024} KiB",
        unreadable_label(result),
        f"{counts.symlinks} symbolic links",
    ]
    return (
        f"scan of {result.root}: {counts.files} files, {counts.read} read; skipped: {', '.join(skipped)}. "
        f"{len(result.proposals)} answers proposed, {len(result.inactive)} with evidence found but inactive, "
        f"{len(result.unfound) + len(result.needs_a_human)} questions left for a person."
    )


def unreadable_label(result: ScanResult) -> str:
    """`2 unreadable (secrets/: Permission denied; ...)`: what the scan could not read, the first few named."""
    counts = result.counts
    named = [f"{item.path}/: {item.why}" for item in counts.unreadable_folders]
    named += [f"{cited_path(item.path)}: {item.why}" for item in counts.unreadable_files]
    more = f"; and {len(named) - _WHERE_SHOWN} more" if len(named) > _WHERE_SHOWN else ""
    return f"{len(named)} unreadable" + (f" ({'; '.join(named[:_WHERE_SHOWN])}{more})" if named else "")


def _yaml(result: ScanResult, draft: AnswersFile, questionnaires: QuestionnaireSet, merged_into: str | None) -> str:
    if merged_into is None:
        header = [
            f"# Draft from `mlops-maturity scan {result.root}`: each proposed answer has `source: scan`,",
            "# a confidence and its evidence (scan: path:line reason). Review every one before you score;",
            "# a repository cannot show people, hand-offs or what a cloud console configures, so those",
            "# questions are left empty for a person. Found but inactive evidence is in the notes.",
        ]
    else:
        first = merged_into.lstrip("\ufeff").partition("\n")[0]
        header = [first] if first.startswith("# yaml-language-server:") else []
        header += [
            f"# Completed by `mlops-maturity scan {result.root} --merge`: answers with `source: scan` are the",
            "# scan's proposals for questions that had none; evidence marked `scan:` is the scan's.",
        ]
    return (
        "\n".join(header) + "\n" + render_answers(draft, questionnaires, questionnaires.bank.questions, with_help=False)
    )


def _finding_data(finding: Finding) -> dict[str, Any]:
    return {
        "detector": finding.detector,
        "tool": finding.tool,
        "path": finding.path,
        "line": finding.line,
        "reason": finding.reason,
        "excerpt": finding.excerpt,
        "inactive": finding.inactive,
    }


def scan_data(result: ScanResult, draft: AnswersFile) -> dict[str, Any]:
    """The JSON of a scan; `answers` is the draft answers file (`jq .answers` gives one to score)."""
    counts = result.counts
    return {
        "schema_version": SCAN_SCHEMA_VERSION,
        "root": result.root,
        "files": {
            "found": counts.files,
            "read": counts.read,
            "ignored": counts.ignored,
            "symlinks": counts.symlinks,
            "binary": counts.binary,
            "too_large": counts.too_large,
            "max_file_bytes": counts.max_file_bytes,
            "skipped_folders": list(counts.skipped_folders),
            "unreadable": [{"path": i.path, "why": i.why} for i in counts.unreadable_files],
            "unreadable_folders": [{"path": i.path, "why": i.why} for i in counts.unreadable_folders],
        },
        "practices": [
            {
                "id": practice.id,
                "name": practice.name,
                "found": bool(practice.findings),
                "findings": [_finding_data(finding) for finding in practice.findings],
                "inactive": [_finding_data(finding) for finding in practice.inactive],
            }
            for practice in result.practices
        ],
        "proposals": {
            question_id: {
                "answer": proposal.answer,
                "confidence": proposal.confidence,
                "why": proposal.why,
                "evidence": [_finding_data(finding) for finding in proposal.findings],
            }
            for question_id, proposal in result.proposals.items()
        },
        "nothing_found": list(result.unfound),
        "needs_a_human": list(result.needs_a_human),
        "answers": draft.model_dump(mode="json", exclude_defaults=True),
    }


def _text(result: ScanResult, questionnaires: QuestionnaireSet) -> str:
    rows = [("Practice", "Found", "How", "Where")]
    for practice in result.practices:
        where = where_list(practice.findings or practice.inactive)
        rows.append((practice.name, found_label(practice), how_label(practice) or "-", ", ".join(where) or "-"))
    widths = [max(len(row[column]) for row in rows) for column in range(2)]
    widths.append(min(_HOW_WIDTH, max(len(row[2]) for row in rows)))
    lines = [f"Scan of {result.root}", ""]
    for number, row in enumerate(rows):
        where_width = max(20, _WIDTH - sum(widths) - 6)
        # Breaks only between entries: a path cut in two could not be copied.
        where_lines = textwrap.wrap(row[3], width=where_width, break_long_words=False, break_on_hyphens=False) or [""]
        how_lines = textwrap.wrap(row[2], width=widths[2], break_long_words=False, break_on_hyphens=False) or [""]
        for line in range(max(len(where_lines), len(how_lines))):
            cells = (row[0], row[1]) if line == 0 else ("", "")
            how = how_lines[line] if line < len(how_lines) else ""
            places = where_lines[line] if line < len(where_lines) else ""
            columns = "  ".join(cell.ljust(width) for cell, width in zip((*cells, how), widths, strict=True))
            lines.append(f"{columns}  {places}".rstrip())
        if number == 0:
            lines.append("  ".join("-" * width for width in widths) + "  " + "-" * 5)
    lines += ["", "Proposed answers (source: scan):"]
    for question_id, proposal in result.proposals.items():
        lines.append(f"  {question_id}: {proposal.answer} ({proposal.confidence} confidence)")
        lines.extend(f"    {finding.where} {finding.reason}" for finding in proposal.findings[:_WHERE_SHOWN])
    if not result.proposals:
        lines.append("  none")
    inactive = [finding for practice in result.practices for finding in practice.inactive]
    if inactive:
        lines += ["", "Found but inactive (not proposed as met):"]
        lines.extend(f"  {finding.where} {finding.tool}: {finding.inactive}" for finding in inactive)
    lines += ["", *_left_for_a_person(result, questionnaires), "", _counts_line(result)]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _left_for_a_person(result: ScanResult, questionnaires: QuestionnaireSet) -> list[str]:
    del questionnaires  # the ids are what a person looks up in the draft
    lines = ["Nothing found in the repository (answer these yourself; no evidence is not a no):"]
    lines += textwrap.wrap(
        ", ".join(result.unfound) or "none", width=_WIDTH, initial_indent="  ", subsequent_indent="  "
    )
    lines += ["No detector can answer these (people, hand-offs, what a cloud console configures): a person answers:"]
    lines += textwrap.wrap(
        ", ".join(result.needs_a_human) or "none", width=_WIDTH, initial_indent="  ", subsequent_indent="  "
    )
    return lines


def _counts_line(result: ScanResult) -> str:
    counts = result.counts
    return (
        f"{counts.files} files, {counts.read} read by detectors; skipped: {counts.ignored} ignored by .gitignore, "
        f"{counts.binary} binary, {counts.too_large} over {counts.max_file_bytes // 1024} KiB, "
        f"{unreadable_label(result)}, {counts.symlinks} symbolic links not followed"
    )


def _markdown(result: ScanResult, questionnaires: QuestionnaireSet) -> str:
    from mlops_maturity.report.markdown import escape_cell, escape_markdown

    questions = questionnaires.questions_by_id
    lines = [f"# Scan of {escape_markdown(result.root)}", "", "| Practice | Found | How | Where |", "|---|---|---|---|"]
    for practice in result.practices:
        where = "<br>".join(escape_cell(item) for item in where_list(practice.findings or practice.inactive))
        lines.append(
            f"| {escape_cell(practice.name)} | {found_label(practice)} | {escape_cell(how_label(practice) or '-')} "
            f"| {where or '-'} |"
        )
    lines += ["", "## Proposed answers", ""]
    for question_id, proposal in result.proposals.items():
        lines.append(f"- **{escape_markdown(question_id)}**: {proposal.answer} ({proposal.confidence} confidence)")
        lines.extend(
            f"  - {escape_markdown(finding.where)} {escape_markdown(finding.reason)}"
            for finding in proposal.findings[:_WHERE_SHOWN]
        )
    if not result.proposals:
        lines.append("None.")
    inactive = [finding for practice in result.practices for finding in practice.inactive]
    if inactive:
        lines += ["", "## Found but inactive", ""]
        lines.extend(
            f"- {escape_markdown(finding.where)} {escape_markdown(finding.tool)}: {escape_markdown(finding.inactive)}"
            for finding in inactive
        )
    for title, ids in (
        ("Nothing found: answer these yourself", result.unfound),
        ("No detector can answer these: a person answers", result.needs_a_human),
    ):
        lines += ["", f"## {title}", ""]
        lines.extend(f"- **{escape_markdown(q)}**: {escape_markdown(questions[q].text)}" for q in ids if q in questions)
    lines += ["", escape_markdown(_counts_line(result))]
    return "\n".join(lines) + "\n"
