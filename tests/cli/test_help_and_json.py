"""Help that reads as people write it, and JSON a program can rely on (issue 10), through the real entry point."""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from ..conftest import EXAMPLES, ROOT, CliRun

FRAUD = EXAMPLES / "fraud-platform.yaml"  # Google 1, Microsoft 4
ALL_EXAMPLES = sorted(EXAMPLES.glob("*.yaml"))
SHIPPED_RESULT_SCHEMA = ROOT / "schema" / "result.schema.json"


def _row(help_text: str, option: str) -> str:
    """The help panel's row of one option (its first line)."""
    rows = [line for line in help_text.splitlines() if re.match(rf"│ {re.escape(option)}\b", line)]
    assert rows, f"{option} not in the help"
    return rows[0]


@pytest.mark.parametrize(
    ("command", "option", "metavar"),
    [
        ("score", "--format", "FORMAT"),
        ("score", "--fail-under", "MODEL=LEVEL"),
        ("report", "--output", "FILE"),
        ("report", "--template", "FILE"),
        ("template", "--team", "NAME"),
        ("template", "--output", "FILE"),
    ],
)
def test_options_with_a_value_name_it(cli: CliRun, command: str, option: str, metavar: str) -> None:
    row = _row(cli(command, "--help").stdout, option)
    assert f" {metavar} " in row and "<" not in row, row


@pytest.mark.parametrize(
    ("command", "flag"),
    [
        ("score", "--strict"),
        ("score", "--github-summary"),
        ("score", "--array"),
        ("report", "--github-summary"),
        ("models", "--json"),
        ("schema", "--result"),
        ("score", "--help"),
        ("diff", "--fail-on-regression"),
    ],
)
def test_flags_show_no_type(cli: CliRun, command: str, flag: str) -> None:
    assert "<bool>" not in _row(cli(command, "--help").stdout, flag)


def test_the_top_level_flags_show_no_type(cli: CliRun) -> None:
    help_text = cli("--help").stdout
    for flag in ("--version", "--install-completion", "--show-completion", "--help"):
        assert "<bool>" not in _row(help_text, flag)


@pytest.mark.parametrize(
    ("command", "usage"),
    [("score", "FILE..."), ("report", "FILE"), ("lint", "DIR"), ("portfolio", "DIR|GLOB|FILE..."), ("diff", "OLD NEW")],
)
def test_the_usage_names_the_arguments_plainly(cli: CliRun, command: str, usage: str) -> None:
    help_text = cli(command, "--help").stdout
    usage_line = next(line for line in help_text.splitlines() if "Usage:" in line)
    assert usage_line.split("[OPTIONS]")[1].strip() == usage, usage_line
    assert "ANSWERS" not in help_text and "FOLDER" not in help_text


def test_help_fits_80_columns(cli: CliRun) -> None:
    for command in ("score", "portfolio"):
        lines = cli(command, "--help", env={"COLUMNS": "80"}).stdout.splitlines()
        assert max(map(len, lines)) <= 80, command


@pytest.mark.parametrize("name", ["JSON", "Json", "MARKDOWN", "Text"])
def test_formats_are_case_insensitive(cli: CliRun, name: str) -> None:
    result = cli("score", FRAUD, "-f", name)
    assert result.returncode == 0, result.stderr
    if name.lower() == "json":
        assert json.loads(result.stdout)["schema_version"] == 1


def test_an_unknown_format_is_still_a_usage_error(cli: CliRun) -> None:
    result = cli("score", FRAUD, "-f", "xml")
    assert result.returncode == 2
    assert "xml" in result.stderr


@pytest.mark.parametrize("width", [40, 80])
def test_models_wraps_between_words_and_cuts_nothing(cli: CliRun, width: int) -> None:
    result = cli("models", env={"COLUMNS": str(width)})
    assert result.returncode == 0, result.stderr
    assert "…" not in result.stdout
    words = set(result.stdout.split())
    for model in json.loads(cli("models", "--json").stdout)["models"]:
        for level in model["levels"]:
            for word in level["name"].split():
                assert word in words, (word, result.stdout)


@pytest.mark.parametrize("width", [40, 80])
def test_models_never_breaks_a_url(cli: CliRun, width: int) -> None:
    result = cli("models", env={"COLUMNS": str(width)})
    for model in json.loads(cli("models", "--json").stdout)["models"]:
        assert model["source"]["url"] in result.stdout.splitlines()


def test_models_json_is_versioned_and_labels_levels_as_score_does(cli: CliRun) -> None:
    listing = json.loads(cli("models", "--json").stdout)
    assert list(listing)[:3] == ["schema_version", "tool_version", "questionnaire_version"]
    assert listing["schema_version"] == 1
    scored = json.loads(cli("score", FRAUD, "-f", "json").stdout)
    assert listing["tool_version"] == scored["tool_version"]
    for model in listing["models"]:
        result = scored["models"][model["id"]]
        assert model["name"] == result["model_name"] and model["source"]["url"] == result["source_url"]
        for listed, level in zip(model["levels"], result["levels"], strict=True):
            assert (listed["number"], listed["native_number"], listed["label"]) == (
                level["number"],
                level["native_number"],
                level["label"],
            )
            assert listed["criteria"] == len(level["criteria"])


