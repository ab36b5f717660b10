"""What every command shares: the one error-to-exit-code converter, the shared options, output.

Exceptions become messages and exit codes in `exit_code_for` and nowhere else: commands
run inside `handle_errors()`, and the console script's `main` sends what escapes typer
to the same function.

Output follows Python's "Note on SIGPIPE": a reader that stops early (`| head`) raises
BrokenPipeError, and stdout then points at /dev/null (exit 0); any other failed write to
stdout (a full disk, a closed descriptor) is an output error (exit 2). stderr drops what
it cannot write: a message must never fail a run, nor go to stdout.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import sys
import traceback
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from mlops_maturity.errors import ExitCode, InputFileError, MaturityError, OutputError, Problem
from mlops_maturity.messages import _

if TYPE_CHECKING:
    from mlops_maturity.answers.migrate import MigrationResult
    from mlops_maturity.questionnaire.model import QuestionnaireSet

QuestionnairesOption = Annotated[
    Path | None,
    typer.Option(
        "--questionnaires",
        "-Q",
        envvar="MLOPS_MATURITY_QUESTIONNAIRES",
        help=_("Questionnaire folder to use instead of the shipped one (questions.yaml plus one file per model)."),
        show_default=False,
        show_envvar=True,
        metavar="DIR",
    ),
]

LanguageOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        help=_("Language for people: en or es. Default: MLOPS_MATURITY_LANG, then the locale (LANG), then en."),
        show_default=False,
        metavar="CODE",
    ),
]


def speak(option: str | None, questionnaires: QuestionnaireSet) -> QuestionnaireSet:
    """Speak the language chosen (`language.chosen_language`) from now on, and the
    questionnaire set in it; a questionnaire folder with no texts in that language keeps
    its own, and says so."""
    from mlops_maturity.language import ENGLISH, chosen_language
    from mlops_maturity.messages import use_language

    language = chosen_language(option if option is not None else _root_language, os.environ)
    use_language(language)
    if language == ENGLISH:
        return questionnaires
    # NOTE: imported only for another language: its pydantic models cost English start-up.
    from mlops_maturity.questionnaire.translation import translated

    folder = Path(questionnaires.location)
    if not (folder / language).is_dir():
        say(
            _("{folder}: no {language}/ texts beside questions.yaml; its questions are shown as written").format(
                folder=folder, language=language
            )
        )
        return questionnaires
    return translated(questionnaires, folder, language)


_root_language: str | None = None
"""`mlops-maturity --lang X COMMAND`: the root's --lang, for a command given none of its own."""


def speak_for_every_command(option: str | None) -> None:
    """The root's `--lang`, checked (exit 2 if no language the tool speaks) and kept for `speak`."""
    global _root_language
    from mlops_maturity.language import chosen_language

    if option is not None:
        chosen_language(option, {})
    _root_language = option


ModelOption = Annotated[
    list[str] | None,
    typer.Option(
        "--model",
        "-m",
        help=_(
            "Only this model (google, microsoft, or one of your questionnaire folder's); repeat for several. "
            "Default: all."
        ),
        show_default=False,
        metavar="MODEL",
    ),
]


def fail_under_option(help_text: str) -> Any:
    """`--fail-under MODEL=LEVEL`, repeatable: a gate's thresholds (`score`, `portfolio`)."""
    return typer.Option("--fail-under", help=help_text, show_default=False, metavar="MODEL=LEVEL")


QUIET, NORMAL, VERBOSE = -1, 0, 1
"""How much the person is told on stderr: `-q`, the default, `-v`."""
_verbosity = NORMAL


def set_verbosity(level: int) -> None:
    """`-q` (QUIET): errors and gate results only; `-v` (VERBOSE): also what was read and decided."""
    global _verbosity
    _verbosity = level


def quiet() -> bool:
    return _verbosity <= QUIET


def _emit(line: str) -> None:
    from mlops_maturity.safe_text import log_safe

    print(log_safe(line), file=sys.stderr)


def say(line: str) -> None:
    """One line for the person on stderr, made printable: messages quote untrusted files.

    Not with `-q`: an error or a gate's result goes through `tell`."""
    if _verbosity > QUIET:
        _emit(line)


def tell(line: str) -> None:
    """An error or a gate's result on stderr: said even with `-q`."""
    _emit(line)


def detail(line: str) -> None:
    """What was read and decided, on stderr: only with `-v`."""
    if _verbosity >= VERBOSE:
        _emit(line)


def warn(message: str) -> None:
    """A message for the person, never for a program reading stdout."""
    say(_("warning: {message}").format(message=message))


