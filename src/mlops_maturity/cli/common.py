"""What every command shares: the one error-to-exit-code converter, the shared options, output.

Exceptions become messages and exit codes in `exit_code_for` and nowhere else: commands
run inside `handle_errors()`, and the console script's `main` sends what escapes typer
to the same function.

The standard streams are guarded once, by `guard_standard_streams()` at start-up: a failed
write to stdout (a full disk, a closed descriptor) raises `StdoutError`, an output error,
wherever it happens (our writes, rich, typer's help, the last flush in `finish_output`).
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperArgument, TyperCommand

from mlops_maturity.errors import ExitCode, MaturityError, OutputError

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

    from mlops_maturity.answers.migrate import MigrationResult
    from mlops_maturity.questionnaire.model import QuestionnaireSet

QuestionnairesOption = Annotated[
    Path | None,
    typer.Option(
        "--questionnaires",
        "-Q",
        envvar="MLOPS_MATURITY_QUESTIONNAIRES",
        help="Questionnaire folder to use instead of the shipped one (questions.yaml plus one file per model).",
        show_default=False,
        show_envvar=True,
        metavar="DIR",
    ),
]

ModelOption = Annotated[
    list[str] | None,
    typer.Option(
        "--model",
        "-m",
        help="Only this model (google, microsoft, or one of your questionnaire folder's); repeat for several. Default: all.",
        show_default=False,
        metavar="MODEL",
    ),
]


def fail_under_option(help_text: str) -> Any:
    """`--fail-under MODEL=LEVEL`, repeatable: a gate's thresholds (`score`, `portfolio`)."""
    return typer.Option("--fail-under", help=help_text, show_default=False, metavar="MODEL=LEVEL")


def without_flag_metavars(params: list[Any]) -> list[Any]:
    """The parameters, flags without a metavar: they take no value, so no `<bool>` in --help."""
    for param in params:
        if getattr(param, "is_flag", False):
            param.metavar = ""
    return params


class ReadableCommand(TyperCommand):
    """A command whose --help shows no `<bool>` beside -h and names its arguments as written."""

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        if option is not None:
            option.metavar = ""
        return option

    def get_params(self, ctx: Any) -> list[Any]:
        return without_flag_metavars(super().get_params(ctx))

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if isinstance(param, TyperArgument):
                name = str(param.metavar or param.name).strip("{}").upper()
                name += "..." if param.nargs != 1 else ""
                pieces.append(name if param.required else f"[{name}]")
        return pieces


def _say(line: str) -> None:
    """One line for the person on stderr, made printable: messages quote untrusted files."""
    from mlops_maturity.safe_text import log_safe

    print(log_safe(line), file=sys.stderr)


def warn(message: str) -> None:
    """A message for the person, never for a program reading stdout."""
    _say(f"warning: {message}")


def tell_migration(migration: MigrationResult | None, path: str) -> None:
    """On stderr: what reading an answers file of an older questionnaire version did."""
    if migration is None:
        return
    from mlops_maturity.report.wording import migration_notice

    for line in migration_notice(migration, path, with_rewrite_hint=True):
        _say(line)


def print_error(error: MaturityError) -> None:
    """`error: message`, one indented line per problem, then the hint, on stderr."""
    from mlops_maturity.report.wording import error_lines

    for line in error_lines(error):
        _say(line)


def exit_code_for(error: BaseException) -> ExitCode:
    """Say what went wrong, and the documented exit code for it. The only such place."""
    if isinstance(error, MaturityError):
        if isinstance(error, StdoutError):
            _silence_stdout()  # what is still buffered must not fail again at exit
        print_error(error)
        return error.exit_code
    if isinstance(error, (KeyboardInterrupt, EOFError)):
        with contextlib.suppress(OSError):  # the terminal may be gone
            print("\ninterrupted", file=sys.stderr)
        return ExitCode.INTERRUPTED
    if isinstance(error, BrokenPipeError):
        # The reader of stdout went away (e.g. `| head`); nothing is wrong with the input.
        _silence_stdout()
        return ExitCode.OK
    report_bug()
    return ExitCode.INTERNAL_ERROR


@contextmanager
def handle_errors() -> Iterator[None]:
    """Within a command: domain errors, interruptions and bugs become `typer.Exit(code)`."""
    try:
        yield
    except typer.Exit:
        raise
    except (Exception, KeyboardInterrupt) as error:  # noqa: BLE001 - a bug must not exit 1 either
        raise typer.Exit(int(exit_code_for(error))) from None


def report_bug() -> None:
    with contextlib.suppress(OSError):
        print(
            "error: an unexpected error occurred; this is a bug in mlops-maturity.\n"
            "Please report it to the project's issue tracker with the command you ran and the traceback below.\n",
            file=sys.stderr,
        )
        traceback.print_exc(file=sys.stderr)


def _silence_stdout() -> None:
    """Drop whatever stdout still holds, so that the flush at exit neither fails nor prints."""
    raw = getattr(getattr(sys.stdout, "buffer", None), "raw", None)
    if isinstance(raw, _StdoutFile):
        raw.silenced = True
    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)


class StdoutError(OutputError):
    """Standard output cannot be written: full, closed, or failing. Exit 2, like any output."""


class _StdoutFile(io.FileIO):
    """Descriptor 1 under sys.stdout: a failed write becomes a `StdoutError`.

    A broken pipe stays a `BrokenPipeError`: the reader went away (`| head`), which is not
    an error (exit 0).
    """

    was_closed = False
    """Descriptor 1 was closed when the program started (`>&-`); it now holds /dev/null."""
    silenced = False
    """Set once an error has been reported: later writes are dropped."""

    def write(self, data: ReadableBuffer, /) -> int:
        if self.silenced:
            return memoryview(data).nbytes
        if self.was_closed:
            raise StdoutError("cannot write to standard output: it is closed")
        try:
            return super().write(data)
        except BrokenPipeError:
            raise
        except OSError as error:
            raise StdoutError(f"cannot write to standard output: {error.strerror or error}") from None


