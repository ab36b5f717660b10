"""Small synthetic repositories, built in tmp_path, and the shipped catalogue to scan them with."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from mlops_maturity.questionnaire.model import QuestionnaireSet
from mlops_maturity.scan import shipped_catalogue
from mlops_maturity.scan.catalogue import Catalogue
from mlops_maturity.scan.repository import scan_folder
from mlops_maturity.scan.result import ScanResult


@pytest.fixture(scope="session")
def catalogue(shipped: QuestionnaireSet) -> Catalogue:
    return shipped_catalogue(shipped)


def build(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write each relative path with its content (text, or bytes as given)."""
    for relative, content in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return root


Scan = Callable[[Mapping[str, str | bytes]], ScanResult]
"""The `scan_repo` fixture: files by path -> what scanning them finds."""


@pytest.fixture
def scan_repo(tmp_path: Path, shipped: QuestionnaireSet, catalogue: Catalogue) -> Scan:
    """Build a repository from a dict of files and scan it."""

    built = iter(range(1000))

    def run(files: Mapping[str, str | bytes]) -> ScanResult:
        root = build(tmp_path / f"repo{next(built)}", files)  # a fresh repository per call
        return scan_folder(root, catalogue, shipped)

    return run


def lines(*text: str) -> str:
    """A file's content from its lines (keeps fixtures free of tool names at the start of a source line)."""
    return "\n".join(text) + "\n"


def scan_folder_of(root: Path) -> ScanResult:
    """Scan a folder built by hand (with links, say) with the shipped questionnaires and catalogue."""
    from mlops_maturity.questionnaire.shipped import load_shipped_questionnaires

    questionnaires = load_shipped_questionnaires()
    return scan_folder(root, shipped_catalogue(questionnaires), questionnaires)
