"""What the answers reader accepts beyond the catalogue: each case through the real entry point."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from ..conftest import EXAMPLES, INVALID, MINI, CliRun

HEADER = "questionnaire_version: test-1\nteam: T\ndate: 2026-11-01\nanswers:\n"


def scored(cli: CliRun, path: Path) -> dict[str, Any]:
    result = cli("score", "--questionnaires", MINI, path, "--format", "json")
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def notes(result: dict[str, object]) -> dict[str, object]:
    answers = result["answers"]
    assert isinstance(answers, list)
    return {answer["id"]: answer["note"] for answer in answers}


def test_one_bad_file_keeps_the_results_of_the_others(cli: CliRun, tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(HEADER + "  code_vc: fully\n", encoding="utf-8")
    bad = INVALID / "answers" / "impossible-date.yaml"
    tagged = INVALID / "answers" / "tag-int.yaml"
    result = cli("score", "--questionnaires", MINI, good, bad, tagged, good, "--format", "json")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    outcomes = json.loads(result.stdout)
    assert [("error" in outcome) for outcome in outcomes] == [False, True, True, False]
    assert outcomes[0]["team"] == "T"


def test_a_note_that_looks_like_an_impossible_date_is_the_text_written(cli: CliRun, tmp_path: Path) -> None:
    path = tmp_path / "note.yaml"
    path.write_text(
        HEADER + "  code_vc: {answer: fully, note: 2026-02-30}\n  tracking: {answer: no, note: 2026-11-01 25:00}\n"
    )
    found = notes(scored(cli, path))
    assert found["code_vc"] == "2026-02-30"
    assert found["tracking"] == "2026-11-01 25:00"


def test_json_with_surrogate_pair_escapes_is_read(cli: CliRun, tmp_path: Path) -> None:
    document = {
        "questionnaire_version": "test-1",
        "team": "Rocket \U0001f680 team",
        "date": "2026-11-01",
        "answers": {"code_vc": {"answer": "fully", "note": 'Ship it \U0001f680, with a literal \\ud83d and "quotes"'}},
    }
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(document), encoding="utf-8")  # ensure_ascii: "\ud83d\ude80"
    assert "\\ud83d\\ude80" in path.read_text(encoding="utf-8")
    result = scored(cli, path)
    assert result["team"] == "Rocket \U0001f680 team"
    assert notes(result)["code_vc"] == 'Ship it \U0001f680, with a literal \\ud83d and "quotes"'


def test_a_lone_surrogate_escape_is_a_clear_error(cli: CliRun, tmp_path: Path) -> None:
    path = tmp_path / "answers.json"
    path.write_text('{"questionnaire_version": "test-1", "team": "\\ud83d", "date": "2026-11-01"}', encoding="utf-8")
    result = cli("score", "--questionnaires", MINI, path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "answers.json:1" in result.stderr


def test_no_is_the_one_boolean_spelling_that_is_an_answer(cli: CliRun, tmp_path: Path) -> None:
    path = tmp_path / "no.yaml"
    path.write_text(HEADER + "  code_vc: no\n  tracking: {answer: no}\n", encoding="utf-8")
    answers = {answer["id"]: answer["answer"] for answer in scored(cli, path)["answers"]}
    assert answers["code_vc"] == answers["tracking"] == "no"


def test_a_huge_level_in_fail_under_is_a_usage_error(cli: CliRun) -> None:
    result = cli("score", EXAMPLES / "fraud-platform.yaml", "--fail-under", "microsoft=" + "9" * 5000)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "microsoft has levels 1 to 5" in result.stderr
    assert len(result.stderr) < 400  # the 5,000 digits are not echoed


def test_thousands_of_mistakes_list_the_first_ones_and_count_the_rest(cli: CliRun, tmp_path: Path) -> None:
    path = tmp_path / "many.yaml"
    path.write_text(HEADER + "".join(f"  trackng{index}: mostly\n" for index in range(3000)), encoding="utf-8")
    result = cli("score", "--questionnaires", MINI, path)
    assert result.returncode == 2
    assert "3000 problems in the answers file" in result.stderr
    assert result.stderr.count("unknown question id") == 50
    assert "many.yaml:5: answers.trackng0: unknown question id" in result.stderr
    assert "... and 2950 more not shown" in result.stderr


def test_thousands_of_wrong_types_and_unknown_keys_are_counted(cli: CliRun, tmp_path: Path) -> None:
    path = tmp_path / "many.yaml"
    body = HEADER + "".join(f"  q{index}: [1]\n" for index in range(2000)) + "".join(f"k{i}: 1\n" for i in range(2000))
    path.write_text(body, encoding="utf-8")
    result = cli("score", "--questionnaires", MINI, path)
    assert result.returncode == 2
    # Each unknown id with a list is two problems: unknown, and not an answer.
    assert "6000 problems in the answers file" in result.stderr
    assert "... and 5950 more not shown" in result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_without_a_writer_is_refused_without_blocking(cli: CliRun, tmp_path: Path) -> None:
    fifo = tmp_path / "answers.yaml"
    os.mkfifo(fifo)
    result = cli("score", "--questionnaires", MINI, fifo)  # the fixture's timeout fails a hang
    assert result.returncode == 2
    assert "answers.yaml: is a FIFO (named pipe), not a regular file" in result.stderr


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="no /dev/null here")
def test_a_device_is_refused(cli: CliRun) -> None:
    result = cli("score", "--questionnaires", MINI, "/dev/zero" if sys.platform != "win32" else "NUL")
    assert result.returncode == 2
    assert "is a device or socket, not a regular file" in result.stderr


@pytest.mark.skipif(not Path("/dev/stdin").exists(), reason="no /dev/stdin here")
def test_answers_piped_on_stdin_are_read_through_dev_stdin(cli: CliRun) -> None:
    text = (EXAMPLES / "fraud-platform.yaml").read_text(encoding="utf-8")
    result = cli("score", "/dev/stdin", "--format", "json", input=text)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["team"]
