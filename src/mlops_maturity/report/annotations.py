"""What CI annotations say about a file that could not be scored: each problem, located.

Shared by the formats that point at lines of a file (`github`, `gitlab`), so that both
show the same problems with the same words.
"""

from __future__ import annotations

from mlops_maturity.engine.batch import Failed
from mlops_maturity.errors import Problem
from mlops_maturity.safe_text import printable


def located_problems(failed: Failed) -> list[Problem]:
    """Every problem of a file that could not be scored, one per place in the file.

    An error about a single place is that one problem; an error about the whole file (it is
    missing, or `--strict` found questions unanswered) is one problem without a line. When
    only the first problems were listed, a last one without a line says how many more.
    """
    error = failed.error
    if error.problems:
        problems = list(error.problems)
        if error.hint:
            problems.append(Problem(failed.path, message=error.message, hint=error.hint))
        return problems
    if error.located is not None:
        return [error.located]
    return [Problem(failed.path, message=error.message, hint=error.hint)]


def problem_text(problem: Problem) -> str:
    """The problem without its file and line, which an annotation gives apart: `key: message; hint`."""
    text = f"{problem.key}: {problem.message}" if problem.key else problem.message
    return printable(f"{text}; {problem.hint}" if problem.hint else text)
