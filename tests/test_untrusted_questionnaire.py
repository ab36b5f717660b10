"""An organisation's questionnaire folder is untrusted: no escape sequence in it reaches the output.

A copy of the shipped folder gets terminal escapes and a bidi override appended to every
text field; every command that shows questionnaire text then runs on it, and neither its
stdout nor its stderr may carry an ESC or a bidi control.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import EXAMPLES, ROOT, CliRun

HOSTILE = "\x1b]0;pwned\x07\x1b[2J\u202e"
"""Retitles the terminal, clears the screen, and reverses what follows."""
FORBIDDEN = ("\x1b", "\u202e")

IDENTIFIER_KEYS = frozenset(
    {"id", "dimension", "value", "number", "native_number", "from_version", "to_version", "counted_with"}
)
"""Keys whose values are identifiers or numbers, not text; they keep their values."""
OPAQUE_KEYS = frozenset(
    {
        "requires",
        "done_when",
        "next_steps",
        "after",
        "after_when",
        "safeguards",
        "safeguard_needs",
        "becomes",
        "added",
        "answers",
    }
)
"""Mappings of question ids to answers, lists of step or question ids, and a migration's
mapping of old to new answers: left exactly as they are."""


def _poison(node: Any, *, top_level: bool = False) -> tuple[Any, int]:
    """The node with HOSTILE appended to every text field, and how many fields were changed."""
    if isinstance(node, dict):
        changed = 0
        result: dict[str, Any] = {}
        for key, value in node.items():
            # The bank's `version` is an identifier (answers files name it); a source's is text.
            if key in IDENTIFIER_KEYS or key in OPAQUE_KEYS or (top_level and key == "version"):
                result[key] = value
                continue
            if isinstance(value, str):
                result[key] = value + HOSTILE
                changed += 1
            else:
                result[key], count = _poison(value)
                changed += count
        return result, changed
    if isinstance(node, list):
        items = [_poison(item) for item in node]
        return [item for item, _ in items], sum(count for _, count in items)
    return node, 0


@pytest.fixture(scope="module")
def hostile_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile") / "questionnaires"
    shutil.copytree(ROOT / "questionnaires", folder)
    files = sorted(folder.glob("*.yaml"))
    assert {path.name for path in files} >= {"questions.yaml", "google.yaml", "microsoft.yaml"}
    for path in files:
        data, changed = _poison(yaml.safe_load(path.read_text(encoding="utf-8")), top_level=True)
        assert changed > 0, path
        path.write_text(yaml.safe_dump(data, allow_unicode=False, sort_keys=False), encoding="utf-8")
    return folder


def _assert_clean(result: Any, what: str) -> None:
    for stream_name in ("stdout", "stderr"):
        stream = getattr(result, stream_name)
        for forbidden in FORBIDDEN:
            if forbidden in stream:
                position = stream.index(forbidden)
                context = stream[max(0, position - 120) : position + 20]
                raise AssertionError(f"{what}: {forbidden!r} in {stream_name}, after: {context!r}")


def _strings(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [text for value in node.values() for text in _strings(value)]
    if isinstance(node, list):
        return [text for value in node for text in _strings(value)]
    return [node] if isinstance(node, str) else []


def test_the_hostile_folder_really_holds_escapes(hostile_folder: Path) -> None:
    for path in hostile_folder.glob("*.yaml"):
        texts = _strings(yaml.safe_load(path.read_text(encoding="utf-8")))
        assert sum(text.endswith(HOSTILE) for text in texts) > 100, path


def test_lint_shows_no_escape(cli: CliRun, hostile_folder: Path) -> None:
    result = cli("lint", hostile_folder)
    _assert_clean(result, "lint")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(("models",), id="models"),
        pytest.param(("models", "--json"), id="models-json"),
        pytest.param(("template",), id="template"),
        pytest.param(("schema",), id="schema"),
        pytest.param(("report", EXAMPLES / "fraud-platform.yaml"), id="report"),
    ],
)
def test_a_command_shows_no_escape(cli: CliRun, hostile_folder: Path, args: tuple[str | Path, ...]) -> None:
    result = cli(*args, "-Q", hostile_folder)
    _assert_clean(result, " ".join(map(str, args)))
    assert result.returncode == 0, result.stderr
    assert "pwned" in result.stdout  # the hostile text is shown, its escapes removed


def test_the_environment_variable_folder_shows_no_escape(cli: CliRun, hostile_folder: Path) -> None:
    result = cli("models", env={"MLOPS_MATURITY_QUESTIONNAIRES": str(hostile_folder)})
    _assert_clean(result, "models (MLOPS_MATURITY_QUESTIONNAIRES)")
    assert result.returncode == 0, result.stderr
    assert "pwned" in result.stdout  # the hostile folder is the one shown, its escapes removed


@pytest.mark.parametrize("output_format", ["text", "json", "markdown"])
@pytest.mark.parametrize("example", sorted(path.name for path in EXAMPLES.glob("*.yaml")))
def test_score_shows_no_escape(
    cli: CliRun, hostile_folder: Path, tmp_path: Path, example: str, output_format: str
) -> None:
    answers = yaml.safe_load((EXAMPLES / example).read_text(encoding="utf-8"))
    bank = yaml.safe_load((hostile_folder / "questions.yaml").read_text(encoding="utf-8"))
    answers["questionnaire_version"] = bank["version"]
    path = tmp_path / example
    path.write_text(yaml.safe_dump(answers, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = cli("score", path, "--format", output_format, "-Q", hostile_folder)
    _assert_clean(result, f"score {example} --format {output_format}")
    assert result.returncode == 0, result.stderr
    assert "pwned" in result.stdout


@pytest.fixture(scope="module")
def broken_folder(hostile_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile folder with escapes in identifiers too, so that lint's problems quote them."""
    folder = tmp_path_factory.mktemp("broken") / "questionnaires"
    shutil.copytree(hostile_folder, folder)
    bank_path = folder / "questions.yaml"
    bank = yaml.safe_load(bank_path.read_text(encoding="utf-8"))
    bank["questions"][0]["id"] += HOSTILE
    bank["questions"][1]["dimension"] += HOSTILE
    bank["steps"][0]["done_when"] = {"unknown" + HOSTILE: "fully" + HOSTILE}
    bank_path.write_text(yaml.safe_dump(bank, allow_unicode=False, sort_keys=False), encoding="utf-8")
    return folder


