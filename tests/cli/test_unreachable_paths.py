"""Paths the system refuses on the way (a folder nobody may enter) and entries that are not
files (a pipe, a broken link) are clear errors or listed as unread: never a crash, never skipped."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from ..conftest import EXAMPLES, PLAIN_ENV, CliRun

SETPRIV = shutil.which("setpriv")


@pytest.fixture
def as_nobody() -> Iterator[tuple[Path, CliRun]]:
    """A world-writable folder holding a folder nobody may enter, and the CLI run as `nobody`
    there (the only way to be refused a folder when the tests run as root)."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or SETPRIV is None:
        pytest.skip("needs root and setpriv, to run the tool as another user")
    folder = Path(tempfile.mkdtemp(prefix="mlops-maturity-nobody-"))
    folder.chmod(0o777)
    (folder / "locked").mkdir(mode=0o000)
    (folder / "locked").chmod(0o000)
    shutil.copy(EXAMPLES / "fraud-platform.yaml", folder / "answers.yaml")
    (folder / "answers.yaml").chmod(0o644)

    def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
        command = [SETPRIV or "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable]
        return subprocess.run(
            [*command, "-m", "mlops_maturity", *map(str, args)],
            cwd=folder,
            env={**os.environ, **PLAIN_ENV, "HOME": str(folder)},
            input="",
            capture_output=True,
            text=True,
            timeout=120,
        )

    if run("--version").returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        pytest.skip("the installed tool is not readable by another user here")
    yield folder, run
    (folder / "locked").chmod(0o755)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.parametrize(
    "args",
    [
        ("report", "answers.yaml", "-o", "locked/report.md"),
        ("report", "answers.yaml", "--template", "locked/mine.md.j2"),
        ("history", "locked/answers.yaml"),
        ("score", "answers.yaml", "--questionnaires", "locked/questionnaires"),
        ("template", "-o", "locked/answers.yaml"),
        ("migrate", "answers.yaml", "-o", "locked/answers.yaml"),
        ("combine", "answers.yaml", "answers.yaml", "-o", "locked/team.yaml"),
        ("portfolio", "locked/*.yaml"),
    ],
)
def test_a_path_in_a_folder_nobody_may_enter_is_a_clear_error(
    as_nobody: tuple[Path, CliRun], args: tuple[str, ...]
) -> None:
    _, run = as_nobody
    result = run(*args)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "locked/" in result.stderr and "permission denied" in result.stderr


def test_portfolio_lists_a_folder_it_cannot_enter_as_unread(as_nobody: tuple[Path, CliRun]) -> None:
    folder, run = as_nobody
    result = run("portfolio", folder)
    assert result.returncode == 2, result.stderr
    assert "locked: permission denied" in result.stderr
    assert "1 teams" in result.stdout


def test_portfolio_lists_pipes_and_broken_links_as_unread(cli: CliRun, tmp_path: Path) -> None:
    teams = tmp_path / "teams"
    teams.mkdir()
    shutil.copy(EXAMPLES / "fraud-platform.yaml", teams / "fraud.yaml")
    os.mkfifo(teams / "pipe.yaml")
    (teams / "broken.yaml").symlink_to(tmp_path / "gone.yaml")
    result = cli("portfolio", teams)
    assert result.returncode == 2, result.stderr
    assert "pipe.yaml: is a FIFO (named pipe), not a regular file" in result.stderr
    assert "broken.yaml: no such file" in result.stderr
    assert "2 file(s) could not be read" in result.stdout


def test_portfolio_caps_its_workers(cli: CliRun) -> None:
    result = cli("portfolio", EXAMPLES, "--workers", "100000")
    assert result.returncode == 2
    assert "less than or equal to 64" in result.stderr
