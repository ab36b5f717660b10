"""Questionnaire folders go through the answers files' reader: the same refusals, with lines,
and checks that stay linear in the size of the folder."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from mlops_maturity.questionnaire.folder import check_folder
from mlops_maturity.questionnaire.rules import cross_check
from mlops_maturity.yaml_document import parse_yaml

from ..conftest import MINI, CliRun


def copy_of_mini(tmp_path: Path) -> Path:
    folder = tmp_path / "questionnaires"
    shutil.copytree(MINI, folder)
    return folder


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('version: "test-1"', "version: !!int abc", "questions.yaml:2: version: the tag '!!int' is not accepted"),
        ('version: "test-1"', "version: " + "1" * 5000, "questions.yaml:2: version: a number of 5000 characters"),
        ("title: Mini questionnaire", "<<: {title: Mini}", "questions.yaml:3: merge keys (<<) are not supported"),
    ],
)
def test_lint_reports_what_the_reader_refuses_with_file_and_line(
    cli: CliRun, tmp_path: Path, old: str, new: str, expected: str
) -> None:
    folder = copy_of_mini(tmp_path)
    bank = folder / "questions.yaml"
    bank.write_text(bank.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    result = cli("lint", folder)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert expected in result.stdout + result.stderr  # lint lists the problems on stdout


def test_a_date_like_text_in_a_questionnaire_is_text(tmp_path: Path) -> None:
    folder = copy_of_mini(tmp_path)
    model = folder / "alpha.yaml"
    model.write_text(model.read_text(encoding="utf-8").replace('version: "1"', "version: 2026-02-30"))
    questionnaires, problems = check_folder(folder)
    assert problems == []
    assert questionnaires is not None and questionnaires.model("alpha").source.version == "2026-02-30"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_in_a_questionnaire_folder_is_refused_without_blocking(tmp_path: Path) -> None:
    folder = copy_of_mini(tmp_path)
    (folder / "beta.yaml").unlink()
    os.mkfifo(folder / "beta.yaml")
    _, problems = check_folder(folder)
    assert [problem.message for problem in problems if problem.file.endswith("beta.yaml")] == [
        "is a FIFO (named pipe), not a regular file (expected a questionnaire file)"
    ]


def shared_step_folder(count: int, *, missing: int | None = None) -> tuple[object, list[object]]:
    """`count` questions, each required by its own criterion, all sharing one step."""
    done_when = ", ".join(f"q{i}: mostly" for i in range(count) if i != missing)
    bank = parse_yaml(
        'version: "x"\nscale: [{value: "no"}, {value: mostly}]\n'
        f"questions: [{', '.join(f'{{id: q{i}}}' for i in range(count))}]\n"
        f"steps: [{{id: s, done_when: {{{done_when}}}}}]\n",
        "questions.yaml",
    )
    criteria = ", ".join(f"{{id: c{i}, requires: {{q{i}: mostly}}, next_steps: [s]}}" for i in range(count))
    model = parse_yaml(f"id: m\nlevels: [{{number: 0}}, {{number: 1, criteria: [{criteria}]}}]\n", "m.yaml")
    return bank, [model]


def test_a_step_shared_by_every_criterion_is_checked_for_each_of_them() -> None:
    bank, models = shared_step_folder(500)
    assert cross_check(bank, models) == []  # type: ignore[arg-type]
    bank, models = shared_step_folder(500, missing=321)
    problems = cross_check(bank, models)  # type: ignore[arg-type]
    assert [(problem.file, problem.key) for problem in problems] == [("m.yaml", "levels.1.criteria.321.next_steps")]
    assert "no step stays to do until 'q321' is at least 'mostly'" in problems[0].message


def test_did_you_mean_is_spent_on_the_first_unknown_ids_only() -> None:
    bank, models = shared_step_folder(50)
    wrong = parse_yaml(
        "id: w\nlevels: [{number: 0}, {number: 1, criteria: ["
        + ", ".join(f"{{id: w{i}, requires: {{q{i}x: mostly}}, next_steps: [s]}}" for i in range(50))
        + ", {id: w99, requires: {q1x: mostly}, next_steps: [t]}]}]\n",
        "w.yaml",
    )
    problems = cross_check(bank, [*models, wrong])  # type: ignore[arg-type, list-item]
    unknown = [problem for problem in problems if problem.message == "unknown question id"]
    assert len(unknown) == 51
    assert unknown[0].hint == "did you mean 'q0'?"
    assert unknown[-1].hint is None  # past the budget: counted, not suggested
