"""Text from answers files and questionnaire folders cannot become a command in a CI log.

GitHub's runner reads every line of a job's log: one starting with `::` (after any
indentation) is a workflow command (`::error::`, `::add-mask::`, `::stop-commands::`), and
so is `##[command]` anywhere in a line (Azure Pipelines: `##vso[`). A team, an assessor, a
note, an answer or a questionnaire's text holding a line break, or long enough to wrap,
must not start such a line in any format printed to stdout or stderr; in markdown, nor may
it close a code span or add a table cell.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from ..conftest import EXAMPLES, ROOT, CliRun

BREAKS = ("\n", "\r", "\r\n", "\u2028", "\u2029", "\x85", "\x0b", "\x0c")
COMMANDS = ("::error::pwned", "::add-mask::Level", "::stop-commands::token", "  ::warning::indented")
HOSTILE = "".join(f"{line_break}{command}" for line_break, command in zip(BREAKS, COMMANDS * 2, strict=True))
"""Each kind of line break, each followed by a workflow command."""
ANYWHERE = " ##[add-mask]Level ##vso[task.setvariable variable=x]1 ` | </td> ::notice::mid"
"""Commands that count anywhere in a line, and what would break markdown."""
# Wide enough that a wrap at 80 columns puts `::error::` first on the next line.
WRAPPED = "W" * 70 + " ::error::wrapped"

OUR_ANNOTATION = re.compile(r"^::(notice|warning|error) file=[^:]*::")


def _hostile_answers(folder: Path) -> Path:
    data = yaml.safe_load((EXAMPLES / "devops-team.yaml").read_text(encoding="utf-8"))
    data["team"] = "Team" + HOSTILE + ANYWHERE
    data["assessor"] = WRAPPED + HOSTILE
    answers = data["answers"]
    answers["experiment_tracking"]["note"] = "First line" + HOSTILE + ANYWHERE + "\n| a | b |\n```\n" + WRAPPED
    answers["automated_data_pipeline"]["evidence"] = ["https://example.com/x" + HOSTILE, "javascript:alert(1)"]
    path = folder / "hostile-answers.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=False), encoding="utf-8")
    return path


RUNNER_LINES = re.compile(r"\r\n|[\n\r]")
"""How GitHub's runner splits a log into lines."""
ANY_LINES = re.compile(r"\r\n|[\n\r\u2028\u2029\x85\x0b\x0c\x1c-\x1e]")
"""And how an editor or another tool might (U+2028, NEL...), for text meant for people."""
JSON_FORMATS = ("json", "jsonl", "gitlab", "badge")
"""JSON keeps U+2028 and its kin in strings as they are, which no runner breaks a line at; it
writes `##` as `#\\u0023`, the same text to a program, so no line holds `##[`."""


def _command_lines(text: str, *, json_text: bool = False) -> list[str]:
    """Lines a runner would read as a command: `::` after indentation, `##[` or `##vso[` anywhere."""
    if json_text:
        return [line for line in RUNNER_LINES.split(text) if line.lstrip().startswith("::") or "##" in line]
    return [
        line for line in ANY_LINES.split(text) if line.lstrip().startswith("::") or "##[" in line or "##vso[" in line
    ]


def _assert_no_command(text: str, where: str, *, annotations: bool = False, json_text: bool = False) -> None:
    lines = _command_lines(text, json_text=json_text)
    if annotations:
        # Our own annotations are the only commands, each on one line with its message escaped.
        lines = [line for line in lines if not (OUR_ANNOTATION.match(line) and "##[" not in line.split("::", 2)[1])]
    assert lines == [], f"{where}: {lines}"


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    return _hostile_answers(tmp_path)


@pytest.mark.parametrize("output_format", ["text", "markdown", "github", "gitlab", "badge", "json", "jsonl"])
def test_score_prints_no_command_line(cli: CliRun, hostile: Path, output_format: str) -> None:
    result = cli("score", hostile, "--format", output_format, "--fail-under", "google=1")
    assert result.returncode == 1, result.stderr
    _assert_no_command(
        result.stdout,
        f"{output_format} stdout",
        annotations=output_format == "github",
        json_text=output_format in JSON_FORMATS,
    )
    _assert_no_command(result.stderr, f"{output_format} stderr")
    if output_format in ("gitlab", "badge", "json"):
        json.loads(result.stdout)


def test_the_text_summary_keeps_the_team_on_its_line(cli: CliRun, hostile: Path) -> None:
    result = cli("score", hostile)
    first = result.stdout.splitlines()[0]
    assert first.startswith("Team ")
    # Every command of the team is still there to read, just not at the start of a line.
    assert "pwned" in first and "stop" in first


def test_github_annotations_carry_the_team_escaped_on_one_line(cli: CliRun, hostile: Path) -> None:
    result = cli("score", hostile, "--format", "github", "--fail-under", "google=1")
    notice = next(line for line in result.stdout.splitlines() if line.startswith("::notice"))
    assert "Team ::error::pwned ::add-mask::Level" in notice
    assert all(OUR_ANNOTATION.match(line) for line in result.stdout.splitlines())


