"""The ground truth of the real-repository corpus (`tests/data/scan_corpus/`) is well formed.

The repositories are not here (`benchmarks/scan_corpus.py` scans checkouts of them); these
tests keep each file readable by the benchmark: the catalogue's practices, a pinned commit,
proof for every practice said present, the CI facts with their lines, levels each model has.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from mlops_maturity.questionnaire.model import QuestionnaireSet
from mlops_maturity.scan.catalogue import Catalogue

CORPUS = Path(__file__).resolve().parents[1] / "data" / "scan_corpus"
FILES = sorted(CORPUS.glob("*.yaml"))
NOT_MEASURED = {"version_control"}
KEYS = {"url", "commit", "kind", "description", "practices", "ci", "levels"}
PRACTICE_KEYS = {"present", "paths", "decoys", "note"}
FACTS = ("runs_tests", "runs_training", "deploys")
URL = re.compile(r"https://github\.com/[\w.-]+/([\w.-]+)")
COMMIT = re.compile(r"[0-9a-f]{40}")
LOCATION = re.compile(r'("[^"]+"|[^\s:"]+)(:\d+(-\d+)?)?(?=\s|$)')


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path.name}: not a mapping"
    return data


@pytest.fixture(scope="module")
def measured(catalogue: Catalogue) -> set[str]:
    return {practice.id for practice in catalogue.practices} - NOT_MEASURED


def test_the_corpus_has_ten_repositories_or_more() -> None:
    assert len(FILES) >= 10


def test_the_readme_lists_the_practices_measured(measured: set[str]) -> None:
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `(\w+)` \|", readme, re.MULTILINE))
    assert listed == measured


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.stem)
def test_header(path: Path) -> None:
    data = _load(path)
    assert set(data) == KEYS, f"keys: {sorted(set(data) ^ KEYS)}"
    url = URL.fullmatch(data["url"])
    assert url, f"url {data['url']!r} is not https://github.com/OWNER/NAME"
    assert url.group(1) == path.stem, "the file is named as the repository, and so is its checkout"
    assert COMMIT.fullmatch(str(data["commit"])), f"commit {data['commit']!r} is not 40 hex digits"
    assert isinstance(data["kind"], str) and data["kind"].strip()
    assert isinstance(data["description"], str) and data["description"].strip()


def _locations(entries: object, where: str) -> list[str]:
    assert isinstance(entries, list), f"{where}: a list"
    for entry in entries:
        assert isinstance(entry, str) and entry.strip(), f"{where}: {entry!r} is not text"
        assert LOCATION.match(entry), f"{where}: {entry!r} does not start with path[:line[-line]]"
    return entries


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.stem)
def test_practices(path: Path, measured: set[str]) -> None:
    practices = _load(path)["practices"]
    assert isinstance(practices, dict)
    assert set(practices) == measured, f"practices: {sorted(set(practices) ^ measured)}"
    for practice, entry in practices.items():
        assert isinstance(entry, dict) and set(entry) <= PRACTICE_KEYS, f"{practice}: keys {sorted(entry)}"
        assert isinstance(entry["present"], bool), f"{practice}: present is true or false"
        paths = _locations(entry["paths"], f"{practice}.paths")
        _locations(entry["decoys"], f"{practice}.decoys")
        if entry["present"]:
            assert paths, f"{practice}: present, so the paths that prove it are given"
        else:
            assert not paths, f"{practice}: absent, so nothing proves it (decoys go under decoys)"
        assert isinstance(entry.get("note", ""), str)


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.stem)
def test_ci_definitions(path: Path) -> None:
    data = _load(path)
    definitions = data["ci"]
    assert isinstance(definitions, list)
    paths = [entry["path"] for entry in definitions]
    assert len(paths) == len(set(paths)), "each CI definition once"
    for entry in definitions:
        assert set(entry) == {"path", *FACTS, "reusable_workflow"}, f"{entry.get('path')}: keys {sorted(entry)}"
        assert isinstance(entry["path"], str) and LOCATION.fullmatch(entry["path"]) and ":" not in entry["path"]
        for fact in FACTS:
            value = entry[fact]
            assert isinstance(value, dict) and isinstance(value.get("value"), bool), f"{entry['path']}: {fact}.value"
            assert set(value) <= {"value", "line", "text", "why"}, f"{entry['path']}: {fact} keys {sorted(value)}"
            if value["value"]:
                line = value.get("line")
                assert isinstance(line, int) and line > 0, f"{entry['path']}: {fact} is true, so its line is given"
        reusable = entry["reusable_workflow"]
        assert reusable is None or (
            isinstance(reusable, list) and reusable and all(isinstance(call, str) and call.strip() for call in reusable)
        ), f"{entry['path']}: reusable_workflow is null or the list of calls to other repositories"
    if definitions:
        assert data["practices"]["ci"]["present"] or all(
            not entry[fact]["value"] for entry in definitions for fact in FACTS
        ), "a CI definition that runs something makes ci present"


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.stem)
def test_levels(path: Path, shipped: QuestionnaireSet) -> None:
    levels = _load(path)["levels"]
    assert isinstance(levels, dict) and set(levels) == {"google", "microsoft", "why"}
    for model_id in ("google", "microsoft"):
        numbers = [level.number for level in shipped.model(model_id).levels]
        accepted = levels[model_id]
        assert isinstance(accepted, list) and len(accepted) == 2, f"{model_id}: [low, high]"
        low, high = accepted
        assert isinstance(low, int) and isinstance(high, int)
        assert min(numbers) <= low <= high <= max(numbers), (
            f"{model_id}: {accepted} outside {min(numbers)}-{max(numbers)}"
        )
    assert isinstance(levels["why"], str) and levels["why"].strip()