def warn_lost_comments(existing: str | None, written: str, target: str) -> None:
    """Say so when a rewrite could not keep the person's comments (a file written afresh)."""
    from mlops_maturity.answers.write import MAX_ROUND_TRIP_CHARS, lost_comments

    lost = lost_comments(existing, written) if existing is not None else 0
    if lost:
        warn(
            _(
                "{target}: {lost} comment line(s) could not be kept: the file was written afresh "
                "(it is over {size} KiB, or its YAML could not be edited in place)"
            ).format(target=target, lost=lost, size=MAX_ROUND_TRIP_CHARS // 1024)
        )


def tell_migration(migration: MigrationResult | None, path: str, *, rewritten: bool = False) -> None:
    """On stderr: what reading an answers file of an older questionnaire version did; with
    the command that rewrites it, unless this command writes it at the current version
    (`rewritten`)."""
    if migration is None:
        return
    from mlops_maturity.report.wording import migration_notice

    for line in migration_notice(migration, path, with_rewrite_hint=not rewritten):
        say(line)


def print_error(error: MaturityError) -> None:
    """`error: message`, one indented line per problem, then the hint, on stderr."""
    from mlops_maturity.report.wording import error_lines

    for line in error_lines(error):
        tell(line)


def exit_code_for(error: BaseException) -> ExitCode:
    """Say what went wrong, and the documented exit code for it. The only such place."""
    if isinstance(error, BrokenPipeError):
        # The reader of stdout went away (e.g. `| head`); nothing is wrong with the input.
        _drop_stdout()
        return ExitCode.OK
    if isinstance(error, OSError) and error.filename is None:
        # NOTE: errors on files name them, and stderr drops what it cannot write: this is stdout's.
        _drop_stdout()
        reason = _("it is closed") if error.errno == errno.EBADF else error.strerror or str(error)
        error = OutputError(_("cannot write to standard output: {reason}").format(reason=reason))
    if isinstance(error, OSError) and error.filename is not None:
        # A path the system refused on the way (a folder that cannot be entered, a name too
        # long, a loop of links) wherever it was met: the input's problem, not a bug.
        error = InputFileError.at(Problem(str(error.filename), message=_os_reason(error)))
    if isinstance(error, MaturityError):
        print_error(error)
        return error.exit_code
    if isinstance(error, (KeyboardInterrupt, EOFError)):
        with contextlib.suppress(OSError):  # the terminal may be gone
            print("\n" + _("interrupted"), file=sys.stderr)
        return ExitCode.INTERRUPTED
    report_bug()
    return ExitCode.INTERNAL_ERROR


def _os_reason(error: OSError) -> str:
    if error.errno in (errno.EACCES, errno.EPERM):
        return _("permission denied (the file, or a folder on its way, may not be opened or entered)")
    return _("cannot be used: {reason}").format(reason=(error.strerror or str(error)).lower())


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
            _("error: an unexpected error occurred; this is a bug in mlops-maturity.")
            + "\n"
            + _("Please report it to the project's issue tracker with the command you ran and the traceback below.")
            + "\n",
            file=sys.stderr,
        )
        traceback.print_exc(file=sys.stderr)


def _drop_stdout() -> None:
    """Point descriptor 1 at /dev/null: what stdout still holds goes nowhere at exit instead of failing again."""
    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)


class _MessageStream(io.TextIOWrapper):
    """stderr: a message it cannot write (full, closed, gone) is dropped, and every later one with it.

    A full stderr must not turn a good run into a failure, nor exit 120 when Python flushes
    it at exit; the exit code still tells.
    """

    def write(self, text: str, /) -> int:
        try:
            return super().write(text)
        except OSError:
            self._drop()
            return len(text)

    def flush(self) -> None:
        try:
            super().flush()
        except OSError:
            self._drop()

    def _drop(self) -> None:
        with contextlib.suppress(OSError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self.fileno())
            os.close(devnull)


def open_standard_streams() -> None:
    """Called once, first thing, by `main`.

    A descriptor 0, 1 or 2 the caller closed (`>&-`) gets /dev/null, so that no file this
    program opens takes its number (and becomes "stdout"), and its stream exists: Python
    leaves it None, and `print(file=None)` would send messages to stdout. stdout's /dev/null
    is read-only, so that writing a result fails ("it is closed") instead of vanishing.
    """
    for descriptor, name in enumerate(("stdin", "stdout", "stderr")):
        if getattr(sys, name) is None:
            devnull = os.open(os.devnull, os.O_WRONLY if descriptor == 2 else os.O_RDONLY)
            if devnull != descriptor:
                os.dup2(devnull, descriptor)
                os.close(devnull)
            mode = "r" if descriptor == 0 else "w"
            stream = open(descriptor, mode, encoding="utf-8", errors="backslashreplace", closefd=False)  # noqa: SIM115
            setattr(sys, name, stream)
    stderr = sys.stderr
    if type(stderr) is io.TextIOWrapper:  # not one a caller put there
        stderr.flush()
        encoding, errors = stderr.encoding, stderr.errors
        sys.stderr = _MessageStream(stderr.detach(), encoding=encoding, errors=errors, line_buffering=True)


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
            raise UsageError(
                _("--model '{name}': unknown model (expected one of: {known})").format(
                    name=name, known=", ".join(known)
                )
            )
        if model_id not in chosen:
            chosen.append(model_id)
    return tuple(chosen)


def refuse_overwriting(output: Path | None, inputs: Iterable[Path | None], option: str) -> None:
    """An output must not replace a file the command reads: the one check every command makes
    before it writes (`migrate` and `scan --merge`, which rewrite a file on purpose, excepted).

    The same file is found through links, hard links included, by device and inode.
    """
    from mlops_maturity.errors import UsageError
    from mlops_maturity.files import names_stdout

    if output is None or names_stdout(output):
        return
    for source in inputs:
        if source is None or names_stdout(source):
            continue
        try:
            same = os.path.samefile(output, source)
        except OSError:  # either is missing, unreadable or a loop of links: compare the names
            same = os.path.abspath(output) == os.path.abspath(source)
        if same:
            raise UsageError(
                _("{option} {output}: is {source}, which this command reads; choose another name").format(
                    option=option, output=output, source=source
                )
            )


def write_output(text: str, output: Path | None) -> None:
    """Write to the named file atomically, or to stdout."""
    from mlops_maturity.files import names_stdout, write_text_atomic

    if output is None or names_stdout(output):
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    write_text_atomic(output, text)
