"""An answers file's own history, read from git: the file as it was at each commit that changed it.

Read only: `git log` and `git cat-file`, no network, nothing written. Renames are followed.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from mlops_maturity.errors import InputFileError, Problem
from mlops_maturity.messages import _

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
    """An answers file's commits in git, oldest first; `versions` reads the file at each."""

    top: Path
    """The repository's top folder."""
    shown: str
    commits: tuple[tuple[str, str, str, str], ...]
    """(commit, date, subject, path at that commit), oldest first."""
    truncated: bool
    """Only the newest `MAX_VERSIONS` commits are read: older versions are left out."""

    def versions(self) -> Iterator[FileVersion]:
        """The file at each commit, oldest first, read one at a time from one `git cat-file
        --batch` (not a `git show` per commit, nor every version in memory at once); a commit
        that deleted the file is left out."""
        objects = [f"{commit}:{name}" for commit, _date, _subject, name in self.commits]
        texts = _contents(self.top, objects, self.shown)
        for (commit, date, subject, name), text in zip(self.commits, texts, strict=False):
            if text is not None:
                yield FileVersion(commit=commit, date=date, subject=subject, path=name, text=text)


def _git(arguments: list[str], folder: Path, shown: str) -> str:
    git = shutil.which("git")
    if git is None:
        raise InputFileError.at(
            Problem(shown, message=_("git is not installed; history reads the file's versions from git"))
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
        raise InputFileError.at(
            Problem(shown, message=_("git {command} failed: {detail}").format(command=arguments[0], detail=detail))
        )
    return completed.stdout


def file_versions(path: Path) -> FileHistory:
    """The file's versions, oldest first (the newest `MAX_VERSIONS` at most).

    Raises:
        InputFileError: git is missing, the file is not in a git repository, or git has no
            commit of it.
    """
    shown = str(path)
    if not path.is_file():
        raise InputFileError.at(
            Problem(shown, message=_("no such file (expected an answers file in a git repository)"))
        )
    folder = path.resolve().parent
    if shutil.which("git") is None:
        raise InputFileError.at(
            Problem(shown, message=_("git is not installed; history reads the file's versions from git"))
        )
    try:
        top = Path(_git(["rev-parse", "--show-toplevel"], folder, shown).strip())
    except InputFileError:
        raise InputFileError.at(Problem(shown, message=_("not inside a git repository"))) from None
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
        header, _separator, names = record.partition("\n")
        commit, date, subject = header.split("\x1f", 2)
        name = next((line for line in names.splitlines() if line.strip()), relative)
        commits.append((commit, date, subject, name))
    truncated = len(commits) > MAX_VERSIONS
    if not commits:
        raise InputFileError.at(Problem(shown, message=_("git has no commit of this file yet; commit it first")))
    return FileHistory(top=top, shown=shown, commits=tuple(reversed(commits[:MAX_VERSIONS])), truncated=truncated)


def _contents(top: Path, objects: list[str], shown: str) -> Iterator[str | None]:
    """Each `commit:path` object's text in turn (None where the commit has no such file)."""
    git = shutil.which("git")
    if git is None or not objects:
        return
    with tempfile.TemporaryFile() as names:
        names.write("".join(f"{name}\n" for name in objects).encode("utf-8", "surrogateescape"))
        names.seek(0)
        process = subprocess.Popen(
            [git, "-C", str(top), "cat-file", "--batch"],
            stdin=names,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        assert process.stdout is not None
        try:
            for _object in objects:
                line = process.stdout.readline()
                if not line:
                    raise InputFileError.at(
                        Problem(shown, message=_("git cat-file stopped before every version was read"))
                    )
                header = line.split()
                if len(header) != 3 or not header[2].isdigit():  # "<name> missing" (or ambiguous)
                    yield None
                    continue
                size = int(header[2])
                text = process.stdout.read(size).decode("utf-8", errors="replace")
                process.stdout.read(1)  # the newline after the content
                yield text
        finally:
            process.stdout.close()
            process.kill()
            process.wait()
