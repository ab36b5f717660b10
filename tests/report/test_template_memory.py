"""A template's memory is capped on Linux: values are bounded one by one, the whole render
by the address space it may add (`MEMORY_LIMIT`)."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mlops_maturity.cli import app
from mlops_maturity.errors import ExitCode
from mlops_maturity.report import render_bounds, template_sandbox

from ..conftest import EXAMPLES

FRAUD = EXAMPLES / "fraud-platform.yaml"

# Each call keeps a value just under the bound on values (4 MB of emoji), 150 calls deep.
HOARDING = (
    "ok\n"
    "{% macro hoard(n) %}{% set big = '😀' * 999999 %}{% if n > 0 %}{{ hoard(n - 1) }}{% endif %}"
    "{{ big | length }}{% endmacro %}{{ hoard(150) | length }}\n"
)

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS is enforced on Linux only")


def _report(runner: CliRunner, folder: Path, body: str) -> tuple[int, str, str]:
    folder.mkdir(parents=True, exist_ok=True)
    template = folder / "team.md.j2"
    template.write_text(body, encoding="utf-8")
    result = runner.invoke(app, ["report", str(FRAUD), "--template", str(template)])
    return result.exit_code, result.stdout, result.stderr


@linux_only
def test_a_render_that_hoards_memory_is_refused_and_the_limit_restored(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import resource

    before = resource.getrlimit(resource.RLIMIT_AS)
    monkeypatch.setattr(template_sandbox, "MEMORY_LIMIT", 256 << 20)
    code, stdout, stderr = _report(runner, tmp_path, HOARDING)
    assert code == ExitCode.INVALID_INPUT, stderr
    assert stdout == ""
    assert "template refused: rendering needed over 256 MiB of memory" in stderr
    assert "Traceback" not in stderr
    assert resource.getrlimit(resource.RLIMIT_AS) == before


@linux_only
def test_an_ordinary_template_renders_under_the_cap(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(template_sandbox, "MEMORY_LIMIT", 256 << 20)
    code, stdout, stderr = _report(runner, tmp_path, "{{ assessment.team }}: {{ assessment.models | length }} models\n")
    assert code == 0, stderr
    assert stdout == "Card fraud detection (Payments risk): 2 models\n"


def test_no_cap_where_it_is_not_enforced_or_other_threads_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    with render_bounds.memory_capped(1 << 20) as capped:
        assert capped is False
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    with render_bounds.memory_capped(1 << 20) as capped:
        assert capped is False


@linux_only
def test_a_stricter_limit_already_set_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    import resource

    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    monkeypatch.setattr(resource, "getrlimit", lambda kind: (1 << 20, hard))
    with render_bounds.memory_capped(1 << 30) as capped:
        assert capped is False
