"""Scanning one folder: walk it, read each file a detector applies to once, gather the findings."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from mlops_maturity.errors import InputFileError, Problem
from mlops_maturity.questionnaire.model import QuestionnaireSet
from mlops_maturity.safe_text import printable
from mlops_maturity.scan.catalogue import Catalogue
from mlops_maturity.scan.catalogue_model import CiDefinitionFiles
from mlops_maturity.scan.ci_agree import agreeing_with_facts, ci_findings
from mlops_maturity.scan.ci_facts import CiFacts
from mlops_maturity.scan.ci_follow import RepositoryFiles
from mlops_maturity.scan.ci_references import CiReferences
from mlops_maturity.scan.ci_yaml import DefinitionTooLarge
from mlops_maturity.scan.code_text import masked_text
from mlops_maturity.scan.detect import CompiledSignal, Matcher, glob_regex, line_at, make_finding
from mlops_maturity.scan.notebooks import UnreadableNotebook
from mlops_maturity.scan.patterns import Pattern, compile_lines
from mlops_maturity.scan.propose import scan_result
from mlops_maturity.scan.result import CiDefinition, FileCounts, Finding, ScanResult, Unreadable
from mlops_maturity.scan.walk import WalkCounts, shown_path, walk
from mlops_maturity.scan.workflows import UnreadableWorkflow

MAX_FILE_BYTES = 1024 * 1024
"""Files larger than this (1 MiB) are skipped and counted: generated data, not configuration."""

_BINARY_PROBE = 8192
_MAX_TAGS = 10_000


def scan_folder(
    folder: Path,
    catalogue: Catalogue,
    questionnaires: QuestionnaireSet,
    *,
    max_file_bytes: int = MAX_FILE_BYTES,
    walked_one: Callable[[int], None] | None = None,
) -> ScanResult:
    """Scan a folder: nothing in it is written or executed, no link is followed out of it.

    `walked_one(1)` is called for each file walked (a progress display counts them).

    A file or folder inside that cannot be read is counted with why (`FileCounts.unreadable_*`),
    and the scan goes on.

    Raises:
        InputFileError: the folder does not exist, is not a folder, or cannot be listed.
    """
    shown = printable(shown_path(str(folder)))
    if not folder.exists():
        raise InputFileError.at(Problem(shown, message="no such folder (expected a repository to scan)"))
    if not folder.is_dir():
        raise InputFileError.at(Problem(shown, message="is not a folder (expected a repository to scan)"))
    try:
        os.scandir(folder).close()
    except OSError as error:
        raise InputFileError.at(Problem(shown, message=f"cannot list the folder: {error.strerror or error}")) from error
    matcher = Matcher(catalogue)
    ci = CiFacts(catalogue, RepositoryFiles(str(folder), max_file_bytes))
    references = CiReferences(catalogue)
    ci_files: list[tuple[str, CiDefinitionFiles]] = []
    walked = WalkCounts()
    findings: list[Finding] = []
    unreadable: list[Unreadable] = []
    read = binary = too_large = 0
    for relative, absolute in walk(str(folder), walked):
        if walked_one is not None:
            walked_one(1)
        signals = matcher.signals_for(relative)
        ci_kinds = [] if signals.prose else ci.kinds_for(relative, is_test=signals.test)
        if not signals.signals and not ci_kinds:
            continue
        raw = _read(absolute, max_file_bytes)
        if isinstance(raw, _TooLarge):
            too_large += 1
            continue
        if isinstance(raw, str):
            unreadable.append(_unreadable(relative, raw))
            continue
        if b"\0" in raw[:_BINARY_PROBE]:
            binary += 1
            continue
        text = raw.decode("utf-8", "replace")
        ci_kind = ci.definition_kind(ci_kinds, _code_for_kinds(relative, text, ci_kinds)) if ci_kinds else None
        references.note(relative, text)
        if ci_kind is not None:
            ci_files.append((relative, ci_kind))
            ci.files.read_texts[relative] = text
        try:
            found = matcher.findings_in(relative, shown_path(relative), text, signals) if signals.signals else []
        except (UnreadableWorkflow, UnreadableNotebook) as refused:
            unreadable.append(_unreadable(relative, refused.why))
            ci.files.read_texts[relative] = None
            continue
        read += 1
        findings += found
    findings += _git_findings(folder, matcher.git_signals, max_file_bytes)
    definitions = _ci_definitions(ci, ci_files, unreadable, references)
    findings = agreeing_with_facts(findings, matcher.signals, definitions, ci.lines_run, ci.files.read_texts, catalogue)
    findings += ci_findings(definitions, matcher.ci_signals)
    findings = _one_per_place(_run_by_ci(findings, catalogue, ci.named_test_files))
    findings = _outside_course(findings, catalogue, ci.run_folders)
    counts = FileCounts(
        files=walked.files,
        read=read,
        ignored=walked.ignored,
        symlinks=walked.symlinks,
        binary=binary,
        too_large=too_large,
        max_file_bytes=max_file_bytes,
        skipped_folders=tuple(printable(shown_path(path)) for path in walked.skipped_folders),
        unreadable_files=tuple(
            sorted(
                [*unreadable, *(_unreadable(path, why) for path, why in walked.unreadable_files)],
                key=lambda item: item.path,
            )
        ),
        unreadable_folders=tuple(_unreadable(path, why) for path, why in walked.unreadable_folders),
    )
    return scan_result(shown, counts, findings, catalogue, questionnaires, tuple(definitions))


def _ci_definitions(
    ci: CiFacts, ci_files: list[tuple[str, CiDefinitionFiles]], unreadable: list[Unreadable], references: CiReferences
) -> list[CiDefinition]:
    """The facts of each CI definition that could be read, and of those other configuration names, in path order.

    A definition too large to read is unreadable.
    """
    known = {relative for relative, _ in ci_files}
    named = [(reference.path, reference.kind) for reference in references.found.values() if reference.path not in known]
    definitions = []
    for relative, kind in sorted([*ci_files, *named], key=lambda item: item[0]):
        text = ci.files.text(relative)
        if text is None:
            continue
        reference = references.found.get(relative)
        try:
            facts = ci.facts(relative, printable(shown_path(relative)), kind, text)
        except DefinitionTooLarge as refused:
            if all(item.path != printable(shown_path(relative)) for item in unreadable):
                unreadable.append(_unreadable(relative, refused.why))
            continue
        if reference is not None and reference.triggers and facts.on_change is None:
            facts = replace(facts, triggers=reference.triggers, on_change=True, automatic=True)
        definitions.append(facts)
    return definitions


def _outside_course(findings: list[Finding], catalogue: Catalogue, run_folders: set[str]) -> list[Finding]:
    """Findings in course modules (`course` globs) left out, but in the folders a CI definition runs commands in."""
    if not catalogue.course:
        return findings
    course = re.compile("|".join(f"(?:{glob_regex(glob)})" for glob in catalogue.course), re.IGNORECASE)
    return [
        finding
        for finding in findings
        if not course.fullmatch(finding.path)
        or any(finding.path.startswith(folder.rstrip("/") + "/") for folder in run_folders)
    ]


def _one_per_place(findings: list[Finding]) -> list[Finding]:
    """A detector's findings, one per place (two signals of one detector can find the same line): active first."""
    kept: dict[tuple[str, str, int], Finding] = {}
    for finding in sorted(findings, key=lambda finding: finding.inactive is not None):
        kept.setdefault((finding.detector, finding.path, finding.line), finding)
    return list(kept.values())


