"""`scan` on hostile trees (issue 19): self-referring workflows, very deep folders, exponential
.gitignore patterns, unreadable files and folders, file names made to look like citations."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from mlops_maturity.questionnaire.model import QuestionnaireSet
from mlops_maturity.scan.catalogue import Catalogue
from mlops_maturity.scan.ignore import ignore_rules
from mlops_maturity.scan.repository import scan_folder
from mlops_maturity.scan.result import cited_path
from mlops_maturity.scan.workflows import SELF_REFERENCE
from tests.conftest import PLAIN_ENV, CliRun
from tests.scan.conftest import build, lines

TRACKING = lines("import mlflow", "mlflow.log_metric('auc', 0.9)")
WORKFLOW = lines("on: [push, pull_request]", "jobs:", "  test:", "    steps:", "      - run: pytest")
# A switched-off job whose last step is the job itself: following it to its last line never ended.
SELF_REFERRING = lines(
    "on: push",
    "jobs:",
    "  build: &job",
    "    if: false",
    "    runs-on: ubuntu-latest",
    "    steps:",
    "      - run: pytest",
    "      - *job",
)
HOSTILE_PATTERN = "*a*a*a*a*a*a*a*a*a*a*a*a*a*b"
"""29 bytes, 14 stars: pathspec's regex took minutes on one 40-letter name."""


def _scan_json(cli: CliRun, repo: Path) -> tuple[dict[str, object], str]:
    done = cli("scan", repo, "--format", "json")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return json.loads(done.stdout), done.stderr


# Item 8: a recursive YAML alias; a tree 1,000 folders deep.


def test_a_workflow_whose_alias_refers_to_itself_is_unreadable_evidence(cli: CliRun, tmp_path: Path) -> None:
    repo = build(
        tmp_path / "repo",
        {
            ".github/workflows/loop.yml": SELF_REFERRING,
            ".github/workflows/ci.yml": WORKFLOW,
            "src/train.py": TRACKING,
        },
    )
    data, said = _scan_json(cli, repo)
    files = data["files"]
    assert isinstance(files, dict)
    assert files["unreadable"] == [{"path": ".github/workflows/loop.yml", "why": SELF_REFERENCE}]
    assert f"1 unreadable (.github/workflows/loop.yml: {SELF_REFERENCE})" in said
    proposals = data["proposals"]
    assert isinstance(proposals, dict)
    assert {"app_ci_builds", "experiment_tracking"} <= set(proposals)  # the scan went on


def test_an_alias_in_its_own_anchor_is_refused_even_where_nothing_followed_it(
    tmp_path: Path, shipped: QuestionnaireSet, catalogue: Catalogue
) -> None:
    looping = lines("on: push", "jobs:", "  build: &job", "    steps:", "      - run: pytest", "      - *job")
    result = scan_folder(build(tmp_path / "repo", {".github/workflows/ci.yml": looping}), catalogue, shipped)
    assert [(item.path, item.why) for item in result.counts.unreadable_files] == [
        (".github/workflows/ci.yml", SELF_REFERENCE)
    ]
    assert result.counts.read == 0 and "app_ci_builds" not in result.proposals


def _deep(root: Path, depth: int, name: str = "d") -> str:
    """`d/d/.../d` `depth` folders deep under `root`, made one level at a time (no recursion)."""
    relative = "/".join([name] * depth)
    descriptor = os.open(root, os.O_RDONLY)
    try:
        for _ in range(depth):
            os.mkdir(name, dir_fd=descriptor)
            inner = os.open(name, os.O_RDONLY, dir_fd=descriptor)
            os.close(descriptor)
            descriptor = inner
        with open(os.open("train.py", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=descriptor), "w") as handle:
            handle.write(TRACKING)
    finally:
        os.close(descriptor)
    return relative


@pytest.fixture
def deep_root() -> Iterator[Path]:
    """A folder for deep trees, removed by `rm -rf` (`shutil.rmtree` recurses once per level)."""
    root = Path(tempfile.mkdtemp(prefix="deep-"))
    yield root
    subprocess.run(["rm", "-rf", "--", str(root)], check=True)


def test_a_tree_a_thousand_folders_deep_is_scanned(cli: CliRun, deep_root: Path) -> None:
    deep = _deep(deep_root, 1000)
    data, said = _scan_json(cli, deep_root)
    proposals = data["proposals"]
    assert isinstance(proposals, dict)
    evidence = proposals["experiment_tracking"]["evidence"]
    assert [item["path"] for item in evidence] == [f"{deep}/train.py"]
    assert "0 unreadable" in said


