"""An answers file's own history, read from git: the file as it was at each commit that changed it.

Read only: `git log` and `git cat-file`, no network, nothing written. Renames are followed.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from mlops_maturity.errors import InputFileError, Problem

MAX_VERSIONS = 500
"""Most versions read (the newest); an answers file changes a few times a year."""


@dataclass(frozen=True, slots=True)
class FileVersion:
    """The answers file at one commit."""

    commit: str
    date: str
    """The commit's date, ISO 8601."""
    subject: str
    path: str
    """The file's path in the repository at that commit (renames are followed)."""
    text: str


@dataclass(frozen=True, slots=True)
class FileHistory:
    """An answers file's versions in git, oldest first."""

    versions: list[FileVersion]
    truncated: bool
    """Only the newest `MAX_VERSIONS` commits were read: older versions are left out."""


def _git(arguments: list[str], folder: Path, shown: str) -> str:
    git = shutil.which("git")
    if git is None:
        raise InputFileError.at(
            Problem(shown, message="git is not installed; history reads the file's versions from git")
        )
    completed = subprocess.run(
        [git, "-C", str(folder), *arguments],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        check=False,
    )
    if completed.returncode != 0:
        detail = (
            completed.stderr.strip().splitlines()[-1] if completed.stderr.strip() else f"exit {completed.returncode}"
        )
        raise InputFileError.at(Problem(shown, message=f"git {arguments[0]} failed: {detail}"))
    return completed.stdout


def file_versions(path: Path) -> FileHistory:
    """The file's versions, oldest first (the newest `MAX_VERSIONS` at most).

    Raises:
        InputFileError: git is missing, the file is not in a git repository, or git has no
            commit of it.
    """
    shown = str(path)
    if not path.is_file():
        raise InputFileError.at(Problem(shown, message="no such file (expected an answers file in a git repository)"))
    folder = path.resolve().parent
    if shutil.which("git") is None:
        raise InputFileError.at(
            Problem(shown, message="git is not installed; history reads the file's versions from git")
        )
    try:
        top = Path(_git(["rev-parse", "--show-toplevel"], folder, shown).strip())
    except InputFileError:
        raise InputFileError.at(Problem(shown, message="not inside a git repository")) from None
    relative = path.resolve().relative_to(top.resolve()).as_posix()
    log = _git(
        [
            "log",
            "--follow",
            f"--max-count={MAX_VERSIONS + 1}",  # one more: to know whether any are left out
            "--format=%x1e%H%x1f%cI%x1f%s",
            "--name-only",
            "--",
            relative,
        ],
        top,
        shown,
    )
    commits = []
    for record in log.split("\x1e")[1:]:
        header, _, names = record.partition("\n")
        commit, date, subject = header.split("\x1f", 2)
        name = next((line for line in names.splitlines() if line.strip()), relative)
        commits.append((commit, date, subject, name))
    truncated = len(commits) > MAX_VERSIONS
    commits = commits[:MAX_VERSIONS]
    texts = _contents(top, [f"{commit}:{name}" for commit, _, _, name in commits], shown)
    versions = [
        FileVersion(commit=commit, date=date, subject=subject, path=name, text=text)
        for (commit, date, subject, name), text in zip(commits, texts, strict=True)
        if text is not None  # None: the commit deleted the file
    ]
    if not versions:
        raise InputFileError.at(Problem(shown, message="git has no commit of this file yet; commit it first"))
    return FileHistory(versions=list(reversed(versions)), truncated=truncated)


def _contents(top: Path, objects: list[str], shown: str) -> list[str | None]:
    """Each `commit:path` object's text (None where the commit has no such file), from one
    `git cat-file --batch` rather than a `git show` per commit."""
    git = shutil.which("git")
    if git is None or not objects:
        return [None] * len(objects)
    completed = subprocess.run(
        [git, "-C", str(top), "cat-file", "--batch"],
        input="".join(f"{name}\n" for name in objects).encode("utf-8", "surrogateescape"),
        capture_output=True,
        check=False,
    )
    if completed.returncode != 0:
        raise InputFileError.at(
            Problem(shown, message="git cat-file failed: " + completed.stderr.decode(errors="replace").strip())
        )
    output, position = completed.stdout, 0
    texts: list[str | None] = []
    for _ in objects:
        end = output.index(b"\n", position)
        header = output[position:end].split()
        position = end + 1
        if len(header) != 3 or not header[2].isdigit():  # "<name> missing" (or ambiguous)
            texts.append(None)
            continue
        size = int(header[2])
        texts.append(output[position : position + size].decode("utf-8", errors="replace"))
        position += size + 1  # the content, then a newline
    return texts