def test_lint_problems_quoting_hostile_identifiers_show_no_escape(cli: CliRun, broken_folder: Path) -> None:
    result = cli("lint", broken_folder)
    _assert_clean(result, "lint (broken folder)")
    assert result.returncode == 2
    assert "pwned" in result.stdout  # the problems quote the hostile values, without their escapes


def test_a_broken_hostile_folder_fails_scoring_without_escapes(cli: CliRun, broken_folder: Path) -> None:
    result = cli("score", EXAMPLES / "fraud-platform.yaml", "-Q", broken_folder)
    _assert_clean(result, "score (broken folder)")
    assert result.returncode == 2
    assert "pwned" in result.stderr


def test_answer_problems_against_a_hostile_folder_show_no_escape(
    cli: CliRun, hostile_folder: Path, tmp_path: Path
) -> None:
    answers = tmp_path / "typos.yaml"
    answers.write_text(
        'questionnaire_version: "2026.11"\nteam: T\ndate: 2026-11-01\n'
        "answers:\n  experiment_tracking: fuly\n  experiment_trackin: 'no'\n",
        encoding="utf-8",
    )
    result = cli("score", answers, "-Q", hostile_folder)
    _assert_clean(result, "score (answers with typos)")
    assert result.returncode == 2
    assert "did you mean" in result.stderr
