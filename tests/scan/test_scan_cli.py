"""`mlops-maturity scan` through the real entry point: formats, output, merge, bad input, this repository."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml

from mlops_maturity.questionnaire.shipped import bundled_questionnaires_dir
from tests.conftest import ROOT, CliRun
from tests.scan.conftest import build, lines

TRACKING = lines("import mlflow", "mlflow.log_metric('auc', 0.9)")
WORKFLOW = lines("on: [push, pull_request]", "jobs:", "  test:", "    steps:", "      - run: pytest")


def _repo(tmp_path: Path) -> Path:
    return build(
        tmp_path / "churn-model",
        {
            "src/train.py": TRACKING,
            ".github/workflows/ci.yml": WORKFLOW,
            "tests/test_train.py": "def test_train():\n    assert True\n",
            "evil\x1b[31m.py": "mlflow.log_param('x', 1)\n",
        },
    )


def test_scan_then_score_gives_levels(cli: CliRun, tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    scanned = cli("scan", repo, "-o", "draft.yaml")
    assert scanned.returncode == 0, scanned.stderr
    assert scanned.stdout == ""
    assert "answers proposed" in scanned.stderr and "\x1b" not in scanned.stderr
    draft = yaml.safe_load((tmp_path / "draft.yaml").read_text(encoding="utf-8"))
    assert draft["team"] == "churn-model"
    assert draft["answers"]["app_ci_builds"] == {
        "answer": "mostly",
        "note": draft["answers"]["app_ci_builds"]["note"],
        "evidence": [
            "scan: .github/workflows/ci.yml:5 CI builds or tests on every change",
            "scan: .github/workflows/ci.yml:2 GitHub Actions workflow runs on push or pull request",
        ],
        "source": "scan",
        "confidence": "medium",
    }
    scored = cli("score", "draft.yaml", "--format", "json")
    assert scored.returncode == 0, scored.stderr
    levels = {model: data["level"] for model, data in json.loads(scored.stdout)["models"].items()}
    assert set(levels) == {"google", "microsoft"} and all(isinstance(level, int) for level in levels.values())


def test_text_json_and_markdown_formats(cli: CliRun, tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    text = cli("scan", repo, "--format", "text")
    assert text.returncode == 0, text.stderr
    assert "Experiment tracking" in text.stdout and "src/train.py:2" in text.stdout
    assert "\x1b" not in text.stdout  # the file name's escape sequence was removed
    assert "ds_de_collaboration" in text.stdout  # listed for a person
    data = json.loads(cli("scan", repo, "--format", "json").stdout)
    assert data["schema_version"] == 1
    assert data["proposals"]["experiment_tracking"]["evidence"][0]["path"] in {"evil[31m.py", "src/train.py"}
    assert data["answers"]["answers"]["experiment_tracking"]["source"] == "scan"
    markdown = cli("scan", repo, "--format", "markdown").stdout
    assert "| Practice | Found | How | Where |" in markdown and "\x1b" not in markdown


def test_merge_never_overwrites_a_person(cli: CliRun, tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        "questionnaire_version: '2026.12'\nteam: Churn\ndate: 2026-11-01\nanswers:\n"
        "  experiment_tracking: {answer: 'no', note: retired the tracker}\n",
        encoding="utf-8",
    )
    merged = cli("scan", repo, "--merge", answers, "-o", answers)
    assert merged.returncode == 0, merged.stderr
    data = yaml.safe_load(answers.read_text(encoding="utf-8"))
    assert data["team"] == "Churn"
    tracking = data["answers"]["experiment_tracking"]
    assert (tracking["answer"], tracking["note"]) == ("no", "retired the tracker")
    assert all(entry.startswith("scan: ") for entry in tracking["evidence"])
    assert data["answers"]["app_ci_builds"]["source"] == "scan"


def test_merge_keeps_the_editor_schema_line_and_says_the_file_was_completed(cli: CliRun, tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        "# yaml-language-server: $schema=answers.schema.json\n"
        "questionnaire_version: '2026.12'\nteam: Churn\ndate: 2026-11-01\nanswers: {}\n",
        encoding="utf-8",
    )
    assert cli("scan", repo, "--merge", answers, "-o", answers).returncode == 0
    head = answers.read_text(encoding="utf-8").splitlines()[:2]
    assert head[0] == "# yaml-language-server: $schema=answers.schema.json"
    assert head[1].startswith("# Completed by `mlops-maturity scan") and "Draft" not in head[1]


def test_an_older_answers_file_is_merged_through_its_migration(cli: CliRun, tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    older = tmp_path / "older.yaml"
    shutil.copy(ROOT / "tests" / "data" / "answers-2026.11" / "fraud-platform.yaml", older)
    merged = cli("scan", repo, "--merge", older, "-o", tmp_path / "merged.yaml")
    assert merged.returncode == 0, merged.stderr
    assert "2026.11" in merged.stderr  # the migration is said, as every command says it
    assert "mlops-maturity migrate" not in merged.stderr  # the merged file is already at the current version
    assert yaml.safe_load((tmp_path / "merged.yaml").read_text(encoding="utf-8"))["questionnaire_version"] == "2027.01"


def test_text_table_never_cuts_a_path_in_two(cli: CliRun, tmp_path: Path) -> None:
    name = "a-rather-long-folder-name-for-the-tests/with-a-long-subfolder/test_the_model_end_to_end.py"
    repo = build(
        tmp_path / "r",
        {
            name: "def test_model():\n    assert True\n",
            **{f"tests/test_{n}.py": "def test_x():\n    assert 1\n" for n in range(3)},
        },
    )
    text = cli("scan", repo, "--format", "text").stdout
    assert any(f"{name}:1" in line for line in text.splitlines()), text


def test_bad_input_exits_2_without_a_traceback(cli: CliRun, tmp_path: Path) -> None:
    missing = cli("scan", tmp_path / "nowhere")
    assert (missing.returncode, missing.stdout) == (2, "")
    assert "no such folder" in missing.stderr and "Traceback" not in missing.stderr
    (tmp_path / "file.txt").write_text("x\n", encoding="utf-8")
    assert cli("scan", tmp_path / "file.txt").returncode == 2
    assert cli("scan", tmp_path, "--format", "pdf").returncode == 2
    unwritable = cli("scan", tmp_path, "-o", tmp_path / "no-folder" / "draft.yaml")
    assert unwritable.returncode == 2 and "does not exist" in unwritable.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text("team: x\n", encoding="utf-8")
    assert cli("scan", tmp_path, "--merge", bad).returncode == 2


def test_lint_checks_the_catalogue_with_file_and_line(cli: CliRun, tmp_path: Path) -> None:
    folder = tmp_path / "questionnaires"
    shutil.copytree(Path(str(bundled_questionnaires_dir())), folder, ignore=shutil.ignore_patterns("*.json"))
    assert cli("lint", folder).returncode == 0
    (folder / "detectors" / "zz_broken.yaml").write_text(
        lines(
            "detectors:",
            "  - id: github_actions",
            "    practice: ci",
            "    tool: Copy",
            "    proposes:",
            "      - question: no_such_question",
            "        answer: mostly",
            "        confidence: high",
            "        why: x",
            "      - question: app_ci_builds",
            "        answer: totally",
            "        confidence: high",
            "        why: x",
            "    signals:",
            "      - files: ['**/*.py']",
            "        keywords: [x]",
            "        contains: ['(unclosed']",
            "        reason: x",
            "      - files: ['**/*.py']",
            "        keywords: [x]",
            "        contains: ['x(?=y)']",
            "        reason: a lookahead, which linear-time matching cannot run",
        ),
        encoding="utf-8",
    )
    linted = cli("lint", folder)
    assert linted.returncode == 2
    shown = linted.stdout
    assert "zz_broken.yaml:2: detectors.0.id: duplicate detector id 'github_actions'" in shown
    assert "zz_broken.yaml:6: detectors.0.proposes.0.question: unknown question id 'no_such_question'" in shown
    assert "zz_broken.yaml:11: detectors.0.proposes.1.answer: 'totally' is not an answer" in shown
    assert "zz_broken.yaml:17: detectors.0.signals.0.contains.0: not a valid regular expression" in shown
    assert (
        "zz_broken.yaml:21: detectors.0.signals.1.contains.0: not a valid regular expression: invalid perl operator: (?="
        in shown
    )
    assert "WARNING" not in linted.stderr and "re2.cc" not in linted.stderr  # the engine's own log stays quiet


def test_scanning_this_repository_gives_a_sensible_cited_result(cli: CliRun) -> None:
    scanned = cli("scan", ROOT, "--format", "json")
    assert scanned.returncode == 0, scanned.stderr
    data = json.loads(scanned.stdout)
    tests = data["proposals"]["app_unit_tests"]
    assert tests["answer"] == "partially" and tests["evidence"][0]["path"].startswith("tests/")
    # The catalogue, the README and the tests name every tool; none of that is evidence.
    for question in ("experiment_tracking", "model_registry", "training_pipeline", "drift_monitoring"):
        assert question not in data["proposals"], question
    assert "ds_de_collaboration" in data["needs_a_human"]


def test_every_format_says_first_what_holds_the_drafts_levels(cli: CliRun, tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    data = json.loads(cli("scan", repo, "--format", "json").stdout)
    microsoft = data["levels"]["microsoft"]
    assert microsoft["scored"] == 1 and microsoft["evidence"] >= microsoft["scored"]
    assert microsoft["held_for_lack_of_evidence"] == (microsoft["evidence"] > microsoft["scored"])
    assert "model_handoff_to_engineers" in microsoft["unseen_questions"]
    text = cli("scan", repo, "--format", "text").stdout.splitlines()
    assert text[2].startswith("Levels of this draft as scored (unanswered questions are not met): Google Level 0")
    draft = cli("scan", repo).stdout
    assert draft.startswith("# Levels of this draft as scored")
    assert yaml.safe_load(draft)["team"] == "churn-model"  # still an answers file
    markdown = cli("scan", repo, "--format", "markdown").stdout.splitlines()
    assert markdown[2].startswith("Levels of this draft as scored")
