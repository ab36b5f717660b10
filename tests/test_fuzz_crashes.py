"""Crashes the structure-aware fuzz run (`benchmarks/fuzz.py`) found: each is a clear error or
a result now, never exit 3 (issue 19)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import EXAMPLES, MINI, CliRun

EXAMPLE = EXAMPLES / "fraud-platform.yaml"


def _no_crash(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode in (0, 1, 2), result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("pattern", ["!", "\\", "[[:alpha:]]*", "[[:alp\udcf4ha:]]*"])
def test_scan_leaves_out_a_gitignore_line_it_cannot_read(cli: CliRun, tmp_path: Path, pattern: str) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / ".gitignore").write_bytes(f"{pattern}\n*.log\n".encode("utf-8", "surrogateescape"))
    (repo / "debug.log").write_text("x\n", encoding="utf-8")
    (repo / os.fsdecode(b"\xff\xfe.py")).write_text("import mlflow\n", encoding="utf-8")
    result = cli("scan", repo, "--format", "json")
    _no_crash(result)
    assert result.returncode == 0
    assert "Warning" not in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("report", EXAMPLE, "-o", "loop.md"),
        ("report", EXAMPLE, "--previous", "loop.md", "-o", "out.md"),
        ("combine", EXAMPLE, EXAMPLE, "-o", "loop.md"),
        ("migrate", EXAMPLE, "-o", "loop.md"),
        ("template", "-o", "loop.md"),
    ],
)
def test_a_loop_of_links_as_a_path_is_a_clear_error(cli: CliRun, tmp_path: Path, args: tuple[object, ...]) -> None:
    (tmp_path / "loop.md").symlink_to("loop.md")
    result = cli(*args, cwd=tmp_path)
    _no_crash(result)
    assert result.returncode == 2
    assert "loop.md" in result.stderr


@pytest.mark.parametrize(
    "template",
    [
        "{% for k in assessment.models %}{% set _ = assessment.models.update({k ~ 'x': 1}) %}{% endfor %}",
        "{% for a in [1] %}" * 25 + "x" + "{% endfor %}" * 25,
        "{% if true %}" * 110 + "x" + "{% endif %}" * 110,
    ],
    ids=["dict changed while looping", "25 nested loops", "110 nested ifs"],
)
def test_a_template_python_cannot_run_is_a_template_error(cli: CliRun, tmp_path: Path, template: str) -> None:
    (tmp_path / "mine.md.j2").write_text(template, encoding="utf-8")
    result = cli("report", EXAMPLE, "--template", tmp_path / "mine.md.j2", "-o", tmp_path / "out.md")
    _no_crash(result)
    assert result.returncode == 2
    assert "mine.md.j2" in result.stderr


def test_migrations_that_are_not_mappings_are_reported(cli: CliRun, tmp_path: Path) -> None:
    folder = tmp_path / "q"
    shutil.copytree(MINI, folder)
    bank = folder / "questions.yaml"
    bank.write_text(bank.read_text(encoding="utf-8") + "migrations:\n- x\n", encoding="utf-8")
    result = cli("lint", folder)
    _no_crash(result)
    assert result.returncode == 2
    assert "migrations" in result.stdout + result.stderr


def test_a_respondents_answer_off_the_scale_is_refused_with_its_line(cli: CliRun, tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(
        "questionnaire_version: '2027.01'\nteam: T\ndate: 2026-11-12\nanswers:\n"
        "  automated_data_pipeline:\n    responses:\n      - answer: fullyy\n",
        encoding="utf-8",
    )
    for args in (("score", path), ("report", path, "-o", tmp_path / "r.md")):
        result = cli(*args)
        _no_crash(result)
        assert result.returncode == 2
        assert "answers.yaml:7: answers.automated_data_pipeline.responses.0.answer: 'fullyy' is not an answer" in (
            result.stderr
        )


def test_a_template_nested_too_deep_is_refused_before_it_is_compiled(cli: CliRun, tmp_path: Path) -> None:
    # jinja2 took 18 s to generate code for a chain of 300 filters, which Python then refused.
    (tmp_path / "mine.md.j2").write_text("{{ 1" + " | abs" * 300 + " }}", encoding="utf-8")
    result = cli("report", EXAMPLE, "--template", tmp_path / "mine.md.j2", "-o", tmp_path / "out.md")
    _no_crash(result)
    assert result.returncode == 2
    assert "mine.md.j2:1: template syntax error: nested 303 deep" in result.stderr
