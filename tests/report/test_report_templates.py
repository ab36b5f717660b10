"""`report --template FILE`: the user's own template, sandboxed, with errors naming file and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from mlops_maturity.cli import app
from mlops_maturity.errors import ExitCode

from ..conftest import EXAMPLES, CliRun

FRAUD = EXAMPLES / "fraud-platform.yaml"


def template(folder: Path, body: str, name: str = "team.md.j2") -> Path:
    path = folder / name
    path.write_text(body, encoding="utf-8")
    return path


def run_template(runner: CliRunner, path: Path, *extra: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["report", str(FRAUD), "--template", str(path), *extra])


def assert_refused(result, message: str) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == ExitCode.INVALID_INPUT, result.output
    assert result.stdout == ""
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_custom_template_sees_the_result_through_the_installed_command(cli: CliRun, tmp_path: Path) -> None:
    path = template(
        tmp_path,
        "# {{ assessment.team | md }}\n"
        "{% for id, model in assessment.models.items() %}\n"
        "- {{ id }}: level {{ model.level }} ({{ model.name }}), {{ model.gaps | length }} gap(s)\n"
        "{% endfor %}\n"
        "Google: {{ assessment.models.google.level }}\n",
    )
    result = cli("report", FRAUD, "--template", path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "# Card fraud detection (Payments risk)\n"
        "- google: level 1 (ML pipeline automation), 3 gap(s)\n"
        "- microsoft: level 4 (Automated Model Deployment), 3 gap(s)\n"
        "Google: 1\n"
    )


@pytest.mark.parametrize(
    "expression",
    ["{{ ''.__class__.__mro__ }}", "{{ ''.__class__.__mro__[1].__subclasses__() }}"],
)
def test_sandbox_escape_is_refused_without_traceback(cli: CliRun, tmp_path: Path, expression: str) -> None:
    path = template(tmp_path, f"# {{{{ assessment.team }}}}\n{expression}\n")
    result = cli("report", FRAUD, "--template", path)
    assert result.returncode == ExitCode.INVALID_INPUT
    assert result.stdout == ""
    assert f"{path}:2: refused by the template sandbox" in result.stderr
    assert "Traceback" not in result.stderr


def test_custom_template_can_include_the_shipped_report(runner: CliRunner, tmp_path: Path) -> None:
    path = template(tmp_path, "{% include 'report.md.j2' %}\nReviewed by the platform guild.\n")
    result = run_template(runner, path)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# MLOps maturity report: Card fraud detection (Payments risk)\n")
    assert result.stdout.endswith("\nReviewed by the platform guild.\n")


def test_syntax_error_names_file_and_line(runner: CliRunner, tmp_path: Path) -> None:
    path = template(tmp_path, "# Report\n\n{% for model in assessment.models %}\n{{ model }}\n")
    assert_refused(run_template(runner, path), f"{path}:")
    assert "template syntax error" in run_template(runner, path).stderr


def test_syntax_error_on_a_known_line(runner: CliRunner, tmp_path: Path) -> None:
    path = template(tmp_path, "# Report\n\n{% if %}\n")
    assert_refused(run_template(runner, path), f"{path}:3: template syntax error")


def test_undefined_variable_names_file_and_line(runner: CliRunner, tmp_path: Path) -> None:
    path = template(tmp_path, "# {{ assessment.team }}\n\nLevel: {{ assessment.models.google.levle }}\n")
    assert_refused(run_template(runner, path), f"{path}:3: ")
    assert "levle" in run_template(runner, path).stderr


def test_undefined_variable_in_a_condition_is_an_error_too(runner: CliRunner, tmp_path: Path) -> None:
    path = template(tmp_path, "{% if assesment %}never{% endif %}\n")
    assert_refused(run_template(runner, path), f"{path}:1: 'assesment' is undefined")


def test_model_left_out_with_model_option_is_undefined(runner: CliRunner, tmp_path: Path) -> None:
    path = template(tmp_path, "{{ assessment.models.google.level }}\n")
    assert_refused(run_template(runner, path, "--model", "microsoft"), f"{path}:1: ")


@pytest.mark.parametrize(
    "expression",
    [
        "{{ 1 / 0 }}",
        "{{ 'a' + 1 }}",
        "{{ '{}'.format() }}",
        "{{ '%(x)s' % {} }}",
        "{{ 10.0 ** 1000 }}",
        "{{ range(10 ** 7) | list }}",
        "{% macro loop() %}{{ loop() }}{% endmacro %}{{ loop() }}",
    ],
)
def test_error_in_an_expression_is_a_template_error_not_a_crash(
    runner: CliRunner, tmp_path: Path, expression: str
) -> None:
    path = template(tmp_path, f"ok\n{expression}\n")
    assert_refused(run_template(runner, path), f"{path}:2: template error")


def test_missing_template_file(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "nowhere.md.j2"
    assert_refused(run_template(runner, path), f"{path}: no such template file")


def test_template_that_is_not_utf8(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "latin1.md.j2"
    path.write_bytes("# Équipe {{ assessment.team }}\n".encode("latin-1"))
    assert_refused(run_template(runner, path), f"{path}: not valid UTF-8")


def test_an_error_in_an_included_template_names_that_file_and_line(runner: CliRunner, tmp_path: Path) -> None:
    top = template(tmp_path, '# Team\n{% include "part.j2" %}\n', "top.md.j2")
    template(tmp_path, "one\ntwo\n{{ assessment.nope }}\n", "part.j2")
    assert_refused(run_template(runner, top), f"{tmp_path / 'part.j2'}:3: ")
    template(tmp_path, "one\n{% if assessment.team %}\n", "part.j2")
    assert_refused(run_template(runner, top), f"{tmp_path / 'part.j2'}:2: template syntax error")
