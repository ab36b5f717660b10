"""The catalogue of malformed inputs (answers files, report templates), each through the real entry point.

Every case must exit 2 with a message naming the file, the line where the YAML gives
one, the key, and what was expected; never a traceback, never anything on stdout.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from ..conftest import EXAMPLES, INVALID, MINI, CliRun

ANSWERS = INVALID / "answers"

# file -> the pieces a user needs to read in the message
EXPECTED: dict[str, list[str]] = {
    "empty.yaml": ["empty.yaml", "the file is empty", "mlops-maturity template"],
    "top-level-list.yaml": ["top-level-list.yaml:1", "expected a mapping", "found a list"],
    "top-level-scalar.yaml": ["top-level-scalar.yaml:1", "expected a mapping", "found a single value"],
    "answers-null.yaml": ["answers-null.yaml:4", "answers:", "expected a mapping of question ids to answers"],
    "tabs.yaml": ["tabs.yaml:5:1", "indent with spaces, not tabs"],
    "bad-indentation.yaml": ["bad-indentation.yaml:6:", "mapping values are not allowed"],
    "duplicate-keys.yaml": ["duplicate-keys.yaml:7", "duplicate key 'code_vc'", "first at line 5"],
    "unknown-question.yaml": ["unknown-question.yaml:6", "answers.trackng", "did you mean 'tracking'?"],
    "invalid-answer.yaml": ["invalid-answer.yaml:6", "answers.tracking", "'maybe'", "no, partially, mostly, fully"],
    "wrong-type.yaml": ["wrong-type.yaml:5", "answers.code_vc", "expected an answer such as"],
    "not-applicable-not-allowed.yaml": ["not-applicable-not-allowed.yaml:5", "'n/a' is not allowed"],
    "version-mismatch.yaml": ["version-mismatch.yaml:1", "questionnaire_version", "2024.01", "test-1"],
    "invalid-utf8.yaml": ["invalid-utf8.yaml:2", "not valid UTF-8", "save the file as UTF-8"],
    "missing-team.yaml": ["missing-team.yaml:1", "team: required key is missing"],
    "bad-date.yaml": ["bad-date.yaml:3", "date:", "YYYY-MM-DD", "'last tuesday'"],
    "unknown-key.yaml": ["unknown-key.yaml:4", "colour: unknown key", "questionnaire_version, team, date"],
    "unknown-answer-key.yaml": ["unknown-answer-key.yaml:7", "answers.code_vc.notes: unknown key", "answer, note"],
    "python-tag.yaml": ["python-tag.yaml:4", "only plain YAML is accepted"],
    "alias-bomb.yaml": ["alias-bomb.yaml:", "anchors and aliases", "are not supported"],
    "deep-nesting.yaml": ["deep-nesting.yaml:5", "nested too deeply"],
    "two-documents.yaml": ["two-documents.yaml:6", "single document"],
    # Values PyYAML's constructor would crash on: the reader keeps timestamps as text, and
    # the date is parsed strictly as YYYY-MM-DD.
    "impossible-date.yaml": ["impossible-date.yaml:3", "date:", "YYYY-MM-DD", "'2026-02-30'", "no such day"],
    "year-zero.yaml": ["year-zero.yaml:3", "date:", "'0000-01-01'", "no such day"],
    "hour-25.yaml": ["hour-25.yaml:3", "date:", "YYYY-MM-DD", "'2026-11-01 25:00:00'"],
    "offset-99.yaml": ["offset-99.yaml:3", "date:", "'2026-11-01T10:00:00+99:00'"],
    "date-as-number.yaml": ["date-as-number.yaml:3", "date:", "YYYY-MM-DD", "found 20261101"],
    # Explicit tags: only what plain YAML says is accepted.
    "tag-int.yaml": ["tag-int.yaml:5", "answers.code_vc", "the tag '!!int' is not accepted", "only plain YAML"],
    "tag-float.yaml": ["tag-float.yaml:3", "date:", "the tag '!!float' is not accepted"],
    "tag-bool.yaml": ["tag-bool.yaml:6", "answers.code_vc.answer", "the tag '!!bool' is not accepted"],
    "tag-timestamp.yaml": ["tag-timestamp.yaml:3", "date:", "the tag '!!timestamp' is not accepted"],
    "tag-binary.yaml": ["tag-binary.yaml:5", "answers.code_vc", "the tag '!!binary' is not accepted"],
    "tag-set.yaml": ["tag-set.yaml:4", "answers:", "the tag '!!set' is not accepted"],
    # Numbers past Python's 4,300-digit conversion limit, or costly to build (1:2:3...).
    "huge-integer.yaml": ["huge-integer.yaml:5", "answers.code_vc", "a number of 5000 characters (at most 100)"],
    "huge-integer-date.yaml": ["huge-integer-date.yaml:3", "date:", "a number of 5000 characters"],
    "sexagesimal.yaml": ["sexagesimal.yaml:5", "answers.code_vc", "a number of 5999 characters"],
    # Keys: merges, lists as keys, keys that collide once read (`on` and `true` are both True).
    "merge-key.yaml": ["merge-key.yaml:6", "answers:", "merge keys (<<) are not supported", "write the keys out"],
    "complex-key.yaml": ["complex-key.yaml:5", "answers:", "a key must be a single value"],
    "colliding-keys.yaml": ["colliding-keys.yaml:5", "duplicate key 'true' (first at line 4)"],
    # One rule for YAML booleans: the word as written must be on the scale (`no` is).
    "boolean-off.yaml": ["boolean-off.yaml:5", "answers.code_vc", "'off' is not an answer", "no, partially"],
    "boolean-false.yaml": ["boolean-false.yaml:5", "answers.code_vc", "'false' is not an answer"],
    "boolean-upper-no.yaml": ["boolean-upper-no.yaml:5", "'NO' is not an answer", "did you mean 'no'?"],
    "equals-sign.yaml": ["equals-sign.yaml:5", "answers.code_vc", "'=' is not an answer"],
    # n/a needs its reason, as in `assess` and the template.
    "not-applicable-without-reason.yaml": [
        "not-applicable-without-reason.yaml:5",
        "answers.feature_store",
        "'n/a' needs a reason",
    ],
    "not-applicable-blank-reason.yaml": ["not-applicable-blank-reason.yaml:6", "'n/a' needs a reason"],
    # An incident marks a gap: n/a has none.
    "incident-on-not-applicable.yaml": [
        "incident-on-not-applicable.yaml:6",
        "answers.feature_store",
        "'incident: true' marks a gap that caused an incident, but the answer is n/a",
    ],
    "incident-not-boolean.yaml": ["incident-not-boolean.yaml:7", "answers.code_vc.incident", "expected true or false"],
    # `mostly` is short of `fully`, but every step for the question is done there.
    "incident-where-the-steps-are-done.yaml": [
        "incident-where-the-steps-are-done.yaml:5",
        "'mostly' leaves none",
        "count as done at 'mostly'",
    ],
    "incident-unanswered.yaml": ["incident-unanswered.yaml:6", "answers.tracking", "'incident: true' needs an answer"],
    "incident-on-top-answer.yaml": [
        "incident-on-top-answer.yaml:5",
        "answers.code_vc",
        "'fully' leaves none",
        "the plan's steps for this question count as done at 'fully'",
    ],
}


def test_the_catalogue_covers_every_file() -> None:
    assert sorted(EXPECTED) == sorted(path.name for path in ANSWERS.iterdir())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_malformed_answers_file_gets_a_clear_error(cli: CliRun, name: str) -> None:
    result = cli("score", "--questionnaires", MINI, ANSWERS / name)
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("error: ")
    for piece in EXPECTED[name]:
        assert piece in result.stderr, f"{piece!r} not in:\n{result.stderr}"


def test_an_alias_bomb_is_refused_quickly(cli: CliRun) -> None:
    started = time.monotonic()
    result = cli("score", "--questionnaires", MINI, ANSWERS / "alias-bomb.yaml")
    assert result.returncode == 2
    # Generous: the point is that it does not expand a billion elements (minutes, gigabytes).
    assert time.monotonic() - started < 30


def test_a_file_over_the_size_limit_is_refused_before_parsing(cli: CliRun, tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text("questionnaire_version: test-1\n" + "# padding\n" * 120_000, encoding="utf-8")
    result = cli("score", "--questionnaires", MINI, big)
    assert result.returncode == 2
    assert "big.yaml: larger than 1024 KiB" in result.stderr


def test_a_missing_file_a_folder_and_a_path_through_a_file_are_clear_errors(cli: CliRun, tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("x", encoding="utf-8")
    for path, expected in [
        ("missing.yaml", "missing.yaml: no such file"),
        (".", ".: is a folder, expected an answers file"),
        ("plain/child.yaml", "plain/child.yaml: cannot be read"),
    ]:
        result = cli("score", "--questionnaires", MINI, path)
        assert result.returncode == 2, path
        assert expected in result.stderr
        assert "Traceback" not in result.stderr


def test_several_problems_in_one_file_are_all_listed(cli: CliRun, tmp_path: Path) -> None:
    answers = tmp_path / "many.yaml"
    answers.write_text(
        "questionnaire_version: test-1\nteam: T\ndate: 2026-11-01\nanswers:\n"
        "  code_vc: fuly\n  trackng: mostly\n  pipeline: sometimes\n",
        encoding="utf-8",
    )
    result = cli("score", "--questionnaires", MINI, answers)
    assert result.returncode == 2
    assert "3 problems" in result.stderr
    assert "many.yaml:5: answers.code_vc: 'fuly' is not an answer" in result.stderr
    assert "did you mean 'fully'?" in result.stderr
    assert "many.yaml:6: answers.trackng: unknown question id" in result.stderr
    assert "many.yaml:7: answers.pipeline: 'sometimes'" in result.stderr


TEMPLATES = INVALID / "templates"
TEMPLATE_ERRORS: dict[str, list[str]] = {
    "syntax-error.md.j2": ["syntax-error.md.j2:", "template syntax error", "endfor"],
    "undefined-variable.md.j2": ["undefined-variable.md.j2:3", "modles", "see the README"],
    "sandbox-escape.md.j2": ["sandbox-escape.md.j2:2", "refused by the template sandbox"],
    "sandbox-subclasses.md.j2": ["sandbox-subclasses.md.j2:3", "refused by the template sandbox"],
    "bad-expression.md.j2": ["bad-expression.md.j2:3", "template error"],
    "not-utf8.md.j2": ["not-utf8.md.j2", "not valid UTF-8"],
    # Work and memory bounds: refused before the value is built, with file and line.
    "huge-repeat.md.j2": ["huge-repeat.md.j2:3", "template refused", "`*` would build a value of over 1,000,000"],
    "failed-assertion.md.j2": ["failed-assertion.md.j2:3", "template error: AssertionError"],
    "huge-power.md.j2": ["huge-power.md.j2:3", "template refused", "`**` would make an integer of over"],
    "huge-lipsum.md.j2": ["huge-lipsum.md.j2:3", "template refused: lipsum(100000000): a size over 10,000"],
    "huge-center.md.j2": ["huge-center.md.j2:3", "template refused: center(10000000000): a size over 10,000"],
    "huge-bar.md.j2": ["huge-bar.md.j2:3", "template refused: bar(1000000000): a size over 10,000"],
    "doubling-string.md.j2": ["doubling-string.md.j2:3", "template refused: `~` would build a value of over"],
    "doubling-list.md.j2": ["doubling-list.md.j2:3", "template refused: extend() would build a value of over"],
    "huge-format-width.md.j2": ["huge-format-width.md.j2:3", "template refused", "width or precision of 999999999"],
    "huge-format-spec.md.j2": ["huge-format-spec.md.j2:3", "template refused", "width or precision of 999999999"],
}


def test_the_template_catalogue_covers_every_file() -> None:
    assert sorted(TEMPLATE_ERRORS) == sorted(path.name for path in TEMPLATES.iterdir())


@pytest.mark.parametrize("name", sorted(TEMPLATE_ERRORS))
def test_a_broken_report_template_gets_a_clear_error(cli: CliRun, tmp_path: Path, name: str) -> None:
    report = tmp_path / "report.md"
    report.write_text("the previous report\n", encoding="utf-8")
    answers = EXAMPLES / "fraud-platform.yaml"
    result = cli("report", answers, "--template", TEMPLATES / name, "-o", report)
    assert result.returncode == 2, result.stderr
    assert result.stdout == "" and "Traceback" not in result.stderr
    for piece in TEMPLATE_ERRORS[name]:
        assert piece in result.stderr, f"{piece!r} not in:\n{result.stderr}"
    assert report.read_text(encoding="utf-8") == "the previous report\n"  # never truncated on failure


def test_a_missing_key_does_not_hide_the_answers_problems(cli: CliRun, tmp_path: Path) -> None:
    answers = tmp_path / "nodate.yaml"
    answers.write_text("questionnaire_version: test-1\nteam: T\nanswers:\n  code_vc: fuly\n  trackng: mostly\n")
    result = cli("score", "--questionnaires", MINI, answers)
    assert result.returncode == 2
    assert "3 problems" in result.stderr
    assert "nodate.yaml:1: date: required key is missing" in result.stderr
    assert "nodate.yaml:4: answers.code_vc: 'fuly' is not an answer" in result.stderr
    assert "nodate.yaml:5: answers.trackng: unknown question id; did you mean 'tracking'?" in result.stderr


def test_yaml_booleans_are_named_as_written(cli: CliRun, tmp_path: Path) -> None:
    answers = tmp_path / "booleans.yaml"
    answers.write_text(
        "questionnaire_version: test-1\nteam: T\ndate: 2026-11-01\nanswers:\n  code_vc: on\n  tracking: {answer: true}\n"
    )
    result = cli("score", "--questionnaires", MINI, answers)
    assert result.returncode == 2
    assert "booleans.yaml:5: answers.code_vc: 'on' is not an answer" in result.stderr
    assert "booleans.yaml:6: answers.tracking: 'true' is not an answer" in result.stderr


def test_an_unquoted_version_is_read_as_written(cli: CliRun, tmp_path: Path) -> None:
    folder = tmp_path / "questionnaires"
    folder.mkdir()
    for path in MINI.glob("*.yaml"):
        (folder / path.name).write_text(path.read_text().replace('version: "test-1"', 'version: "2026.10"'))
    answers = tmp_path / "answers.yaml"
    answers.write_text("questionnaire_version: 2026.10\nteam: T\ndate: 2026-11-01\nanswers:\n  code_vc: fully\n")
    result = cli("score", "--questionnaires", folder, answers, "-f", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["questionnaire_version"] == "2026.10"
