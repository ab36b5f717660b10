"""`mlops-maturity models` on a narrow terminal: the questionnaires' folder is printed whole, never cut."""

from __future__ import annotations

import shutil
from pathlib import Path

from ..conftest import ROOT, CliRun


def test_a_long_questionnaire_path_is_never_split_at_60_columns(cli: CliRun, tmp_path: Path) -> None:
    folder = tmp_path / "the organisation-wide questionnaires-for-every-machine-learning-team"
    shutil.copytree(ROOT / "questionnaires", folder)
    done = cli("models", "--questionnaires", folder, env={"COLUMNS": "60"})
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert str(folder) in lines, lines[:4]  # on a line of its own, to copy
    # No other line holds a piece of it: the path is not wrapped anywhere.
    assert not [line for line in lines if "machine-learning-team" in line and line != str(folder)]
    # The rest still fits the terminal (the source addresses are also kept whole, by design).
    assert all(len(line) <= 60 for line in lines if "/" not in line), lines
