"""Build hook: ship a JSON copy of the questionnaires in the wheel, for fast start-up.

The YAML in `questionnaires/` stays the source of truth and ships too. The copy is made by
the tool's own strict reader (`mlops_maturity.yaml_reader`, the one `lint` and every
command use), so it holds exactly the data the YAML gives; `tests/test_wheel.py` builds a
wheel and checks that. Editable installs read the YAML directly.
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
        if self.target_name != "wheel" or version == "editable":
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
        self._folder = tempfile.TemporaryDirectory()
        target = Path(self._folder.name) / COMPILED_NAME
        target.write_text(json.dumps(compiled, ensure_ascii=False), encoding="utf-8")
        build_data["force_include"][str(target)] = f"mlops_maturity/questionnaires/{COMPILED_NAME}"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        folder = getattr(self, "_folder", None)
        if folder is not None:
            folder.cleanup()