# The result schema


def _closed(schema: Any) -> Any:
    """The schema with no unlisted keys allowed anywhere: the output must be described in full.

    The shipped schema stays open, so that consumers of schema version 1 accept fields added later.
    """
    closed = copy.deepcopy(schema)

    def close(node: Any) -> None:
        if isinstance(node, dict):
            if "properties" in node:
                node.setdefault("additionalProperties", False)
            for value in node.values():
                close(value)
        elif isinstance(node, list):
            for value in node:
                close(value)

    close(closed)
    return closed


@pytest.fixture(scope="module")
def result_validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SHIPPED_RESULT_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(_closed(schema), format_checker=jsonschema.FormatChecker())


def _valid(validator: jsonschema.Draft202012Validator, text: str) -> Any:
    data = json.loads(text)
    errors = [f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(data)]
    assert not errors, errors[:5]
    return data


def test_the_shipped_result_schema_is_up_to_date(cli: CliRun) -> None:
    printed = cli("schema", "--result")
    assert printed.returncode == 0, printed.stderr
    assert SHIPPED_RESULT_SCHEMA.read_text(encoding="utf-8") == printed.stdout, (
        "regenerate with: mlops-maturity schema --result > schema/result.schema.json"
    )


def test_the_result_schema_does_not_depend_on_the_questionnaire(cli: CliRun, tmp_path: Path) -> None:
    assert cli("schema", "--result", "-Q", tmp_path / "none").stdout == SHIPPED_RESULT_SCHEMA.read_text(
        encoding="utf-8"
    )


@pytest.mark.parametrize("example", ALL_EXAMPLES, ids=lambda path: path.stem)
def test_every_example_result_matches_the_schema(
    cli: CliRun, result_validator: jsonschema.Draft202012Validator, example: Path
) -> None:
    result = cli("score", example, "--format", "json")
    assert result.returncode == 0, result.stderr
    data = _valid(result_validator, result.stdout)
    assert "gate" not in data
    gated = cli("score", example, "--format", "json", "--fail-under", "google=2", "--fail-under", "microsoft=3")
    assert gated.returncode in (0, 1), gated.stderr
    assert _valid(result_validator, gated.stdout)["gate"]["passed"] is (gated.returncode == 0)


def test_several_results_and_a_broken_file_match_the_schema(
    cli: CliRun, result_validator: jsonschema.Draft202012Validator, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("just text\n", encoding="utf-8")
    result = cli("score", *ALL_EXAMPLES, broken, "--format", "json")
    assert result.returncode == 2
    entries = _valid(result_validator, result.stdout)
    assert len(entries) == len(ALL_EXAMPLES) + 1 and "error" in entries[-1]


def test_the_gate_outcome_is_in_the_json(cli: CliRun) -> None:
    result = cli("score", FRAUD, "-f", "json", "--fail-under", "microsoft=3", "--fail-under", "google=2")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert list(data)[list(data).index("assessor") + 1] == "gate"
    assert data["gate"] == {
        "thresholds": [{"model": "microsoft", "level": 3}, {"model": "google", "level": 2}],
        "passed": False,
        "failures": [{"model": "google", "level": 1, "required": 2}],
    }
    passing = json.loads(cli("score", FRAUD, "-f", "json", "--fail-under", "microsoft=4").stdout)
    assert passing["gate"] == {"thresholds": [{"model": "microsoft", "level": 4}], "passed": True, "failures": []}


def test_array_gives_an_array_for_one_file_too(
    cli: CliRun, result_validator: jsonschema.Draft202012Validator, tmp_path: Path
) -> None:
    one = cli("score", FRAUD, "-f", "json", "--array")
    assert one.returncode == 0, one.stderr
    entries = _valid(result_validator, one.stdout)
    assert isinstance(entries, list) and len(entries) == 1
    assert entries[0] == json.loads(cli("score", FRAUD, "-f", "json").stdout)
    broken = tmp_path / "broken.yaml"
    broken.write_text("just text\n", encoding="utf-8")
    failed = cli("score", broken, "-f", "json", "--array")
    assert failed.returncode == 2
    assert _valid(result_validator, failed.stdout)[0]["answers_file"] == str(broken)
    assert "error:" in failed.stderr


def test_array_is_only_for_json(cli: CliRun) -> None:
    result = cli("score", FRAUD, "--array")
    assert result.returncode == 2
    assert "--array" in result.stderr and result.stdout == ""


def test_score_never_loads_the_schema_generator() -> None:
    program = (
        "import sys\n"
        "from mlops_maturity.cli import main\n"
        f"sys.argv = ['mlops-maturity', 'score', {str(FRAUD)!r}, '-f', 'json', '--fail-under', 'google=1']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "loaded = [name for name in ('mlops_maturity.report.result_schema', 'jsonschema') if name in sys.modules]\n"
        "print(' '.join(loaded), file=sys.stderr)\n"
    )
    run = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    assert run.stderr.strip() == ""
