"""Where results go: a full, closed or piped stdout, a closed stderr, `-o /dev/stdout`, read-only files.

Everything runs through the real entry point in a subprocess, with the standard streams
set up the way a shell would (`> /dev/full`, `>&-`, `>> log.md`, `| head`).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mlops_maturity.cli import COMMANDS as REGISTERED
from mlops_maturity.questionnaire.model import QuestionnaireSet

from ..conftest import EXAMPLES, PLAIN_ENV, CliRun

FRAUD = EXAMPLES / "fraud-platform.yaml"  # Google 1, Microsoft 4
REPORT_START = "# MLOps maturity report"
# Every registered command, so that a new one without its exit codes in --help fails here.
COMMANDS = sorted(REGISTERED)

pytestmark = pytest.mark.skipif(os.name != "posix", reason="shell redirections and /dev paths are POSIX")
needs_dev_full = pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")

# One invocation per way of writing to stdout: plain writes, rich, print(), typer's help.
WRITERS = {
    "score text (rich)": ["score", str(FRAUD)],
    "score json": ["score", str(FRAUD), "-f", "json"],
    "score markdown": ["score", str(FRAUD), "-f", "markdown"],
    "report": ["report", str(FRAUD)],
    "report -o /dev/stdout": ["report", str(FRAUD), "-o", "/dev/stdout"],
    "models (rich)": ["models"],
    "models json": ["models", "--json"],
    "schema": ["schema"],
    "template": ["template"],
    "version (small, flushed at exit)": ["--version"],
    "help (typer)": ["score", "--help"],
}


def _environment() -> dict[str, str]:
    return {**os.environ, **PLAIN_ENV}


def _command(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "mlops_maturity", *map(str, args)]


def _shell(script: str, *args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run `script` in sh with the tool's command line as "$@", as a user's shell would."""
    return subprocess.run(
        ["sh", "-c", script, "sh", *_command(*args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=_environment(),
        timeout=120,
    )


def _assert_stdout_error(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 2, result.stderr
    assert "cannot write to standard output" in result.stderr
    for crash in ("Traceback", "bug in mlops-maturity", "Exception ignored"):
        assert crash not in result.stderr


@needs_dev_full
@pytest.mark.parametrize("args", WRITERS.values(), ids=WRITERS.keys())
def test_a_full_stdout_is_an_output_error(tmp_path: Path, args: list[str]) -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            _command(*args),
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            cwd=tmp_path,
            env=_environment(),
            timeout=120,
        )
    _assert_stdout_error(result)
    assert "No space left on device" in result.stderr


@pytest.mark.parametrize("args", WRITERS.values(), ids=WRITERS.keys())
def test_a_closed_stdout_is_an_output_error(tmp_path: Path, args: list[str]) -> None:
    result = _shell('"$@" >&-', *args, cwd=tmp_path)
    _assert_stdout_error(result)
    assert "it is closed" in result.stderr


@needs_dev_full
def test_an_output_error_outranks_a_failed_gate(tmp_path: Path) -> None:
    result = _shell('"$@" > /dev/full', "score", FRAUD, "--fail-under", "microsoft=5", cwd=tmp_path)
    _assert_stdout_error(result)


def test_a_closed_stdout_does_not_matter_when_nothing_is_written_there(tmp_path: Path) -> None:
    result = _shell('"$@" >&-', "report", FRAUD, "-o", "report.md", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "report.md").read_text(encoding="utf-8").startswith(REPORT_START)


def _partial_answers(folder: Path, questionnaires: QuestionnaireSet) -> Path:
    """Answers with unanswered questions: scoring them warns on stderr."""
    partial = folder / "partial.yaml"
    partial.write_text(
        f'questionnaire_version: "{questionnaires.version}"\nteam: T\ndate: 2026-11-01\n'
        "answers:\n  experiment_tracking: mostly\n",
        encoding="utf-8",
    )
    return partial


def test_with_stderr_closed_messages_never_reach_stdout(tmp_path: Path, shipped: QuestionnaireSet) -> None:
    partial = _partial_answers(tmp_path, shipped)
    scored = _shell('"$@" 2>&-', "score", partial, "-f", "json", "--fail-under", "microsoft=5", cwd=tmp_path)
    assert scored.returncode == 1
    assert json.loads(scored.stdout)["team"] == "T"
    failed = _shell('"$@" 2>&-', "score", "missing.yaml", cwd=tmp_path)
    assert failed.returncode == 2
    assert failed.stdout == ""


@needs_dev_full
def test_a_full_stderr_loses_messages_but_not_the_result_or_the_exit_code(
    tmp_path: Path, shipped: QuestionnaireSet
) -> None:
    partial = _partial_answers(tmp_path, shipped)
    scored = _shell('"$@" 2> /dev/full', "score", partial, "-f", "json", cwd=tmp_path)
    assert scored.returncode == 0  # not 3 (a crash), nor 120 (Python's failed flush at exit)
    assert json.loads(scored.stdout)["team"] == "T"
    assert _shell('"$@" 2> /dev/full', "score", "missing.yaml", cwd=tmp_path).returncode == 2
    assert _shell('"$@" 2> /dev/full', "report", FRAUD, "-o", "report.md", cwd=tmp_path).returncode == 0
    assert _shell('"$@" 2> /dev/full', "score", "--no-such-option", cwd=tmp_path).returncode == 2


def test_a_closed_stdin_is_input_that_ended(tmp_path: Path) -> None:
    result = _shell('"$@" <&-', "assess", "-o", "answers.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert "needs a terminal" in result.stderr and "Traceback" not in result.stderr


def test_with_every_stream_closed_the_exit_code_still_tells(tmp_path: Path) -> None:
    assert _shell('"$@" <&- >&- 2>&-', "score", FRAUD, cwd=tmp_path).returncode == 2
    # No file opened later takes descriptor 1 and receives the result.
    result = _shell('"$@" <&- >&- 2>&-', "report", FRAUD, "-o", "report.md", cwd=tmp_path)
    assert result.returncode == 0
    assert (tmp_path / "report.md").read_text(encoding="utf-8").startswith(REPORT_START)


@pytest.mark.parametrize(
    "args",
    [["report", str(FRAUD), "-o", "/dev/stdout"], ["models"], ["schema"], ["score", str(FRAUD), "-f", "json"]],
)
def test_a_reader_that_stops_early_is_still_not_a_failure(tmp_path: Path, args: list[str]) -> None:
    result = subprocess.run(
        ["bash", "-o", "pipefail", "-c", '"$@" | head -c 10 > /dev/null', "bash", *_command(*args)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=_environment(),
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr


def test_output_to_dev_stdout_goes_into_a_pipe(cli: CliRun, tmp_path: Path) -> None:
    link = tmp_path / "latest.md"
    link.symlink_to("/dev/stdout")
    for output in ("/dev/stdout", link):
        result = cli("report", FRAUD, "-o", output)  # the fixture's stdout is a pipe
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith(REPORT_START)
    assert link.is_symlink()


@pytest.mark.parametrize(
    ("script", "output"),
    [
        ('"$@" >> log.md', "/dev/stdout"),
        ('"$@" >> log.md', "/dev/fd/1"),
        ('"$@" >> log.md', "log.md"),  # the file stdout already appends to
        ('"$@" 3>> log.md', "/dev/fd/3"),
    ],
)
def test_output_through_a_descriptor_appends_as_the_shell_asked(tmp_path: Path, script: str, output: str) -> None:
    log = tmp_path / "log.md"
    log.write_text("earlier entry\n", encoding="utf-8")
    inode = log.stat().st_ino
    result = _shell(script, "report", FRAUD, "-o", output, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    text = log.read_text(encoding="utf-8")
    assert text.startswith("earlier entry\n" + REPORT_START)
    assert text.count(REPORT_START) == 1
    assert log.stat().st_ino == inode  # written to, not replaced


@needs_dev_full
def test_output_to_dev_stdout_when_stdout_is_full_or_closed(tmp_path: Path) -> None:
    _assert_stdout_error(_shell('"$@" > /dev/full', "report", FRAUD, "-o", "/dev/stdout", cwd=tmp_path))
    _assert_stdout_error(_shell('"$@" >&-', "report", FRAUD, "-o", "/dev/stdout", cwd=tmp_path))


def test_output_to_a_descriptor_that_is_not_open_is_refused(cli: CliRun) -> None:
    result = cli("report", FRAUD, "-o", "/dev/fd/9")
    assert result.returncode == 2
    assert "file descriptor 9 is not open" in result.stderr


def test_a_read_only_output_file_is_refused_not_replaced(cli: CliRun, tmp_path: Path) -> None:
    kept = tmp_path / "kept.md"
    kept.write_text("keep me\n", encoding="utf-8")
    kept.chmod(0o444)
    link = tmp_path / "link.md"
    link.symlink_to(kept)
    for output in (kept, link):
        result = cli("report", FRAUD, "-o", output)
        assert result.returncode == 2
        assert f"{output}: is read-only" in result.stderr
        assert "Traceback" not in result.stderr
    assert kept.read_text(encoding="utf-8") == "keep me\n"
    assert kept.stat().st_mode & 0o777 == 0o444


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_help_lists_its_exit_codes(cli: CliRun, command: str) -> None:
    result = cli(command, "--help")
    assert result.returncode == 0
    words = " ".join(result.stdout.split())  # rich wraps the epilog
    assert "Exit codes: 0 " in words and "3 internal error (a bug)" in words


def test_shell_completion_is_offered_and_completes_commands(cli: CliRun, tmp_path: Path) -> None:
    root_help = cli("--help").stdout
    assert "--install-completion" in root_help and "--show-completion" in root_help
    # typer detects the shell from the parent processes: run under bash (not exec'd away).
    script = subprocess.run(
        ["bash", "-c", '"$@"; exit $?', "bash", *_command("--show-completion")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=_environment(),
        timeout=60,
    )
    assert script.returncode == 0, script.stderr
    assert "complete -o default -F" in script.stdout
    # The console script's name is what the shell completes: run `main` under that name.
    program = "import sys; sys.argv[0] = 'mlops-maturity'; from mlops_maturity.cli import main; main()"
    completed = subprocess.run(
        [sys.executable, "-c", program],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={
            **_environment(),
            "_MLOPS_MATURITY_COMPLETE": "complete_bash",
            "COMP_WORDS": "mlops-maturity sc",
            "COMP_CWORD": "1",
        },
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.split() == ["score", "schema", "scan"]
