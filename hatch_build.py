"""Build hook: ship a JSON copy of the questionnaires in the wheel, for fast start-up.

The YAML in `questionnaires/` stays the source of truth and ships too. Parsing ~2,000
lines of YAML costs more start-up than all of scoring; a JSON copy made here, from the
same files, loads in a fraction of that. Editable installs read the YAML directly.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hatchling.builders.hooks.plugin.interface import BuildHookInterface

COMPILED_NAME = "compiled.json"


class CompiledQuestionnairesHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        source = Path(self.root) / "questionnaires"
        compiled = {
            path.name: yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted(source.glob("*.yaml"))
        }
        self._folder = tempfile.TemporaryDirectory()
        target = Path(self._folder.name) / COMPILED_NAME
        target.write_text(json.dumps(compiled, ensure_ascii=False, default=str), encoding="utf-8")
        build_data["force_include"][str(target)] = f"mlops_maturity/questionnaires/{COMPILED_NAME}"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        folder = getattr(self, "_folder", None)
        if folder is not None:
            folder.cleanup()
