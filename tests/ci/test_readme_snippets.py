"""The README's pipeline snippets: they name real inputs, variables and hooks, and their commands run."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from ..conftest import EXAMPLES, PLAIN_ENV, ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
SECTION = README[README.index("### In a pipeline") : README.index("## Commands")]
YAML_BLOCKS: list[Any] = [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", SECTION, re.DOTALL)]
SH_COMMANDS = re.findall(r"```sh\n(mlops-maturity [^\n]+)\n```", SECTION)


def test_no_snippet_installs_from_a_package_index() -> None:
    assert not re.search(r"pip install\s+['\"]?mlops-maturity", README)
    assert "pip install git+" not in README


def test_the_action_snippet_uses_the_actions_inputs_and_outputs() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    (workflow,) = [block for block in YAML_BLOCKS if "jobs" in block]
    steps = workflow["jobs"]["mlops-maturity"]["steps"]
    (use,) = [step for step in steps if step.get("id") == "maturity"]
    assert set(use["with"]) <= set(action["inputs"])
    used_outputs = set(re.findall(r"steps\.maturity\.outputs\.([\w-]+)", SECTION))
    assert used_outputs and used_outputs <= set(action["outputs"])
    documented = set(re.findall(r"`([\w-]+)`", SECTION[SECTION.index("Inputs:") : SECTION.index("Without the action")]))
    assert set(action["inputs"]) | set(action["outputs"]) <= documented


def test_the_action_snippet_and_inputs_ask_for_the_whole_history() -> None:
    # A shallow checkout (actions/checkout's default) holds one commit: no levels over time.
    (workflow,) = [block for block in YAML_BLOCKS if "jobs" in block]
    steps = workflow["jobs"]["mlops-maturity"]["steps"]
    (checkout,) = [step for step in steps if str(step.get("uses", "")).startswith("actions/checkout@")]
    assert checkout["with"]["fetch-depth"] == 0
    assert "check out with `fetch-depth: 0`" in SECTION
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert "`actions/checkout` and `fetch-depth: 0`" in action["inputs"]["report"]["description"]


def test_the_gitlab_snippet_extends_the_template_with_its_variables() -> None:
    template = yaml.safe_load((ROOT / "ci/gitlab/mlops-maturity.gitlab-ci.yml").read_text(encoding="utf-8"))
    (pipeline,) = [block for block in YAML_BLOCKS if "include" in block]
    assert pipeline["include"][0]["local"].endswith("/ci/gitlab/mlops-maturity.gitlab-ci.yml")
    job = pipeline["mlops-maturity"]
    assert job["extends"] in template
    assert set(job["variables"]) <= set(template[job["extends"]]["variables"])


def test_the_pre_commit_snippet_is_a_valid_local_hook() -> None:
    (config,) = [block for block in YAML_BLOCKS if "repos" in block]
    (hook,) = config["repos"][0]["hooks"]
    assert re.search(hook["files"], "mlops/answers.yaml")
    assert hook["entry"].startswith("mlops-maturity score")
    hook_ids = {entry["id"] for entry in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert set(re.findall(r"id: (mlops-maturity[\w-]*)", SECTION)) <= hook_ids


@pytest.mark.parametrize("command", SH_COMMANDS)
def test_the_commands_run_as_written(command: str, tmp_path: Path) -> None:
    (tmp_path / "mlops").mkdir()
    shutil.copy(EXAMPLES / "fraud-platform.yaml", tmp_path / "mlops" / "answers.yaml")
    summary = tmp_path / "summary.md"
    env = {
        **os.environ,
        **PLAIN_ENV,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_STEP_SUMMARY": str(summary),
    }
    result = subprocess.run(["sh", "-c", command], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, (command, result.stderr)
    if "--format badge" in command:
        badge = json.loads((tmp_path / "maturity-badge.json").read_text(encoding="utf-8"))
        assert badge["message"] == "Google 1 · Microsoft 4 (Microsoft level 3)"
    else:
        assert result.stdout.startswith("::notice file=mlops/answers.yaml,")


def test_there_are_commands_to_run() -> None:
    assert len(SH_COMMANDS) == 2
