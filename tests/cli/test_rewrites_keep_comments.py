"""`migrate` keeps a YAML answers file's comments: only what the migration changes changes.
Only the commands that rewrite a file load ruamel.yaml (its round trip)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from mlops_maturity.answers.load import load_answers
from mlops_maturity.questionnaire.model import QuestionnaireSet

from ..commented import END_COMMENT, SCHEMA_LINE, comments, in_order, with_comments
from ..conftest import DATA, EXAMPLES, CliRun

OLD = DATA / "answers-2026.12" / "devops-team.yaml"


def _old_file_with_comments(tmp_path: Path) -> Path:
    path = tmp_path / "answers.yaml"
    text = with_comments(OLD.read_text(encoding="utf-8"), above="online_experiments", line_end="modular_components")
    path.write_text(text, encoding="utf-8")
    return path


def test_migrate_keeps_every_comment_and_changes_only_what_the_migration_changes(
    cli: CliRun, tmp_path: Path, shipped: QuestionnaireSet
) -> None:
    path = _old_file_with_comments(tmp_path)
    before = path.read_text(encoding="utf-8")
    migrated = load_answers(path, shipped).answers
    result = cli("migrate", path)
    assert result.returncode == 0, result.stderr
    after = path.read_text(encoding="utf-8")
    lines = after.splitlines()
    assert lines[0] == SCHEMA_LINE and lines[-1] == END_COMMENT
    assert in_order(comments(before), comments(after))
    assert '  modular_components: "no"  # settled with the data team in October' in lines
    # The block above a question stays above it, even with a question carried over before it.
    block_end = lines.index("  #   asked again at the quarterly review; see the wiki page.")
    assert lines[block_end + 1] == "  online_experiments:"
    assert "  online_validation:" in lines[: block_end - 1]
    # Every other line is as it was; the version changed, and the new keys were added.
    assert in_order([line for line in before.splitlines() if not line.startswith("questionnaire_version")], lines)
    assert yaml.safe_load(after)["questionnaire_version"] == shipped.version
    assert "    carried_from: training_pipeline@2026.12" in lines
    assert load_answers(path, shipped).answers == migrated


def test_a_migrated_copy_keeps_the_comments_too(cli: CliRun, tmp_path: Path) -> None:
    path = _old_file_with_comments(tmp_path)
    result = cli("migrate", path, "-o", tmp_path / "new.yaml")
    assert result.returncode == 0, result.stderr
    assert in_order(comments(path.read_text(encoding="utf-8")), comments((tmp_path / "new.yaml").read_text("utf-8")))
    assert cli("score", tmp_path / "new.yaml").returncode == 0


def _modules_after(*args: str | Path) -> set[str]:
    """The ruamel modules loaded by one run of the command."""
    program = (
        "import sys\n"
        "from mlops_maturity.cli import main\n"
        f"sys.argv = ['mlops-maturity', *{[str(arg) for arg in args]!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('loaded:', *(name for name in sys.modules if name.split('.')[0] == 'ruamel'), file=sys.stderr)\n"
    )
    run = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    return set(next(line for line in run.stderr.splitlines() if line.startswith("loaded:")).split()[1:])


def test_only_a_rewrite_loads_ruamel(tmp_path: Path) -> None:
    assert _modules_after("score", EXAMPLES / "fraud-platform.yaml", "-f", "json") == set()
    assert "ruamel.yaml" in _modules_after("migrate", _old_file_with_comments(tmp_path))


def test_comments_that_cannot_be_kept_are_said_to_be_lost(
    cli: CliRun, tmp_path: Path, shipped: QuestionnaireSet
) -> None:
    """A tab before a comment reads as YAML to the tool, but cannot be edited in place: the file
    is written afresh, and the person is told what was lost rather than finding out later."""
    answers = tmp_path / "answers.yaml"
    text = OLD.read_text(encoding="utf-8").replace("\nteam: ", "\n# our platform team\nteam: ", 1)
    head, team_line, rest = text.partition("\nteam: ")
    line, newline, tail = rest.partition("\n")
    answers.write_text(f"{head}{team_line}{line}\t# renamed in May{newline}{tail}", encoding="utf-8")
    result = cli("migrate", answers)
    assert result.returncode == 0, result.stderr
    assert "# our platform team" not in answers.read_text(encoding="utf-8")
    assert f"warning: {answers}: " in result.stderr and "comment line(s) could not be kept" in result.stderr
    assert load_answers(answers, shipped).answers.team  # and what was written reads back


def test_an_unanswered_question_is_not_said_to_be_carried(cli: CliRun, tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    data = yaml.safe_load(OLD.read_text(encoding="utf-8"))
    data["answers"]["load_tests"] = None
    answers.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = cli("migrate", answers)
    assert result.returncode == 0, result.stderr
    assert "load_tests: answer kept" not in result.stderr
    assert "carried_from" not in str(yaml.safe_load(answers.read_text(encoding="utf-8"))["answers"].get("load_tests"))