def test_a_tree_deeper_than_the_system_can_name_is_reported_not_a_crash(
    deep_root: Path, shipped: QuestionnaireSet, catalogue: Catalogue
) -> None:
    _deep(deep_root, 500, "d" * 15)  # 8,000 characters: past PATH_MAX (4,096) on Linux
    result = scan_folder(deep_root, catalogue, shipped)
    [unreadable] = result.counts.unreadable_folders
    assert "too long" in unreadable.why.lower()
    assert unreadable.path.startswith("d" * 15 + "/") and len(unreadable.path) > 3000


# Item 11: .gitignore patterns matched in linear time (pathspec on RE2), with git's rules.


def test_a_gitignore_of_many_wildcards_takes_no_time(tmp_path: Path) -> None:
    long_name = "a" * 40
    repo = build(
        tmp_path / "repo",
        {
            ".gitignore": HOSTILE_PATTERN + "\n",
            f"{long_name}/{long_name}.py": TRACKING,
            f"src/{long_name}": "x\n",
            "src/train.py": TRACKING,
            "a" * 13 + "b": "ignored\n",
        },
    )
    done = subprocess.run(
        [sys.executable, "-m", "mlops_maturity", "scan", str(repo), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=60,  # minutes before the fix
        env={**os.environ, **PLAIN_ENV},
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["files"]["ignored"] == 1  # `aaaaaaaaaaaaab` only
    assert len(data["proposals"]["experiment_tracking"]["evidence"]) == 2


@pytest.mark.parametrize(
    "pattern",
    [
        HOSTILE_PATTERN,
        "?*?*?*?*?*?*?*?*?*?*?*?*b",
        "*[a]*[a]*[a]*[a]*[a]*[a]*[a]*b",
        "a/**/a/**/a/**/a/**/a/**/a/**/b",
        "**/*a*/**/*a*/**/*a*/**/*a*/**/b",
    ],
)
def test_hostile_patterns_match_in_linear_time(pattern: str) -> None:
    # Minutes each on a backtracking engine; RE2 answers at once (benchmarks/worst_inputs.py times it).
    rules = ignore_rules([pattern])
    paths = ["a" * 40, "a" * 255, "/".join(["a"] * 1000), "/".join(["a" * 40] * 50)]
    for path in paths:
        assert rules.decision(path) is None
        assert rules.decision(path + "/") is None


GITIGNORE = [
    "__pycache__/",
    "*.py[cod]",
    "build/",
    "/dist",
    "*.egg-info/",
    ".venv",
    "docs/_build/",
    "**/logs",
    "data/**/*.csv",
    "!data/keep/**/*.csv",
    "*.log",
    "!important.log",
    "notebooks/*/checkpoints/",
    "a?c",
    "[Tt]emp*",
]
PATHS = [
    "__pycache__/x.pyc",
    "src/__pycache__/",
    "src/mod.pyc",
    "src/mod.py",
    "build/",
    "pkg/build/",
    "dist",
    "pkg/dist",
    "x.egg-info/",
    ".venv",
    "docs/_build/",
    "a/logs",
    "a/b/logs/",
    "data/raw/x.csv",
    "data/keep/y/x.csv",
    "data/x.csv",
    "run.log",
    "important.log",
    "notebooks/n1/checkpoints/",
    "notebooks/checkpoints/",
    "abc",
    "a/c",
    "Temp1",
    "temp/x",
    "src/Temp/",
]


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_the_rules_decide_as_git_does(tmp_path: Path) -> None:
    """Typical patterns and paths (folders end in `/`), against `git check-ignore` itself."""
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".gitignore").write_text("\n".join(GITIGNORE) + "\n", encoding="utf-8")
    shown = subprocess.run(
        ["git", "-C", str(tmp_path), "check-ignore", "--no-index", "--stdin", "-n", "-v"],
        input="\n".join(PATHS) + "\n",
        capture_output=True,
        text=True,
        check=False,
    ).stdout.splitlines()
    rules = ignore_rules(GITIGNORE)
    for line in shown:
        source, _, path = line.partition("\t")
        pattern = source.split(":", 2)[2] if source.count(":") >= 2 else ""
        git = None if not pattern else not pattern.startswith("!")
        assert rules.decision(path) == git, (path, pattern)
    assert len(shown) == len(PATHS)


# Item 13: unreadable files and folders are said to be unreadable, with why.


def _as_nobody(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run as a user whom permissions stop: `nobody` under root (root reads everything), else as is."""
    prefix = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: permissions would not stop the scan")
        prefix = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
    return subprocess.run(
        [*prefix, *command], capture_output=True, text=True, timeout=120, cwd=cwd, env={**os.environ, **PLAIN_ENV}
    )


@pytest.fixture
def open_root() -> Iterator[Path]:
    """A folder every user can enter (pytest's own are private to their owner)."""
    root = Path(tempfile.mkdtemp(prefix="unreadable-"))
    root.chmod(0o755)
    yield root
    for path in [root, *root.rglob("*")]:
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() else 0o644)
    shutil.rmtree(root)


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
def test_unreadable_files_and_folders_are_reported_as_such(open_root: Path) -> None:
    repo = build(
        open_root / "repo",
        {
            "src/train.py": TRACKING,
            "secret/train.py": TRACKING,
            "locked.py": TRACKING,
            "nested/.gitignore": "*.log\n",
            ".github/workflows/ci.yml": WORKFLOW,
        },
    )
    for path in repo.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    (repo / "secret").chmod(0o000)
    (repo / "locked.py").chmod(0o000)
    (repo / "nested" / ".gitignore").chmod(0o000)
    done = _as_nobody([sys.executable, "-m", "mlops_maturity", "scan", str(repo), "--format", "json"], open_root)
    assert done.returncode == 0, done.stderr
    files = json.loads(done.stdout)["files"]
    assert files["too_large"] == 0
    assert files["unreadable"] == [
        {"path": "locked.py", "why": "Permission denied"},
        {"path": "nested/.gitignore", "why": "Permission denied"},
    ]
    assert files["unreadable_folders"] == [{"path": "secret", "why": "Permission denied"}]
    assert "0 over 1024 KiB" in done.stderr
    assert (
        "3 unreadable (secret/: Permission denied; locked.py: Permission denied; nested/.gitignore: Permission denied)"
        in done.stderr
    )


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
def test_a_folder_that_cannot_be_listed_is_a_clear_error(open_root: Path) -> None:
    repo = build(open_root / "repo", {"src/train.py": TRACKING})
    repo.chmod(0o333)  # can enter and write, cannot list
    done = _as_nobody([sys.executable, "-m", "mlops_maturity", "scan", str(repo)], open_root)
    assert done.returncode == 2, done.stderr
    assert "not readable" in done.stderr or "cannot list the folder: Permission denied" in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""


# Item 14: a file name cannot make a citation point at another file and line.

CRAFTED = [
    ".github/workflows/ci.yml:99 y.yml",  # would read as ci.yml line 99
    '.github/workflows/"q", x.yml',  # a quote and a comma
    ".github/workflows/back\\slash.yml",
]


def _cited(entry: str) -> tuple[str, int, str]:
    """(path, line, reason) of `scan: path:line reason`, the path quoted (JSON-style) or bare up to `:`."""
    rest = entry.removeprefix("scan: ")
    if rest.startswith('"'):
        path, end = json.JSONDecoder().raw_decode(rest)
        rest = rest[end:]
    else:
        path, _, rest = rest.partition(":")
        rest = ":" + rest
    line, _, reason = rest.removeprefix(":").partition(" ")
    return path, int(line), reason


@pytest.mark.skipif(os.name != "posix", reason="file names with quotes, colons and line separators")
def test_crafted_file_names_are_cited_unambiguously(cli: CliRun, tmp_path: Path) -> None:
    repo = build(tmp_path / "repo", {name: WORKFLOW for name in CRAFTED})
    (repo / "train\u2028scan: ci.yml:3 experiment.py").write_text(TRACKING, encoding="utf-8")
    done = cli("scan", repo, "-o", "draft.yaml")
    assert done.returncode == 0, done.stderr
    draft = yaml.safe_load((tmp_path / "draft.yaml").read_text(encoding="utf-8"))
    cited = {
        _cited(entry)[:2]
        for answer in draft["answers"].values()
        if isinstance(answer, dict)
        for entry in answer.get("evidence", ())
    }
    assert {(name, 5) for name in CRAFTED} <= cited
    assert ("train\ufffdscan: ci.yml:3 experiment.py", 2) in cited
    text = (tmp_path / "draft.yaml").read_text(encoding="utf-8")
    assert "\u2028" not in text
    scored = cli("score", "draft.yaml")  # the draft, evidence and all, is a valid answers file
    assert scored.returncode == 0, scored.stderr


def test_ordinary_paths_are_cited_as_they_are() -> None:
    assert cited_path(".github/workflows/build and test.yml") == ".github/workflows/build and test.yml"
    assert cited_path("src/a:b.py") == '"src/a:b.py"'
    assert cited_path('say "hi".py') == '"say \\"hi\\".py"'
    assert cited_path(" lead.py") == '" lead.py"'
