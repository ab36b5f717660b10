"""An older answers file is checked against its own version's rules before it is migrated.

A 2026.11 file answering n/a where 2026.11 never allowed it was read as met, and the file
`migrate` wrote from it was then refused: the old version's own refusal comes first now.
"""

from __future__ import annotations

from pathlib import Path

from mlops_maturity.answers.migrate import known_question_ids
from mlops_maturity.questionnaire.model import QuestionnaireSet

from ..conftest import DATA, CliRun

OLD = DATA / "answers-2026.11" / "devops-team.yaml"


def _with(tmp_path: Path, old: str, new: str) -> Path:
    text = OLD.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "old.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_n_a_that_the_files_version_never_allowed_is_refused_before_migrating(cli: CliRun, tmp_path: Path) -> None:
    path = _with(
        tmp_path,
        "  staged_environments:\n    answer: partially\n",
        "  staged_environments:\n    answer: n/a\n",
    )
    before = path.read_bytes()
    for command in (("score", path), ("migrate", path)):
        result = cli(*command)
        assert result.returncode == 2, result.stderr
        assert "answers.staged_environments" in result.stderr
        assert "'n/a' is not allowed for this question" in result.stderr
    assert path.read_bytes() == before


def test_n_a_that_the_files_version_allowed_is_carried_over(cli: CliRun, tmp_path: Path) -> None:
    path = _with(tmp_path, '  feature_store: "no"', "  feature_store: {answer: n/a, note: no shared features}")
    result = cli("migrate", path, "-o", tmp_path / "new.yaml")
    assert result.returncode == 0, result.stderr
    scored = cli("score", tmp_path / "new.yaml")
    assert scored.returncode == 0, scored.stderr


def test_each_migration_names_questions_of_its_own_version(shipped: QuestionnaireSet) -> None:
    for migration in shipped.bank.migrations:
        known = known_question_ids(shipped, migration.from_version)
        assert known is not None and set(migration.not_applicable or ()) <= known, migration.from_version
