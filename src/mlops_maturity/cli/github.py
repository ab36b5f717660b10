"""GitHub Actions' job summary (`GITHUB_STEP_SUMMARY`)."""

from __future__ import annotations

import os

from mlops_maturity.errors import OutputError
from mlops_maturity.messages import _

SUMMARY_ENV = "GITHUB_STEP_SUMMARY"


def step_summary_file() -> str:
    """The file named by GITHUB_STEP_SUMMARY; checked before anything is written.

    Raises:
        OutputError: the variable is not set.
    """
    target = os.environ.get(SUMMARY_ENV)
    if not target:
        raise OutputError(
            _("--github-summary: {variable} is not set (it is set inside GitHub Actions jobs)").format(
                variable=SUMMARY_ENV
            )
        )
    return target


def append_step_summary(markdown: str) -> None:
    """Append to the job summary file.

    Raises:
        OutputError: the variable is not set, or the file cannot be written.
    """
    target = step_summary_file()
    try:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(markdown.rstrip("\n") + "\n\n")
    except OSError as error:
        raise OutputError(
            _("{file}: cannot append the job summary: {reason}").format(file=target, reason=error.strerror)
        ) from None
