"""Progress for long work: shown to a person at a terminal, never in piped or CI output."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pexpect

from ..conftest import EXAMPLES, CliRun

FILES = 1500
"""Enough files for a portfolio to take longer than the delay before a bar (one second)."""


def _teams(folder: Path) -> Path:
    folder.mkdir()
    # Without the example's entity, each copy is a team of its own.
    source = "\n".join(
        line
        for line in (EXAMPLES / "fraud-platform.yaml").read_text(encoding="utf-8").split("\n")
        if not line.startswith("entity:")
    )
    for index in range(FILES):
        (folder / f"team-{index:04d}.yaml").write_text(
            source.replace("team: Card fraud detection (Payments risk)", f"team: Team {index}"), encoding="utf-8"
        )
    return folder


def _in_a_terminal(cwd: Path, *arguments: str, ci: bool = False) -> pexpect.spawn[str]:
    """The tool in a real pseudo-terminal, with `CI` set or not."""
    env = {key: value for key, value in os.environ.items() if key != "CI"}
    env.update(TERM="xterm", COLUMNS="100", LINES="24", **({"CI": "true"} if ci else {}))
    return pexpect.spawn(
        sys.executable,
        ["-m", "mlops_maturity", *arguments],
        cwd=str(cwd),
        env=env,
        dimensions=(24, 100),
        timeout=120,
        encoding="utf-8",
        codec_errors="replace",
    )


def _finished(child: pexpect.spawn[str]) -> int | None:
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus


def test_a_long_portfolio_shows_progress_in_a_terminal_and_none_when_piped(cli: CliRun, tmp_path: Path) -> None:
    teams = _teams(tmp_path / "teams")
    child = _in_a_terminal(tmp_path, "portfolio", str(teams), "--workers", "1", "--format", "json", "-o", "out.json")
    child.expect("Scoring answers files")
    assert _finished(child) == 0
    assert len(json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["teams"]) == FILES
    piped = cli("portfolio", teams, "--workers", "1", "--format", "json", env={"CI": ""})
    assert piped.returncode == 0
    assert piped.stderr == ""  # no bar, no escape sequence, in captured output


def test_ci_shows_no_progress_even_in_a_terminal(tmp_path: Path) -> None:
    teams = _teams(tmp_path / "teams")
    child = _in_a_terminal(
        tmp_path, "portfolio", str(teams), "--workers", "1", "--format", "json", "-o", "out.json", ci=True
    )
    assert _finished(child) == 0
    assert "Scoring answers files" not in (child.before or "")


def test_a_long_scan_counts_its_files_in_a_terminal(tmp_path: Path) -> None:
    repository = tmp_path / "repository"
    body = "import mlflow\nimport pandas as pd\n\nmlflow.log_metric('rows', len(pd.read_csv('x.csv')))\n" * 40
    for index in range(12000):  # read and matched by the detectors: several seconds of work
        folder = repository / f"package{index // 500}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"module{index}.py").write_text(body, encoding="utf-8")
    child = _in_a_terminal(tmp_path, "scan", str(repository), "--format", "json", "-o", "draft.json")
    child.expect("Scanning files")
    assert _finished(child) == 0
