"""What every command shares: the error handler, the shared options, the output streams.

Exceptions become messages and exit codes here and nowhere else.
"""

from __future__ import annotations

import contextlib
import os
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from mlops_maturity.errors import ExitCode, MaturityError

if TYPE_CHECKING:
    from mlops_maturity.questionnaire import QuestionnaireSet

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


def warn(message: str) -> None:
    """A message for the person, never for a program reading stdout."""
    print(f"warning: {message}", file=sys.stderr)


def print_error(error: MaturityError) -> None:
    """`error: message`, then one indented line per problem, on stderr."""
    print(f"error: {error.message}", file=sys.stderr)
    for problem in error.problems:
        print(f"  - {problem}", file=sys.stderr)


def fail(error: MaturityError) -> NoReturn:
    print_error(error)
    raise typer.Exit(int(error.exit_code))


@contextmanager
def handle_errors() -> Iterator[None]:
    """Turn domain errors, interruptions and bugs into a message and a documented exit code."""
    try:
        yield
    except MaturityError as error:
        fail(error)
    except (KeyboardInterrupt, EOFError):
        with contextlib.suppress(OSError):  # the terminal may be gone
            print("\ninterrupted", file=sys.stderr)
        raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
    except typer.Exit:
        raise
    except BrokenPipeError:
        # The reader of stdout went away (e.g. `| head`); nothing is wrong with the input.
        _silence_stdout()
        raise typer.Exit(int(ExitCode.OK)) from None
    except Exception:  # noqa: BLE001 - anything else is a bug, and must not exit 1
        report_bug()
        raise typer.Exit(int(ExitCode.INTERNAL_ERROR)) from None


def report_bug() -> None:
    with contextlib.suppress(OSError):
        _print_bug_report()


def _print_bug_report() -> None:
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
    from mlops_maturity.questionnaire_loader import load_questionnaires as load
    from mlops_maturity.questionnaire_loader import load_shipped_questionnaires

    return load(option) if option is not None else load_shipped_questionnaires()


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
    from mlops_maturity.yamlio import write_text_atomic

    write_text_atomic(output, text)
