"""Exit codes and the few error types the core raises; the CLI turns them into messages."""

from __future__ import annotations

from enum import IntEnum
from typing import ClassVar


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


class MaturityError(Exception):
    """Base for errors the user can fix. The message is shown as-is, without a traceback."""

    exit_code: ClassVar[ExitCode] = ExitCode.INVALID_INPUT

    def __init__(self, message: str, *, problems: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems
        """Further lines, one problem each (`file:line: key: what was expected`)."""


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
