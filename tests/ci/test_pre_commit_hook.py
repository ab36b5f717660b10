"""The pre-commit hooks (.pre-commit-hooks.yaml), run by the real `pre-commit try-repo`.

pre-commit installs the hook's repository with pip into an environment of its own, the
way a user's `pre-commit install` does. `try-repo` takes a repository's last commit (and
changes to files git already tracks), so the test commits a copy of this working tree,
new files included, and tries that: what is tested is what is here.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from ..conftest import EXAMPLES, INVALID, PLAIN_ENV, ROOT

HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
GIT_IDENTITY = ["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"]


def _git(*args: str, cwd: Path) -> str:
    done = subprocess.run(["git", *GIT_IDENTITY, *args], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture(scope="module")
def hook_repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This working tree, committed in a repository of its own."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs git and a git checkout of mlops-maturity (the hook is tried from a commit)")
    copy = tmp_path_factory.mktemp("hook-repository")
    listed = _git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=ROOT).split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file() and not name.endswith(".whl"):
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)
    _git("init", "-q", cwd=copy)
    _git("add", "-A", cwd=copy)
    _git("commit", "-q", "-m", "the working tree", cwd=copy)
    return copy


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project of a team, in git, with its answers file and a broken one."""
    (tmp_path / "mlops").mkdir()
    shutil.copy(EXAMPLES / "fraud-platform.yaml", tmp_path / "mlops" / "answers.yaml")
    shutil.copy(INVALID / "answers" / "unknown-key.yaml", tmp_path / "mlops" / "broken-answers.yaml")
    _git("init", "-q", cwd=tmp_path)
    _git("add", "-A", cwd=tmp_path)
    return tmp_path


def _try_repo(project: Path, repository: Path, home: Path, hook: str, *files: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **PLAIN_ENV, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    env.pop("MLOPS_MATURITY_QUESTIONNAIRES", None)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(repository), hook, "--verbose", "--files", *files],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_the_hooks_are_declared_for_answers_files() -> None:
    by_id = {hook["id"]: hook for hook in HOOKS}
    assert set(by_id) == {"mlops-maturity", "mlops-maturity-gate"}
    for hook in HOOKS:
        assert hook["language"] == "python"
        assert hook["entry"] == "mlops-maturity score"
        pattern = re.compile(hook["files"])
        assert pattern.search("mlops/answers.yaml") and pattern.search("teams/payments-answers.yml")
        assert pattern.search("answers.json")
        assert not pattern.search(".github/workflows/ci.yaml") and not pattern.search("answers.yaml.bak")


def _taken(hook: dict[str, str], path: str, files: str | None = None) -> bool:
    """Whether pre-commit runs the hook on `path`: `files` and `exclude` are both `re.search`ed."""
    exclude = hook.get("exclude")
    return bool(re.search(files or hook["files"], path)) and not (exclude and re.search(exclude, path))


@pytest.mark.parametrize("hook", HOOKS, ids=lambda hook: hook["id"])
def test_json_schema_files_are_never_taken_for_answers_files(hook: dict[str, str]) -> None:
    # The README has users write answers.schema.json (editor completion) beside their answers.
    for schema in ("answers.schema.json", "schema/answers.schema.json", "mlops/answers.schema.json"):
        assert not _taken(hook, schema), schema
        assert not _taken(hook, schema, files=r"\.(ya?ml|json)$"), schema  # whatever `files:` the user sets
    for answers in ("answers.yaml", "teams/fraud-answers.yaml", "x-answers.json", "answers.json"):
        assert _taken(hook, answers), answers
    for answers in ("teams/fraud.yaml", "x.json", "myschema.json"):  # named by a user's own `files:`
        assert _taken(hook, answers, files=r"\.(ya?ml|json)$"), answers


def test_the_hook_passes_on_a_valid_file_and_fails_naming_the_line_of_an_invalid_one(
    project: Path, hook_repository: Path, pre_commit_home: Path
) -> None:
    passed = _try_repo(project, hook_repository, pre_commit_home, "mlops-maturity", "mlops/answers.yaml")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "mlops-maturity (answers files are valid)" in passed.stdout and "Passed" in passed.stdout

    failed = _try_repo(
        project, hook_repository, pre_commit_home, "mlops-maturity", "mlops/answers.yaml", "mlops/broken-answers.yaml"
    )
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "Failed" in failed.stdout
    assert "- exit code: 2" in failed.stdout
    assert "mlops/broken-answers.yaml:4: colour: unknown key" in failed.stdout


def test_the_gate_hook_fails_below_the_threshold(project: Path, hook_repository: Path, pre_commit_home: Path) -> None:
    config = {
        "repos": [
            {
                "repo": str(hook_repository),
                "rev": _git("rev-parse", "HEAD", cwd=hook_repository).strip(),
                "hooks": [{"id": "mlops-maturity-gate", "args": ["--fail-under", "microsoft=5"]}],
            }
        ]
    }
    (project / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    env = {**os.environ, **PLAIN_ENV, "PRE_COMMIT_HOME": str(pre_commit_home), "PRE_COMMIT_COLOR": "never"}
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--files", "mlops/answers.yaml"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "- exit code: 1" in result.stdout
    assert "below threshold: mlops/answers.yaml: microsoft is at Level 4" in result.stdout
