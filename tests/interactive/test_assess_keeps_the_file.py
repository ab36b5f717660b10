"""`assess` saves the file it resumes as the team keeps it: what it does not ask about
(`retired_answers`) is written back, and a JSON file stays JSON (issue 19, items 1 and 5)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

from mlops_maturity.answers.load import load_answers
from mlops_maturity.questionnaire.folder import load_questionnaires

from ..conftest import MINI

STORED = {
    "questionnaire_version": "test-1",
    "team": "T",
    "date": "2026-11-01",
    "answers": {"code_vc": {"answer": "mostly", "note": "Most repositories are in git."}},
    "retired_answers": {"old_question": {"answer": "partially", "note": "Asked by an older version."}},
}

if sys.platform != "win32":
    from .test_assess_pty import assess

    def _answer_the_first_question(tmp_path: Path, name: str) -> None:
        with assess(tmp_path, name, "--review") as run:
            run.screen(1)
            run.type("4")
            run.screen(2)
            run.type("q")
            assert run.finish() == 0

    def test_a_resumed_file_keeps_its_retired_answers(tmp_path: Path) -> None:
        path = tmp_path / "answers.yaml"
        path.write_text(yaml.safe_dump(STORED), encoding="utf-8")
        _answer_the_first_question(tmp_path, "answers.yaml")
        saved = load_answers(path, load_questionnaires(MINI)).answers
        assert saved.answers["code_vc"].answer == "fully"
        assert saved.retired_answers["old_question"].note == "Asked by an older version."

    def test_a_resumed_json_file_is_saved_as_json(tmp_path: Path) -> None:
        path = tmp_path / "answers.json"
        path.write_text(json.dumps(STORED, indent=2), encoding="utf-8")
        _answer_the_first_question(tmp_path, "answers.json")
        saved = json.loads(path.read_text(encoding="utf-8"))
        assert saved["answers"]["code_vc"]["answer"] == "fully"
        assert saved["retired_answers"] == STORED["retired_answers"]
