"""The GitHub action's report names (ci/github-action/report_names.py): one per answers file,
never shared by two, and accepted by actions/upload-artifact.

The function is tested on its own, then through the action's steps as the runner runs them
(the `Runner` of tests/ci/test_github_action.py).
"""

from __future__ import annotations

import importlib.util
import re
import shutil
from pathlib import Path
from types import ModuleType

import pytest

from .ci.test_github_action import Runner
from .conftest import EXAMPLES, ROOT


def _load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("report_names", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


names = _load(ROOT / "ci" / "github-action" / "report_names.py")

# What actions/upload-artifact refuses in a file's path (@actions/artifact's
# path-and-artifact-name-validation), and a leading dot: hidden files are left out.
REFUSED = re.compile(r'[":<>|*?\r\n\\]|^\.')


def test_a_file_is_named_after_its_path_without_its_extension() -> None:
    assert names.report_names(["mlops/answers.yaml", "./teams/fraud team/answers.json"], "/work") == {
        "mlops/answers.yaml": "mlops-answers",
        "./teams/fraud team/answers.json": "teams-fraud team-answers",
    }


@pytest.mark.parametrize(
    "paths",
    [
        ["a-b/answers.yaml", "a/b-answers.yaml"],  # the separator and a hyphen meet
        ["answers.yaml", "answers.json"],  # the extension is dropped
        ["team.v1/answers", "team.v2/answers"],  # no extension: the folder's dot is not one
        ["Team/answers.yaml", "team/answers.yaml"],  # one file on a disk that ignores case
        ["a:b/answers.yaml", "a_b/answers.yaml"],  # what replaces `:` meets what was there
    ],
)
def test_files_whose_names_meet_each_get_their_own(paths: list[str]) -> None:
    found = names.report_names(paths, "/work")
    assert len({name.casefold() for name in found.values()}) == len(paths), found


def test_the_same_file_named_twice_has_one_name() -> None:
    found = names.report_names(["a/answers.yaml", "./a/answers.yaml", "/work/a/answers.yaml"], "/work")
    assert set(found.values()) == {"a-answers"}


@pytest.mark.parametrize(
    "path",
    [
        "teams/ml:ops/answers.yaml",
        'teams/a"b<c>d|e*f?g/answers.yaml',
        "teams/line\nbreak\r/answers.yaml",
        "teams/back\\slash/answers.yaml",
        ".mlops/answers.yaml",
        "../elsewhere/answers.yaml",
        "/outside/the/workspace/answers.yaml",
        "C:\\runner\\work\\answers.yaml",
        "nul.yaml",
        "trailing./answers.",
        "x" * 300 + "/answers.yaml",
        "bytes-\udcff/answers.yaml",
    ],
)
def test_every_name_is_accepted_by_the_upload(path: str) -> None:
    name = names.report_names([path], "/work")[path]
    assert name and not REFUSED.search(name), name
    assert len(f"{name}.html".encode("utf-8", "surrogateescape")) <= 255
    assert not re.search(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]", name)
    assert name.split(".")[0].lower() not in {"con", "prn", "aux", "nul"}


def test_names_do_not_depend_on_the_order_of_the_files() -> None:
    paths = ["a-b/answers.yaml", "a/b-answers.yaml", "c/answers.yaml"]
    assert names.report_names(paths, "/w") == names.report_names(paths[::-1], "/w")


@pytest.fixture
def runner(tmp_path: Path) -> Runner:
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    return Runner(workspace)


def _answers(runner: Runner, *paths: str) -> None:
    for path in paths:
        target = runner.workspace / path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(EXAMPLES / "fraud-platform.yaml", target)


def test_the_action_writes_one_pair_of_reports_per_file(runner: Runner) -> None:
    files = ["a-b/answers.yaml", "a/b-answers.yaml", "team.v1/answers", "team.v2/answers", "x/answers.json"]
    _answers(runner, *files)
    (runner.workspace / "x" / "answers.yaml").write_bytes((runner.workspace / "x" / "answers.json").read_bytes())
    result = runner.run_action(answers=" ".join([*files, "x/answers.yaml"]), summary="false")
    assert result.returncode == 0, result.stderr
    reports = runner.report_files()
    assert len([name for name in reports if name.endswith(".html")]) == 6, reports
    assert len([name for name in reports if name.endswith(".md")]) == 6, reports


def test_the_action_names_no_report_as_the_upload_refuses(runner: Runner) -> None:
    _answers(runner, "teams/ml:ops/answers.yaml", ".mlops/answers.yaml")
    result = runner.run_action(answers="teams/*/answers.yaml .mlops/answers.yaml", summary="false")
    assert result.returncode == 0, result.stderr
    reports = [name for name in runner.report_files() if name != "result.json"]
    assert len(reports) == 4, reports
    assert [name for name in reports if REFUSED.search(name)] == []
