"""What a scan reads: .gitignore respected, links not followed, binaries and large files skipped and counted."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mlops_maturity.questionnaire.model import QuestionnaireSet
from mlops_maturity.scan.catalogue import Catalogue
from mlops_maturity.scan.repository import scan_folder
from mlops_maturity.scan.result import ScanResult
from tests.scan.conftest import Scan, build, lines

TRACKING = lines("import mlflow", "mlflow.log_metric('auc', 0.9)")


def _paths(result: ScanResult, question: str) -> list[str]:
    proposal = result.proposals.get(question)
    return [finding.path for finding in proposal.findings] if proposal else []


def test_gitignore_is_respected_nested_and_negated(scan_repo: Scan) -> None:
    result = scan_repo(
        {
            ".gitignore": "build/\n*.gen.py\n",
            "build/train.py": TRACKING,
            "src/model.gen.py": TRACKING,
            "src/.gitignore": "scratch_*.py\n!scratch_kept.py\n",
            "src/scratch_old.py": TRACKING,
            "src/scratch_kept.py": TRACKING,
        }
    )
    assert _paths(result, "experiment_tracking") == ["src/scratch_kept.py"]
    assert result.counts.ignored == 3  # build/ once, two files


def test_tool_folders_and_virtualenvs_are_skipped(scan_repo: Scan) -> None:
    result = scan_repo(
        {
            "node_modules/pkg/train.py": TRACKING,
            "env/pyvenv.cfg": "home = /usr/bin\n",
            "env/lib/site.py": TRACKING,
            ".venv/lib/x.py": TRACKING,
        }
    )
    assert "experiment_tracking" not in result.proposals
    assert {"node_modules", "env", ".venv"} <= set(result.counts.skipped_folders)


@pytest.mark.skipif(os.name != "posix", reason="symbolic links and byte file names")
def test_links_out_of_the_tree_are_not_followed_and_odd_names_are_read(
    tmp_path: Path, shipped: QuestionnaireSet, catalogue: Catalogue
) -> None:
    outside = build(tmp_path / "outside", {"train.py": TRACKING})
    root = build(tmp_path / "repo", {"readme.md": "hello\n"})
    (root / "linked").symlink_to(outside, target_is_directory=True)
    (root / "linked_train.py").symlink_to(outside / "train.py")
    (root / os.fsdecode(b"caf\xe9 train.py")).write_text(TRACKING, encoding="utf-8")
    result = scan_folder(root, catalogue, shipped)
    assert result.counts.symlinks == 2
    assert _paths(result, "experiment_tracking") == ["caf\ufffd train.py"]


def test_binary_and_large_files_are_skipped_and_counted(
    tmp_path: Path, shipped: QuestionnaireSet, catalogue: Catalogue
) -> None:
    root = build(
        tmp_path / "repo",
        {"model.py": b"\x00\x01" + TRACKING.encode(), "big.py": TRACKING + "#" * 5000, "small.py": TRACKING},
    )
    result = scan_folder(root, catalogue, shipped, max_file_bytes=2000)
    assert (result.counts.binary, result.counts.too_large) == (1, 1)
    assert _paths(result, "experiment_tracking") == ["small.py"]


def test_nothing_is_written_inside_the_scanned_tree(
    tmp_path: Path, shipped: QuestionnaireSet, catalogue: Catalogue
) -> None:
    root = build(tmp_path / "repo", {"src/train.py": TRACKING, ".gitignore": "*.log\n", "notes.md": "x\n"})
    before = sorted((str(path), path.stat().st_mtime_ns) for path in root.rglob("*"))
    scan_folder(root, catalogue, shipped)
    assert sorted((str(path), path.stat().st_mtime_ns) for path in root.rglob("*")) == before
