"""lint's rules, one module each; and what they check that steps and versions declare:
prerequisites, safeguards and migrations."""

from __future__ import annotations

import importlib
import pkgutil
import shutil
from pathlib import Path
from typing import Any

import yaml

from mlops_maturity.questionnaire import rules
from mlops_maturity.questionnaire.folder import check_folder

from ..conftest import MINI


def _folder(tmp_path: Path, change: Any) -> Path:
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    bank = yaml.safe_load((folder / "questions.yaml").read_text(encoding="utf-8"))
    change(bank)
    (folder / "questions.yaml").write_text(yaml.safe_dump(bank, sort_keys=False), encoding="utf-8")
    return folder


def _messages(folder: Path) -> list[str]:
    _, problems = check_folder(folder)
    return [str(problem) for problem in problems]


def _steps(bank: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {step["id"]: step for step in bank["steps"]}


def test_every_rule_module_is_listed_once_with_its_id_and_doc() -> None:
    names = [name for _, name, _ in pkgutil.iter_modules(rules.__path__) if name != "folder_view"]
    modules = [importlib.import_module(f"{rules.__name__}.{name}") for name in names]
    assert [module.__name__ for module in modules if module not in rules.RULES] == []  # unlisted, it never runs
    assert len(rules.RULES) == len(modules)
    ids = [rule.ID for rule in rules.RULES]
    assert len(set(ids)) == len(ids)
    assert all(rule.__doc__ for rule in rules.RULES)


def test_valid_declarations_pass(tmp_path: Path) -> None:
    def change(bank: dict[str, Any]) -> None:
        _steps(bank)["features"]["after"] = ["automate"]
        _steps(bank)["track"]["safeguards"] = {"auto_deploy": "mostly"}
        bank["version"] = "test-2"
        bank["migrations"] = [
            {"from_version": "test-1", "to_version": "test-2", "questions": {"old_tracking": {"becomes": ["tracking"]}}}
        ]

    assert _messages(_folder(tmp_path, change)) == []


def test_unknown_prerequisites_and_cycles_are_problems(tmp_path: Path) -> None:
    def change(bank: dict[str, Any]) -> None:
        steps = _steps(bank)
        steps["features"]["after"] = ["automate", "no_such_step"]
        steps["automate"]["after"] = ["features"]
        steps["track"]["after"] = ["track"]

    found = " | ".join(_messages(_folder(tmp_path, change)))
    assert "unknown step id 'no_such_step'" in found
    assert "a step cannot come after itself" in found
    assert "form a cycle" in found


def test_conditional_prerequisites_name_known_steps_questions_and_answers(tmp_path: Path) -> None:
    def change(bank: dict[str, Any]) -> None:
        steps = _steps(bank)
        steps["features"]["after_when"] = {"automate": {"pipeline": "n/a"}, "no_such_step": {"pipline": "sometimes"}}
        steps["automate"]["after_when"] = {"features": {"pipeline": "no"}}
        steps["track"]["after_when"] = {"use_git": {}}

    found = " | ".join(_messages(_folder(tmp_path, change)))
    assert "after_when.use_git: a condition names no answer; list the step in `after` instead" in found
    assert "steps.3.after_when.no_such_step: unknown step id 'no_such_step'" in found
    assert "after_when.no_such_step.pipline: unknown question id; did you mean 'pipeline'?" in found
    assert "'sometimes' is not on the scale (expected one of: no, partially, mostly, fully, n/a)" in found
    assert "form a cycle: automate -> features -> automate" in found
    assert "'n/a' is not on the scale" not in found  # a condition may name n/a


def test_safeguards_name_known_questions_and_answers_on_the_scale(tmp_path: Path) -> None:
    def change(bank: dict[str, Any]) -> None:
        _steps(bank)["track"]["safeguards"] = {"auto_deply": "mostly", "pipeline": "always"}

    found = " | ".join(_messages(_folder(tmp_path, change)))
    assert "steps.1.safeguards.auto_deply: unknown question id; did you mean 'auto_deploy'?" in found
    assert "'always' is not on the scale" in found


def test_migrations_must_chain_to_this_version_and_name_its_questions(tmp_path: Path) -> None:
    def change(bank: dict[str, Any]) -> None:
        bank["version"] = "test-3"
        bank["migrations"] = [
            {"from_version": "test-1", "to_version": "test-9", "questions": {}},
            {
                "from_version": "test-2",
                "to_version": "test-3",
                "questions": {"old": {"becomes": ["trackng"], "answers": {"mostly": "sometimes"}}},
                "added": ["brand_new"],
            },
        ]

    found = " | ".join(_messages(_folder(tmp_path, change)))
    assert "migrations.0.to_version: 'test-9' should be 'test-2'" in found
    assert "migrations.1.questions.old.becomes.0: unknown question id 'trackng'" in found
    assert "migrations.1.questions.old.answers.mostly: 'sometimes' is not on the scale" in found
    assert "migrations.1.added.0: unknown question id 'brand_new'" in found
