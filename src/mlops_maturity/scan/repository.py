"""Scanning one folder: walk it, read each file a detector applies to once, gather the findings."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

from mlops_maturity.errors import InputFileError, Problem
from mlops_maturity.questionnaire.model import QuestionnaireSet
from mlops_maturity.safe_text import printable
from mlops_maturity.scan.catalogue import Catalogue
from mlops_maturity.scan.detect import CompiledSignal, Matcher, line_at, make_finding
from mlops_maturity.scan.patterns import Pattern, compile_lines
from mlops_maturity.scan.propose import scan_result
from mlops_maturity.scan.result import FileCounts, Finding, ScanResult, Unreadable
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
    walked = WalkCounts()
    findings: list[Finding] = []
    unreadable: list[Unreadable] = []
    read = binary = too_large = 0
    for relative, absolute in walk(str(folder), walked):
        if walked_one is not None:
            walked_one(1)
        signals = matcher.signals_for(relative)
        if not signals.signals:
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
        try:
            found = matcher.findings_in(relative, shown_path(relative), raw.decode("utf-8", "replace"), signals)
        except UnreadableWorkflow as refused:
            unreadable.append(_unreadable(relative, refused.why))
            continue
        read += 1
        findings += found
    findings += _git_findings(folder, matcher.git_signals, max_file_bytes)
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
    return scan_result(shown, counts, findings, catalogue, questionnaires)


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
    if loose.is_dir() and not loose.is_symlink():
        for directory, folders, files in os.walk(loose):  # os.walk does not follow links by default
            folders.sort()
            for name in sorted(files):
                tag = Path(directory, name).relative_to(loose).as_posix()
                tags.append((shown_path(tag), f".git/refs/tags/{shown_path(tag)}", 1))
                if len(tags) >= _MAX_TAGS:
                    return tags
    return tags
