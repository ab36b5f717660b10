"""Rewriting an answers file keeps what the team chose for it: its format (JSON stays JSON),
its other hard links, its owner and its permissions."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

from mlops_maturity.json_text import json_document

from ..conftest import DATA, CliRun

OLD = DATA / "answers-2026.12" / "devops-team.yaml"


def _old_json(tmp_path: Path) -> Path:
    path = tmp_path / "answers.json"
    path.write_text(json_document(yaml.safe_load(OLD.read_text(encoding="utf-8"))), encoding="utf-8")
    return path


def test_migrate_keeps_a_json_file_json(cli: CliRun, tmp_path: Path) -> None:
    path = _old_json(tmp_path)
    result = cli("migrate", path)
    assert result.returncode == 0, result.stderr
    migrated = json.loads(path.read_text(encoding="utf-8"))
    assert migrated["questionnaire_version"] != yaml.safe_load(OLD.read_text(encoding="utf-8"))["questionnaire_version"]
    assert cli("score", path).returncode == 0


def test_migrate_to_a_yaml_name_writes_yaml(cli: CliRun, tmp_path: Path) -> None:
    path = _old_json(tmp_path)
    result = cli("migrate", path, "-o", tmp_path / "answers.yaml")
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "answers.yaml").read_text(encoding="utf-8")
    assert not text.lstrip().startswith("{")
    assert cli("score", tmp_path / "answers.yaml").returncode == 0


def test_scan_merge_keeps_a_json_file_json(cli: CliRun, tmp_path: Path) -> None:
    path = _old_json(tmp_path)
    assert cli("migrate", path).returncode == 0
    repository = tmp_path / "repo"
    (repository / ".github" / "workflows").mkdir(parents=True)
    (repository / ".github" / "workflows" / "ci.yml").write_text(
        "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pytest\n", encoding="utf-8"
    )
    result = cli("scan", repository, "--merge", path, "-o", path)
    assert result.returncode == 0, result.stderr
    merged = json.loads(path.read_text(encoding="utf-8"))
    assert merged["team"]
    assert cli("score", path).returncode == 0


def test_migrate_in_place_keeps_hard_links(cli: CliRun, tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(OLD.read_text(encoding="utf-8"), encoding="utf-8")
    other = tmp_path / "linked.yaml"
    os.link(path, other)
    inode = path.stat().st_ino
    assert cli("migrate", path).returncode == 0
    assert path.stat().st_ino == inode
    assert other.read_text(encoding="utf-8") == path.read_text(encoding="utf-8") != OLD.read_text(encoding="utf-8")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="giving a file to another user needs root")
def test_migrate_in_place_keeps_the_owner(cli: CliRun, tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(OLD.read_text(encoding="utf-8"), encoding="utf-8")
    os.chown(path, 4321, 4321)
    path.chmod(0o640)
    assert cli("migrate", path).returncode == 0
    status = path.stat()
    assert (status.st_uid, status.st_gid, status.st_mode & 0o777) == (4321, 4321, 0o640)
    assert "questionnaire_version" in path.read_text(encoding="utf-8")