def _run_by_ci(findings: list[Finding], catalogue: Catalogue, named: set[str]) -> list[Finding]:
    """Findings inactive by a rule that does not hold for files CI names (`unless_ci_names_file`) made active."""
    if not named:
        return findings
    lifted = {
        (detector.id, rule.reason)
        for detector in catalogue.detectors
        for signal in detector.signals
        for rule in signal.inactive_if
        if rule.unless_ci_names_file
    }
    return [
        replace(finding, inactive=None)
        if (finding.detector, finding.inactive) in lifted and finding.path in named
        else finding
        for finding in findings
    ]


def _unreadable(path: str, why: str) -> Unreadable:
    return Unreadable(printable(shown_path(path)), printable(why))


class _TooLarge:
    """`_read`'s answer for a file over the size limit."""


_TOO_LARGE = _TooLarge()


def _read(path: str, max_bytes: int) -> bytes | str | _TooLarge:
    """The file's bytes; `_TOO_LARGE` when over `max_bytes`; why, when it cannot be read (or is no longer a file).

    NOTE: `os.read` of the size the file has, not a buffered `read(max_bytes + 1)`, which
    allocates a 1 MiB buffer per file: 60 µs each, 12 s of a 200,000-file scan.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0))
    except OSError as error:
        return error.strerror or type(error).__name__
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            return "no longer a regular file"
        if status.st_size > max_bytes:
            return _TOO_LARGE
        wanted = status.st_size + 1
        chunks = [os.read(descriptor, wanted)]
        size = len(chunks[0])
        while len(chunks[-1]) == wanted and size <= max_bytes:  # it grew while read: up to the limit
            wanted = max_bytes + 1 - size
            chunks.append(os.read(descriptor, wanted))
            size += len(chunks[-1])
    except OSError as error:
        return error.strerror or type(error).__name__
    finally:
        os.close(descriptor)
    return b"".join(chunks) if size <= max_bytes else _TOO_LARGE


def _git_findings(folder: Path, signals: list[CompiledSignal], max_bytes: int) -> list[Finding]:
    """git_config and git_tags signals, reading `.git` as files (no git command is run)."""
    git = folder / ".git"
    if not signals or git.is_symlink() or not git.is_dir():
        return []
    found: list[Finding] = []
    config = _read(str(git / "config"), max_bytes)
    config_text = config.decode("utf-8", "replace") if isinstance(config, bytes) else ""
    tags = _tags(git, max_bytes)
    for compiled in signals:
        for pattern in compiled.signal.git_config:
            match = next(iter(_patterns(pattern).finditer(config_text)), None)
            if match is not None:
                line = line_at(config_text, match.start())
                excerpt = config_text.splitlines()[line - 1]
                found.append(make_finding(compiled, ".git/config", line, excerpt, None))
                break
        for pattern in compiled.signal.git_tags:
            matching = [(tag, where, line) for tag, where, line in tags if _patterns(pattern).search(tag)]
            if matching:
                tag, where, line = matching[0]
                excerpt = tag if len(matching) == 1 else f"{tag} (and {len(matching) - 1} more tags)"
                found.append(make_finding(compiled, where, line, excerpt, None))
                break
    return found


def _patterns(pattern: str) -> Pattern:
    return compile_lines(pattern)


def _tags(git: Path, max_bytes: int) -> list[tuple[str, str, int]]:
    """(tag name, file shown as evidence, line) from .git/packed-refs and .git/refs/tags."""
    tags: list[tuple[str, str, int]] = []
    packed = _read(str(git / "packed-refs"), max_bytes)
    if isinstance(packed, bytes):
        for number, line in enumerate(packed.decode("utf-8", "replace").splitlines(), start=1):
            parts = line.split(" ", 1)
            if len(parts) == 2 and parts[1].startswith("refs/tags/"):
                tags.append((parts[1].removeprefix("refs/tags/"), ".git/packed-refs", number))
    loose = git / "refs" / "tags"
    # A link at either step could lead out of the repository: its files would be read as tags.
    if loose.is_dir() and not (git / "refs").is_symlink() and not loose.is_symlink():
        for directory, folders, files in os.walk(loose):  # os.walk does not follow links by default
            folders.sort()
            for name in sorted(files):
                tag = Path(directory, name).relative_to(loose).as_posix()
                tags.append((shown_path(tag), f".git/refs/tags/{shown_path(tag)}", 1))
                if len(tags) >= _MAX_TAGS:
                    return tags
    return tags


def _code_for_kinds(path: str, text: str, kinds: list[tuple[CiDefinitionFiles, tuple[Pattern, ...]]]) -> str:
    """The text a CI definition's content patterns are matched in: its code, comments blanked (a
    pipeline in a block comment is no pipeline); the text itself when no kind looks inside."""
    if not any(contains for _, contains in kinds):
        return text
    try:
        return masked_text(path, text)
    except UnreadableWorkflow:
        return text
