"""What every command shares: the one error-to-exit-code converter, the shared options, output.

Exceptions become messages and exit codes in `exit_code_for` and nowhere else: commands
run inside `handle_errors()`, and the console script's `main` sends what escapes typer
to the same function.
"""

from __future__ import annotations

import contextlib
import os
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from mlops_maturity.errors import ExitCode, MaturityError, Problem

if TYPE_CHECKING:
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
    ),
]

ModelOption = Annotated[
    list[str] | None,
    typer.Option(
        "--model",
        "-m",
        help="Only this model (google, microsoft, or one of your questionnaire folder's); repeat for several. Default: all.",
        show_default=False,
    ),
]


def _say(line: str) -> None:
    """One line for the person on stderr, made printable: messages quote untrusted files."""
    from mlops_maturity.safe_text import printable

    print(printable(line), file=sys.stderr)


def warn(message: str) -> None:
    """A message for the person, never for a program reading stdout."""
    _say(f"warning: {message}")


def print_problems(problems: tuple[Problem, ...] | list[Problem]) -> None:
    for problem in problems:
        _say(f"  - {problem}")


def print_error(error: MaturityError) -> None:
    """`error: message`, one indented line per problem, then the hint, on stderr."""
    _say(f"error: {error.message}")
    print_problems(error.problems)
    if error.hint:
        _say(f"  - {error.hint}")


def exit_code_for(error: BaseException) -> ExitCode:
    """Say what went wrong, and the documented exit code for it. The only such place."""
    if isinstance(error, MaturityError):
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
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


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
