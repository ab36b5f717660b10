"""Build hook: ship a JSON copy of the questionnaires in the wheel, for fast start-up, and
the compiled gettext catalogues of the interface's translations.

The YAML in `questionnaires/` stays the source of truth and ships too. The copy is made by
the tool's own strict reader (`mlops_maturity.yaml_reader`, the one `lint` and every
command use), so it holds exactly the data the YAML gives; `tests/test_wheel.py` builds a
wheel and checks that. Editable installs read the YAML directly.

Each `src/mlops_maturity/locale/<code>/LC_MESSAGES/*.po` is compiled by Babel into the `.mo`
gettext reads: into the wheel, and beside the `.po` for an editable install (not committed;
`tests/test_catalogues.py` checks it is current).
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

COMPILED_NAME = "compiled.json"


class CompiledQuestionnairesHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return
        self._folder = tempfile.TemporaryDirectory()
        self._compile_catalogues(version, build_data)
        if version == "editable":
            return
        root = Path(self.root)
        sys.path.insert(0, str(root / "src"))
        try:
            from mlops_maturity.yaml_reader import read_with_pyyaml
        finally:
            sys.path.remove(str(root / "src"))
        compiled = {
            path.name: read_with_pyyaml(path.read_text(encoding="utf-8"), str(path))[0]
            for path in sorted((root / "questionnaires").glob("*.yaml"))
        }
        target = Path(self._folder.name) / COMPILED_NAME
        target.write_text(json.dumps(compiled, ensure_ascii=False), encoding="utf-8")
        build_data["force_include"][str(target)] = f"mlops_maturity/questionnaires/{COMPILED_NAME}"

    def _compile_catalogues(self, version: str, build_data: dict[str, Any]) -> None:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        package = Path(self.root) / "src" / "mlops_maturity"
        for source in sorted((package / "locale").glob("*/LC_MESSAGES/*.po")):
            with source.open("rb") as file:
                catalogue = read_po(file)
            inside = source.relative_to(package).with_suffix(".mo")
            target = source.with_suffix(".mo") if version == "editable" else Path(self._folder.name) / inside
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("wb") as file:
                write_mo(file, catalogue)
            if version != "editable":
                build_data["force_include"][str(target)] = f"mlops_maturity/{inside.as_posix()}"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        folder = getattr(self, "_folder", None)
        if folder is not None:
            folder.cleanup()
