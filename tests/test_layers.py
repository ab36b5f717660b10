"""The package's layers: inputs -> engine -> report, with the interactive flow and the CLI on top."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "mlops_maturity"

LAYERS = ["questionnaire", "answers", "scan", "engine", "report", "interactive", "cli"]
"""From the bottom up; the modules at the package's top (errors, files, ...) are below them all."""


def _layer(module: str) -> int:
    if module == "mlops_maturity.__main__":  # `python -m mlops_maturity`: the CLI's entry point
        return len(LAYERS)
    parts = module.split(".")
    return LAYERS.index(parts[1]) + 1 if len(parts) > 1 and parts[1] in LAYERS else 0


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("mlops_maturity"):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("mlops_maturity"))
    return found


def _module_name(path: Path) -> str:
    relative = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
    return ".".join(parts)


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda path: _module_name(path))
def test_no_module_imports_from_a_layer_above_it(path: Path) -> None:
    importer = _module_name(path)
    above = [module for module in _imports(path) if _layer(module) > _layer(importer)]
    assert not above, f"{importer} imports from a layer above it: {above}"


@pytest.mark.parametrize("path", MODULES, ids=lambda path: _module_name(path))
def test_no_module_is_over_400_lines(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 400


def test_the_engine_loads_no_yaml_terminal_template_or_cli_library() -> None:
    program = (
        "import sys, mlops_maturity.engine.scoring, mlops_maturity.engine.batch, mlops_maturity.engine.gate\n"
        "print(' '.join(sorted(name for name in ('yaml', 'rich', 'jinja2', 'typer') if name in sys.modules)))\n"
    )
    loaded = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == ""
