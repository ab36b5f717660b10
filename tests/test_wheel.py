"""The wheel: its JSON copy of the questionnaires is exactly what the strict reader gives
from the YAML, and the set an installed wheel builds from it is the validated set."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from mlops_maturity.questionnaire import shipped as shipped_module
from mlops_maturity.questionnaire.folder import load_questionnaires
from mlops_maturity.questionnaire.shipped import COMPILED_FILE, load_shipped_questionnaires
from mlops_maturity.yaml_reader import read_with_pyyaml

from .conftest import ROOT

SHIPPED = "mlops_maturity/questionnaires/"
CATALOGUES = "mlops_maturity/locale/"


@pytest.fixture(scope="module")
def wheel_contents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The files of a wheel built from this checkout, as the release builds it."""
    dist = tmp_path_factory.mktemp("dist")
    built = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    (wheel,) = dist.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return {name: archive.read(name) for name in archive.namelist() if name.startswith((SHIPPED, CATALOGUES))}


def _read_yaml_folder() -> dict[str, Any]:
    folder = ROOT / "questionnaires"
    return {
        path.name: read_with_pyyaml(path.read_text(encoding="utf-8"), str(path))[0]
        for path in sorted(folder.glob("*.yaml"))
    }


def test_the_json_copy_is_what_the_strict_reader_reads_from_the_yaml(wheel_contents: dict[str, bytes]) -> None:
    compiled = json.loads(wheel_contents[SHIPPED + COMPILED_FILE])
    assert compiled == _read_yaml_folder()


def test_the_wheel_ships_the_checkouts_yaml_files_unchanged(wheel_contents: dict[str, bytes]) -> None:
    for path in sorted((ROOT / "questionnaires").rglob("*.yaml")):
        shipped = SHIPPED + path.relative_to(ROOT / "questionnaires").as_posix()
        assert wheel_contents[shipped] == path.read_bytes(), shipped


def test_the_set_built_from_the_copy_is_the_validated_set(
    wheel_contents: dict[str, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    installed = tmp_path / "questionnaires"
    for name, content in wheel_contents.items():
        target = installed / name.removeprefix(SHIPPED)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    monkeypatch.setattr(shipped_module, "_packaged_questionnaires_dir", lambda: installed)
    from_copy = load_shipped_questionnaires()
    validated = load_questionnaires(ROOT / "questionnaires")
    assert from_copy.version == validated.version
    assert from_copy.bank == validated.bank
    assert from_copy.models == validated.models


def test_the_wheel_ships_each_language_compiled_and_its_questionnaire_texts(wheel_contents: dict[str, bytes]) -> None:
    import gettext
    import io

    compiled = wheel_contents[f"{CATALOGUES}es/LC_MESSAGES/mlops_maturity.mo"]
    spanish = gettext.GNUTranslations(io.BytesIO(compiled))
    assert spanish.gettext("Level") == "Nivel"
    assert f"{SHIPPED}es/questions.yaml" in wheel_contents and f"{SHIPPED}es/glossary.yaml" in wheel_contents
