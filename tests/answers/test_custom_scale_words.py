"""A custom scale may use words YAML 1.1 reads as booleans (`on`, `off`, `true`, `yes`):
answers written unquoted mean the words as written, in lint, scoring and reports alike."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from ..conftest import MINI, CliRun

WORDS = {"no": "off", "partially": "on", "mostly": "yes", "fully": "true"}


@pytest.fixture
def on_off(tmp_path: Path) -> Path:
    folder = tmp_path / "questionnaires"
    shutil.copytree(MINI, folder)
    for path in folder.glob("*.yaml"):
        text = path.read_text(encoding="utf-8").replace('value: "no", label: "No"', 'value: "off", label: "Off"')
        for old, new in WORDS.items():
            text = re.sub(rf'(?<![\w"]){old}(?![\w"])', f'"{new}"', text) if old != "no" else text
            text = re.sub(rf"value: {old}, label: \w+", f'value: "{new}", label: {new.title()}', text)
        text = text.replace(': "no"', ': "off"')
        path.write_text(text, encoding="utf-8")
    return folder


def test_unquoted_answers_on_an_on_off_scale_are_scored_as_written(cli: CliRun, on_off: Path, tmp_path: Path) -> None:
    assert cli("lint", on_off).returncode == 0, cli("lint", on_off).stdout
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        "questionnaire_version: test-1\nteam: T\ndate: 2026-11-01\n"
        "answers:\n  code_vc: true\n  tracking: on\n  pipeline: {answer: off, note: by hand}\n",
        encoding="utf-8",
    )
    result = cli("score", answers, "-Q", on_off, "--format", "json")
    assert result.returncode == 0, result.stderr
    given = {answer["id"]: answer["answer"] for answer in json.loads(result.stdout)["answers"]}
    assert (given["code_vc"], given["tracking"], given["pipeline"]) == ("true", "on", "off")
    report = cli("report", answers, "-Q", on_off)
    assert report.returncode == 0, report.stderr
