"""Exit codes, the problems found in input files, and the few error types the core raises.

The core raises these; the CLI turns them into messages and exit codes in one place
(`mlops_maturity.cli.common.exit_code_for`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum
from typing import ClassVar, Self


class ExitCode(IntEnum):
    """Process exit codes. Documented in the README and `--help`; never renumber."""

    OK = 0
    BELOW_THRESHOLD = 1
    """Scoring worked, and a `--fail-under` gate failed."""
    INVALID_INPUT = 2
    """Bad command line, or a questionnaire, answers file or template that cannot be used."""
    INTERNAL_ERROR = 3
    """A bug: an unexpected exception, never to be mistaken for a failed gate."""
    INTERRUPTED = 130
    """Ctrl-C or end of input; answers given so far are already saved."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in an input file, located as precisely as the file allows.

    Data, not a sentence: the terminal shows `str(problem)`, the JSON result gives each
    field, and a CI annotation can point at the file and line.
    """

    file: str
    """The path as the user gave it."""
    line: int | None = None
    """1-based line, when known."""
    column: int | None = None
    """1-based column, when known (syntax errors)."""
    key: str | None = None
    """The key path inside the file, e.g. `answers.model_registry.answer`."""
    message: str = ""
    """What is wrong, and what was expected."""
    hint: str | None = None
    """How to fix it, when there is more to say than the message (`did you mean 'x'?`)."""

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"
        return f"{text}; {self.hint}" if self.hint else text


def count_problems(problems: Iterable[object]) -> str:
    """`1 problem` or `N problems`."""
    from mlops_maturity.messages import _

    # NOTE: two msgids, not ngettext: the catalogue's checks and tools read singular msgids.
    number = sum(1 for _problem in problems)
    return _("1 problem") if number == 1 else _("{number} problems").format(number=number)


class MaturityError(Exception):
    """Base for errors the user can fix. The message is shown as-is, without a traceback."""

    exit_code: ClassVar[ExitCode] = ExitCode.INVALID_INPUT

    def __init__(
        self,
        message: str,
        *,
        problems: tuple[Problem, ...] = (),
        hint: str | None = None,
        located: Problem | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems
        """Every problem found, one line each when shown."""
        self.hint = hint
        """What the user can do about it, shown after the problems."""
        self.located = located
        """The one problem this error is, for errors about a single place in a file."""

    @classmethod
    def at(cls, problem: Problem) -> Self:
        """An error that is exactly one located problem."""
        return cls(str(problem), located=problem)


class InputFileError(MaturityError):
    """A file the user named cannot be read or parsed (missing, not UTF-8, not valid YAML)."""


class QuestionnaireError(MaturityError):
    """A questionnaire folder is invalid or cannot be found."""


class AnswersError(MaturityError):
    """An answers file does not fit the questionnaire."""


class TemplateError(MaturityError):
    """A report template cannot be loaded or rendered."""


class OutputError(MaturityError):
    """A file the user asked for cannot be written."""


class UsageError(MaturityError):
    """A command-line value is malformed (checked beyond what typer checks)."""