@pytest.mark.parametrize("output_format", ["markdown", "html"])
def test_report_prints_no_command_line(cli: CliRun, hostile: Path, output_format: str) -> None:
    result = cli("report", hostile, "--format", output_format)
    assert result.returncode == 0, result.stderr
    if output_format == "markdown":
        _assert_no_command(result.stdout, "markdown report")
    else:
        # HTML escapes nothing of `##[`, but no value starts a line of the page's source.
        assert [line for line in result.stdout.splitlines() if line.lstrip().startswith("::")] == []
        assert 'href="javascript' not in result.stdout


def _unescaped(character: str, line: str) -> int:
    return len(re.findall(rf"(?<!\\){re.escape(character)}", line))


def test_the_markdown_report_keeps_its_tables_and_code_spans(cli: CliRun, hostile: Path) -> None:
    report = cli("report", hostile).stdout
    for line in report.splitlines():
        assert _unescaped("`", line) % 2 == 0, line
    rows = [line for line in report.split("## Appendix: answers")[1].splitlines() if line.startswith("|")]
    assert len(rows) > 3
    assert {_unescaped("|", row) for row in rows} == {_unescaped("|", rows[0])}
    assert "<td>" not in report and "</td>" not in report


@pytest.mark.parametrize(
    ("original", "hostile_line", "quoted"),
    [
        ('  modular_components: "no"', '  "modular\\n::error::key ##[add-mask]x": "no"', "modular"),
        ('  modular_components: "no"', '  modular_components: "no\\n::stop-commands::t"', "stop-commands"),
        ('questionnaire_version: "2027.01"', 'questionnaire_version: "2027.01\\u2028::error::version"', "version"),
    ],
    ids=["question id", "answer", "questionnaire version"],
)
def test_error_messages_quoting_a_hostile_file_stay_on_their_lines(
    cli: CliRun, tmp_path: Path, original: str, hostile_line: str, quoted: str
) -> None:
    text = (EXAMPLES / "devops-team.yaml").read_text(encoding="utf-8")
    assert original in text
    path = tmp_path / "broken-answers.yaml"
    path.write_text(text.replace(original, hostile_line), encoding="utf-8")
    for output_format in ("text", "markdown", "github", "gitlab", "jsonl"):
        result = cli("score", path, "--format", output_format)
        assert result.returncode == 2
        _assert_no_command(
            result.stdout,
            f"{output_format} stdout",
            annotations=output_format == "github",
            json_text=output_format in JSON_FORMATS,
        )
        _assert_no_command(result.stderr, f"{output_format} stderr")
        assert quoted in (result.stderr + result.stdout).replace("\u2060", "")


def _prefix_texts(node: Any) -> Any:
    """The questionnaire with a line break and a command before every title, summary and gap."""
    if isinstance(node, dict):
        return {
            key: f"::error::q\n  ::warning::w {value}"
            if key in {"title", "summary", "gap", "name", "action", "tools", "numbering_note", "text"}
            and isinstance(value, str)
            else _prefix_texts(value)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_prefix_texts(item) for item in node]
    return node


def test_a_hostile_questionnaire_folder_prints_no_command_line(cli: CliRun, tmp_path: Path) -> None:
    folder = tmp_path / "questionnaires"
    shutil.copytree(ROOT / "questionnaires", folder)
    for path in folder.glob("*.yaml"):
        data = _prefix_texts(yaml.safe_load(path.read_text(encoding="utf-8")))
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    answers = EXAMPLES / "devops-team.yaml"
    for args in (("score", answers), ("score", answers, "--format", "markdown"), ("report", answers)):
        result = cli(*args, "--questionnaires", folder)
        assert result.returncode == 0, result.stderr
        # Still there to read: markdown escapes it, the terminal joins its colons invisibly.
        assert "::error::q" in result.stdout.replace("\\", "").replace("\u2060", "")
        _assert_no_command(result.stdout, " ".join(map(str, args)))
        _assert_no_command(result.stderr, " ".join(map(str, args)))


def test_every_json_output_holds_the_hostile_text_without_a_command(cli: CliRun, hostile: Path, tmp_path: Path) -> None:
    """`diff`, `history`, `portfolio` and `scan --merge` print JSON with the team's text, to programs intact."""
    commands = {
        "diff": ("diff", EXAMPLES / "devops-team.yaml", hostile, "--format", "json"),
        "portfolio": ("portfolio", hostile, EXAMPLES / "fraud-platform.yaml", "--format", "json"),
        "scan": ("scan", tmp_path / "empty", "--merge", hostile, "--format", "json"),
    }
    (tmp_path / "empty").mkdir()
    for name, arguments in commands.items():
        result = cli(*arguments)
        assert result.returncode == 0, (name, result.stderr)
        _assert_no_command(result.stdout, f"{name} --format json", json_text=True)
        assert "##[add-mask]" in json.dumps(json.loads(result.stdout), ensure_ascii=False), name