class _StderrFile(io.FileIO):
    """Descriptor 2 under sys.stderr: a message that cannot be shown is dropped.

    A full or vanished stderr must not turn a good run into a crash, nor exit 120 when
    Python's last flush fails; the exit code still tells.
    """

    failed = False

    def write(self, data: ReadableBuffer, /) -> int:
        if not self.failed:
            try:
                return super().write(data)
            except OSError:
                self.failed = True  # and every later message too: no half-lines
        return memoryview(data).nbytes


def guard_standard_streams() -> None:
    """Make the standard streams safe to use; called once, first thing, by `main`.

    A closed descriptor 0, 1 or 2 gets /dev/null, so that no file this program opens
    takes its number (and becomes "stdout"), and a closed stdin reads as empty (Python
    would leave `sys.stdin` as None). With stderr closed, Python would print
    messages meant for it (`print(file=None)`) into stdout, among the result: they go
    to /dev/null instead. stdout and stderr are rebuilt over `_StdoutFile` and
    `_StderrFile`, so that a failed write, wherever it comes from, is handled the same.
    """
    closed = [descriptor for descriptor in (0, 1, 2) if not _is_open(descriptor)]
    for descriptor in closed:
        _occupy_with_devnull(descriptor)
    if 0 in closed:
        # Input that is not there has ended: `assess` then says it needs a terminal.
        sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115
    if os.name != "posix":
        # NOTE: Windows consoles need their own io class; keep Python's streams there.
        if 2 in closed:
            sys.stderr = open(2, "w", encoding="utf-8", errors="backslashreplace", closefd=False)  # noqa: SIM115
        return
    stdout_file = _StdoutFile(1, "w", closefd=False)
    stdout_file.was_closed = 1 in closed
    sys.stdout = _rebuilt(sys.stdout, stdout_file, was_closed=1 in closed) or sys.stdout
    sys.stderr = _rebuilt(sys.stderr, _StderrFile(2, "w", closefd=False), was_closed=2 in closed) or sys.stderr


def _rebuilt(stream: object, raw: io.FileIO, *, was_closed: bool) -> io.TextIOWrapper | None:
    """A text stream like `stream` over `raw`; None when `stream` is not on raw's descriptor.

    Left alone then: the stream was replaced by a caller (a test runner, an embedding).
    """
    if was_closed:
        return io.TextIOWrapper(
            io.BufferedWriter(raw), encoding="utf-8", errors="backslashreplace", line_buffering=True
        )
    if not isinstance(stream, io.TextIOWrapper) or _descriptor(stream) != raw.fileno():
        return None
    stream.flush()
    return io.TextIOWrapper(
        io.BufferedWriter(raw),
        encoding=stream.encoding,
        errors=stream.errors,
        line_buffering=stream.line_buffering,
        write_through=stream.write_through,
    )


def _is_open(descriptor: int) -> bool:
    try:
        os.fstat(descriptor)
    except OSError:
        return False
    return True


def _descriptor(stream: io.TextIOWrapper) -> int | None:
    try:
        return stream.fileno()
    except (OSError, ValueError):
        return None


def _occupy_with_devnull(descriptor: int) -> None:
    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_RDWR)
        if devnull != descriptor:
            os.dup2(devnull, descriptor)
            os.close(devnull)


def finish_output(code: int | str | None) -> int | str | None:
    """Flush stdout now, while a failure can still be reported and change the exit code.

    Otherwise Python flushes at exit, where a full or closed stdout prints "Exception
    ignored" and exits 120. An output error outranks 0 and 1: the result was not delivered.
    """
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except Exception as error:  # noqa: BLE001 - the one converter decides what it is
        failed = int(exit_code_for(error))
        if not isinstance(code, str):
            return max(code or 0, failed)
    return code


def load_questionnaires(option: Path | None) -> QuestionnaireSet:
    """`--questionnaires` (or its environment variable), else the shipped questionnaires."""
    if option is not None:
        from mlops_maturity.questionnaire.folder import load_questionnaires as load

        return load(option)
    from mlops_maturity.questionnaire.shipped import load_shipped_questionnaires

    return load_shipped_questionnaires()


def selected_models(questionnaires: QuestionnaireSet, requested: list[str] | None) -> tuple[str, ...]:
    """The model ids asked for with --model, checked; all models when none were asked for."""
    from mlops_maturity.errors import UsageError

    known = [model.id for model in questionnaires.models]
    if not requested:
        return tuple(known)
    chosen: list[str] = []
    for name in requested:
        model_id = name.strip().lower()
        if model_id not in known:
            raise UsageError(f"--model '{name}': unknown model (expected one of: {', '.join(known)})")
        if model_id not in chosen:
            chosen.append(model_id)
    return tuple(chosen)


def refuse_overwriting(output: Path | None, source: Path, option: str) -> None:
    """An output must not replace the answers file it is made from."""
    from mlops_maturity.errors import UsageError

    if output is not None and str(output) != "-" and output.resolve() == source.resolve():
        raise UsageError(f"{option} {output}: is the answers file itself; choose another name")


def write_output(text: str, output: Path | None) -> None:
    """Write to the named file atomically, or to stdout."""
    if output is None or str(output) == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from mlops_maturity.files import write_text_atomic

    write_text_atomic(output, text)
