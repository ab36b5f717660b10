"""An answers file's own history, read from git: the file as it was at each commit that changed it.

Read only: `git log` and `git show`, no network, nothing written. Renames are followed.
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


def file_versions(path: Path) -> list[FileVersion]:
    """The file's versions, oldest first.

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
            f"--max-count={MAX_VERSIONS}",
            "--format=%x1e%H%x1f%cI%x1f%s",
            "--name-only",
            "--",
            relative,
        ],
        top,
        shown,
    )
    versions = []
    for record in log.split("\x1e")[1:]:
        header, _, names = record.partition("\n")
        commit, date, subject = header.split("\x1f", 2)
        name = next((line for line in names.splitlines() if line.strip()), relative)
        try:
            text = _git(["show", f"{commit}:{name}"], top, shown)
        except InputFileError:
            continue  # the commit deleted the file
        versions.append(FileVersion(commit=commit, date=date, subject=subject, path=name, text=text))
    if not versions:
        raise InputFileError.at(Problem(shown, message="git has no commit of this file yet; commit it first"))
    return list(reversed(versions))
