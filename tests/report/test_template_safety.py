"""`report --template`: a template reads only its own folder, and its work and output are bounded."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mlops_maturity.cli import app
from mlops_maturity.errors import ExitCode
from mlops_maturity.report import template_sandbox

from ..conftest import EXAMPLES, CliRun

FRAUD = EXAMPLES / "fraud-platform.yaml"
SECRET = "s3cr3t-token-value"


def _template(folder: Path, body: str, name: str = "team.md.j2") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(body, encoding="utf-8")
    return path


def _refused(cli: CliRun, template: Path, *pieces: str, env: dict[str, str] | None = None) -> str:
    result = cli("report", FRAUD, "--template", template, env=env)
    assert result.returncode == ExitCode.INVALID_INPUT, result.stderr
    assert result.stdout == "" and "Traceback" not in result.stderr
    for piece in pieces:
        assert piece in result.stderr, f"{piece!r} not in:\n{result.stderr}"
    return result.stderr


@pytest.mark.parametrize("tag", ['include "part.j2"', 'import "part.j2" as part', 'extends "part.j2"'])
def test_a_link_out_of_the_template_folder_is_refused(cli: CliRun, tmp_path: Path, tag: str) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(f"{SECRET}\n", encoding="utf-8")
    folder = tmp_path / "templates"
    top = _template(folder, f"# Report\n{{% {tag} %}}\n")
    (folder / "part.j2").symlink_to(secret)
    stderr = _refused(cli, top, f"{top}:2: refused by the template sandbox", "links outside the template folder")
    assert SECRET not in stderr


def test_the_environment_of_the_process_cannot_be_read(cli: CliRun, tmp_path: Path) -> None:
    if not Path("/proc/self/environ").exists():
        pytest.skip("no /proc on this system")
    folder = tmp_path / "templates"
    top = _template(folder, '{% include "env.j2" %}\n')
    (folder / "env.j2").symlink_to("/proc/self/environ")
    stderr = _refused(cli, top, "links outside the template folder", env={"CI_SECRET": SECRET})
    assert SECRET not in stderr


def test_a_link_to_a_folder_outside_is_refused(cli: CliRun, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "part.j2").write_text(SECRET, encoding="utf-8")
    folder = tmp_path / "templates"
    top = _template(folder, '{% include "shared/part.j2" %}\n')
    (folder / "shared").symlink_to(outside, target_is_directory=True)
    assert SECRET not in _refused(cli, top, "links outside the template folder")


def test_dot_dot_does_not_leave_the_folder(cli: CliRun, tmp_path: Path) -> None:
    (tmp_path / "secret.j2").write_text(SECRET, encoding="utf-8")
    top = _template(tmp_path / "templates", '{% include "../secret.j2" %}\n')
    assert SECRET not in _refused(cli, top, "../secret.j2")


def test_a_fifo_or_device_is_not_read(cli: CliRun, tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    top = _template(folder, '{% include "pipe.j2" %}\n')
    os.mkfifo(folder / "pipe.j2")  # no writer: reading it would block for ever
    _refused(cli, top, "not a regular file")


def test_a_huge_included_file_is_not_read(cli: CliRun, tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    top = _template(folder, '{% include "big.j2" %}\n')
    (folder / "big.j2").write_bytes(b"x" * (template_sandbox.MAX_TEMPLATE_BYTES + 1))
    _refused(cli, top, "over 1,048,576 bytes")


def test_links_inside_the_folder_and_a_linked_top_template_work(cli: CliRun, tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    _template(shared, "Team: {{ assessment.team }}\n", "part.j2")
    (shared / "alias.j2").symlink_to(shared / "part.j2")
    _template(shared, '{% include "alias.j2" %}', "real.md.j2")
    # The file the user names may be a link; what it includes is read beside its target.
    named = tmp_path / "mine.md.j2"
    named.symlink_to(shared / "real.md.j2")
    result = cli("report", FRAUD, "--template", named)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Team: Card fraud detection (Payments risk)\n"


def test_output_over_the_limit_is_refused_and_nothing_is_written(cli: CliRun, tmp_path: Path) -> None:
    report = tmp_path / "report.md"
    report.write_text("the previous report\n", encoding="utf-8")
    top = _template(tmp_path, "# Report\n{% for _ in range(100000) %}{{ 'x' * 100 }}{% endfor %}\n")
    result = cli("report", FRAUD, "--template", top, "-o", report)
    assert result.returncode == ExitCode.INVALID_INPUT, result.stderr
    assert "the report would be over 5,000,000 characters" in result.stderr
    assert report.read_text(encoding="utf-8") == "the previous report\n"


@pytest.mark.parametrize(
    "expression",
    [
        "{{ 'x' | center(10**10) }}",
        "{{ 'x'.center(10**10) }}",
        "{{ 'x'.ljust(10**10) }}",
        "{{ 'x'.zfill(10**10) }}",
        "{{ '\t'.expandtabs(10**9) }}",
        "{{ ('x' * 1000000).replace('', 'yy') }}",
        "{{ ('ab' * 400000).join(['a', 'b', 'c']) }}",
        "{{ [1, 2] * 10**9 }}",
        "{{ (2 ** 60000) * (2 ** 60000) }}",
        "{{ ('x' * 600000) + ('x' * 600000) }}",
        "{{ '%*d' | format(10**9, 1) }}",
        "{{ '%.999999999f' % 1.5 }}",
        "{{ '{:{w}}'.format(1, w=10**9) }}",
        "{{ 'x' | indent(10**9) }}",
        "{{ [1] | batch(10**9, 'x') | list }}",
        "{{ [1] | slice(10**9) | list }}",
        "{{ {'a': 1} | tojson(10**9) }}",
        "{{ 50 | bar(10**5) }}",
        "{% macro grow(s, n) %}{% if n %}{{ grow(s ~ s, n - 1) }}{% endif %}{% endmacro %}{{ grow('x', 64) }}",
    ],
)
def test_an_expression_that_would_take_all_memory_is_refused(
    runner: CliRunner, tmp_path: Path, expression: str
) -> None:
    top = _template(tmp_path, f"ok\n{expression}\n")
    result = runner.invoke(app, ["report", str(FRAUD), "--template", str(top)])
    assert result.exit_code == ExitCode.INVALID_INPUT, result.output
    assert f"{top}:2: template " in result.stderr
    assert "Traceback" not in result.stderr


def test_a_render_that_runs_too_long_is_stopped(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # NOTE: a loop that calls nothing is stopped by the timer, not by a check on each operation.
    monkeypatch.setattr(template_sandbox, "TIME_LIMIT", 2.0)
    top = _template(tmp_path, "ok\n{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}\n")
    result = runner.invoke(app, ["report", str(FRAUD), "--template", str(top)])
    assert result.exit_code == ExitCode.INVALID_INPUT, result.output
    # The loop's line, when the timer finds it running there (on a loaded machine the time
    # can run out before the template's first line does).
    assert re.search(rf"{re.escape(str(top))}(:2)?: template refused: rendering took over 2 s", result.stderr)


def test_ordinary_widths_numbers_and_formats_still_work(runner: CliRunner, tmp_path: Path) -> None:
    top = _template(
        tmp_path,
        "[{{ 'abc' | center(9) }}] {{ '%5.1f' % 3.14159 }} {{ '{:>4}'.format('a') }} {{ 2 ** 100 }}"
        " {{ '%s done' | format(1000000) }} {{ ('ab' * 2) ~ 'c' }} {{ 37 | bar(10) }}"
        " {{ 'a b c d' | truncate(5, leeway=0) }}\n",
    )
    result = runner.invoke(app, ["report", str(FRAUD), "--template", str(top)])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "[   abc   ]   3.1    a 1267650600228229401496703205376 1000000 done ababc ████░░░░░░ a...\n"
    )


def test_a_loop_of_links_is_refused(cli: CliRun, tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    top = _template(folder, '{% include "a.j2" %}\n')
    (folder / "a.j2").symlink_to(folder / "b.j2")
    (folder / "b.j2").symlink_to(folder / "a.j2")
    _refused(cli, top, f"{top}:1: refused by the template sandbox", "a.j2")


def test_a_nested_value_counts_every_copy(runner: CliRunner, tmp_path: Path) -> None:
    top = _template(tmp_path, "ok\n{{ ([['x' * 900] * 1000] * 1000) | string | length }}\n")
    result = runner.invoke(app, ["report", str(FRAUD), "--template", str(top)])
    assert result.exit_code == ExitCode.INVALID_INPUT, result.output
    assert f"{top}:2: template refused" in result.stderr
