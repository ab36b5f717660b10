"""What reaches the terminal from an answers file, through the real entry point.

Bidirectional controls and zero-width characters are removed like every other control
character (`safe_text.printable`): in a team name on the summary, and in a key named by an
error. Errors about a malformed file name the file, the line and the key, in the words of
someone writing YAML: no Python type names, no pydantic or PyYAML vocabulary.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mlops_maturity.safe_text import log_safe, one_line, printable

from .conftest import MINI, CliRun

# Every bidirectional mark, embedding, override and isolate, and every zero-width character.
INVISIBLE = [
    "\u200b",  # zero-width space
    "\u200c",  # zero-width non-joiner
    "\u200d",  # zero-width joiner
    "\u200e",  # left-to-right mark
    "\u200f",  # right-to-left mark
    "\u202a",  # left-to-right embedding
    "\u202b",  # right-to-left embedding
    "\u202c",  # pop directional formatting
    "\u202d",  # left-to-right override
    "\u202e",  # right-to-left override
    "\u2066",  # left-to-right isolate
    "\u2067",  # right-to-left isolate
    "\u2068",  # first strong isolate
    "\u2069",  # pop directional isolate
    "\ufeff",  # zero-width no-break space (a byte-order mark inside text)
    "\u061c",  # Arabic letter mark
    "\u180e",  # Mongolian vowel separator (invisible, once a space)
]
INVISIBLE_PATTERN = re.compile("[" + "".join(INVISIBLE) + "]")

HEADER = "questionnaire_version: test-1\nteam: Platform\ndate: 2026-11-01\n"


def _write(folder: Path, name: str, body: str | bytes) -> Path:
    path = folder / name
    if isinstance(body, bytes):
        path.write_bytes(body)
    else:
        path.write_text(body, encoding="utf-8")
    return path


@pytest.mark.parametrize("character", INVISIBLE, ids=lambda character: f"U+{ord(character):04X}")
def test_the_safe_text_functions_remove_it(character: str) -> None:
    text = f"Pay{character}ments"
    assert printable(text) == one_line(text) == log_safe(text) == "Payments"


def test_the_word_joiner_log_safe_adds_is_kept() -> None:
    assert printable("a\u2060b") == "a\u2060b"


@pytest.mark.parametrize("character", INVISIBLE, ids=lambda character: f"U+{ord(character):04X}")
def test_a_team_name_reaches_the_terminal_without_it(cli: CliRun, tmp_path: Path, character: str) -> None:
    answers = _write(
        tmp_path,
        "answers.yaml",
        f"questionnaire_version: test-1\nteam: Pay{character}ments\ndate: 2026-11-01\nanswers:\n  code_vc: fully\n",
    )
    for output_format in ("text", "github"):
        result = cli("score", "--questionnaires", MINI, "--format", output_format, answers)
        assert result.returncode == 0, result.stderr
        assert "Payments" in result.stdout
        assert not INVISIBLE_PATTERN.search(result.stdout + result.stderr)


@pytest.mark.parametrize("character", INVISIBLE, ids=lambda character: f"U+{ord(character):04X}")
def test_an_error_names_the_key_without_it(cli: CliRun, tmp_path: Path, character: str) -> None:
    answers = _write(tmp_path, "answers.yaml", f"{HEADER}answers:\n  code{character}_vc: fully\n")
    result = cli("score", "--questionnaires", MINI, answers)
    assert result.returncode == 2
    assert "answers.yaml:5: answers.code_vc: unknown question id" in result.stderr
    assert not INVISIBLE_PATTERN.search(result.stderr)


# Words a user writing YAML never wrote: Python's types, pydantic's and PyYAML's vocabulary.
INTERNAL = re.compile(
    r"\b(?:int|str|float|dict|tuple|NoneType|bool|Response|Answer|AnswersFile)\b\)?$|\((?:int|str|float|dict|NoneType)\)"
    r"|Input should|should be a valid|Keys should|\[key\]|\bNone\b|scalar|token|stream|<unicode string>|position \d"
    r"|flow (?:mapping|sequence)|block (?:mapping|collection)",
    re.MULTILINE,
)

# file name -> (content, pieces the message must hold: the file, its line, the key, what was found)
MALFORMED: dict[str, tuple[str | bytes, list[str]]] = {
    "bare-list.yaml": ("- code_vc\n- fully\n", ["bare-list.yaml:1:", "found a list"]),
    "number.yaml": ("42\n", ["number.yaml:1:", "found a single value (42)"]),
    "text.yaml": ("hello\n", ["text.yaml:1:", "found a single value ('hello')"]),
    "tab-indented.yaml": (
        f"{HEADER}answers:\n\tcode_vc: fully\n",
        ["tab-indented.yaml:5:1:", "a tab", "indent with spaces"],
    ),
    "control-character.yaml": (
        "questionnaire_version: test-1\nteam: Plat\x07form\ndate: 2026-11-01\nanswers: {}\n",
        ["control-character.yaml:2:11:", "U+0007", "\\x07"],
    ),
    "nul.json": ('{"questionnaire_version": "test-1",\n "team": "a\x00"}', ["nul.json:2:12:", "U+0000"]),
    "reserved-character.yaml": (
        f"{HEADER}answers:\n  code_vc: @fully\n",
        ["reserved-character.yaml:5:12:", "'@'", "quotes"],
    ),
    "unclosed-quote.yaml": (
        f'{HEADER}answers:\n  code_vc: "fully\n',
        ["unclosed-quote.yaml:", "end of the file", "quoted text"],
    ),
    "unclosed-list.yaml": (f"{HEADER}answers:\n  code_vc: {{answer: fully, evidence: [a\n", ["unclosed-list.yaml:6:"]),
    "team-number.yaml": (
        "questionnaire_version: test-1\nteam: 12\ndate: 2026-11-01\nanswers: {}\n",
        ["team-number.yaml:2: team: expected text, found 12"],
    ),
    "team-empty.yaml": (
        "questionnaire_version: test-1\nteam:\ndate: 2026-11-01\nanswers: {}\n",
        ["team-empty.yaml:2: team: expected text, found an empty value"],
    ),
    "team-blank.yaml": (
        "questionnaire_version: test-1\nteam: ''\ndate: 2026-11-01\nanswers: {}\n",
        ["team-blank.yaml:2: team: must not be empty"],
    ),
    "answer-number.yaml": (
        f"{HEADER}answers:\n  code_vc: 3.5\n",
        ["answer-number.yaml:5: answers.code_vc:", "(found 3.5)"],
    ),
    "estimate-word.yaml": (
        f"{HEADER}answers:\n  code_vc:\n    answer: fully\n    estimate: maybe\n",
        ["estimate-word.yaml:7: answers.code_vc.estimate: expected true or false, found 'maybe'"],
    ),
    "evidence-number.yaml": (
        f"{HEADER}answers:\n  code_vc:\n    answer: fully\n    evidence: 5\n",
        ["evidence-number.yaml:7: answers.code_vc.evidence: expected a list, found 5"],
    ),
    "response-number.yaml": (
        f"{HEADER}answers:\n  code_vc:\n    answer: fully\n    responses: [1]\n",
        ["response-number.yaml:7: answers.code_vc.responses.0: expected a mapping, found 1"],
    ),
    "confidence-word.yaml": (
        f"{HEADER}answers:\n  code_vc:\n    answer: fully\n    confidence: huge\n",
        ["confidence-word.yaml:7: answers.code_vc.confidence: expected 'high', 'medium' or 'low', found 'huge'"],
    ),
    "number-as-key.yaml": (
        f"{HEADER}answers:\n  1: fully\n",
        ["number-as-key.yaml:5: answers.1: a key must be text, found 1"],
    ),
    "null-key.yaml": (f"{HEADER}answers: {{}}\nnull: 1\n", ["null-key.yaml:5: null: unknown key"]),
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_a_malformed_file_is_told_in_the_users_words(cli: CliRun, tmp_path: Path, name: str) -> None:
    content, pieces = MALFORMED[name]
    result = cli("score", "--questionnaires", MINI, _write(tmp_path, name, content))
    assert result.returncode == 2, result.stderr
    assert result.stdout == "" and "Traceback" not in result.stderr
    for piece in pieces:
        assert piece in result.stderr, f"{piece!r} not in:\n{result.stderr}"
    assert not INTERNAL.search(result.stderr), result.stderr


def test_the_github_annotation_of_a_control_character_has_its_line(cli: CliRun, tmp_path: Path) -> None:
    content, _ = MALFORMED["control-character.yaml"]
    _write(tmp_path, "control-character.yaml", content)
    result = cli("score", "--questionnaires", MINI, "--format", "github", "control-character.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert "::error file=control-character.yaml,line=2,col=11," in result.stdout
