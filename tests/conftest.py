"""Shared fixtures: real questionnaires and answers files, and ways to run the real CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mlops_maturity.answers.model import AnswersFile
from mlops_maturity.questionnaire.folder import load_questionnaires
from mlops_maturity.questionnaire.model import QuestionnaireSet
from mlops_maturity.questionnaire.shipped import bundled_questionnaires_dir

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
MINI = DATA / "mini"
INVALID = DATA / "invalid"
EXAMPLES = ROOT / "examples"

# Rendering pinned once: fixed width, no colour, whatever terminal runs the tests.
PLAIN_ENV = {"NO_COLOR": "1", "COLUMNS": "100", "TERM": "dumb"}


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in PLAIN_ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("MLOPS_MATURITY_QUESTIONNAIRES", raising=False)
    # English unless a test chooses a language: a developer's own locale must not change the output.
    for name in ("MLOPS_MATURITY_LANG", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)


@pytest.fixture(scope="session")
def mini() -> QuestionnaireSet:
    return load_questionnaires(MINI)


@pytest.fixture(scope="session")
def shipped() -> QuestionnaireSet:
    return load_questionnaires(bundled_questionnaires_dir())


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def make_answers(version: str = "test-1", **answers: object) -> AnswersFile:
    return AnswersFile.model_validate(
        {"questionnaire_version": version, "team": "Team", "date": "2026-11-01", "answers": answers}
    )


def write_answers(path: Path, body: str) -> Path:
    path.write_text(body, encoding="utf-8")
    return path


CliRun = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def cli(tmp_path: Path) -> CliRun:
    """Run the installed entry point, `python -m mlops_maturity`, outside the repository."""

    def run(
        *args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None, input: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        environment = {**os.environ, **PLAIN_ENV, **(env or {})}
        return subprocess.run(
            [sys.executable, "-m", "mlops_maturity", *map(str, args)],
            cwd=cwd or tmp_path,
            env=environment,
            input=input if input is not None else "",
            capture_output=True,
            text=True,
            timeout=120,
        )

    return run
