"""`score --format github`: GitHub Actions workflow commands, so results show on the pull request.

One `::error` per problem of a file that could not be scored, at its file, line and column;
for a scored file, a `::notice` with its levels, a `::warning` for unanswered questions and
an `::error` per `--fail-under` threshold it is below. GitHub turns these lines into
annotations on the diff, as it does for ruff's `--output-format github`.

Paths are written as given: relative to the working directory, which in a workflow is the
repository root, so GitHub can place them on the diff.
"""

from __future__ import annotations

from collections.abc import Sequence

from mlops_maturity.engine.batch import Failed, Outcome, Scored
from mlops_maturity.errors import Problem
from mlops_maturity.report.annotations import located_problems, problem_text
from mlops_maturity.report.wording import gate_failure, reached_label, unanswered_notice
from mlops_maturity.safe_text import one_line

INVALID_TITLE = "Invalid answers file"
LEVELS_TITLE = "MLOps maturity"
UNANSWERED_TITLE = "Unanswered questions"
GATE_TITLE = "Below the required MLOps maturity level"


def escape_data(text: str) -> str:
    """A command's message, as GitHub's toolkit escapes it: a newline must not end the command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property's value (file, title): also no `:` or `,`, which end a property."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def workflow_command(command: str, message: str, **properties: str | int | None) -> str:
    """`::command key=value,...::message`, every piece made printable, one line, and escaped."""
    given = [f"{key}={escape_property(one_line(str(value)))}" for key, value in properties.items() if value is not None]
    return f"::{command} {','.join(given)}::{escape_data(one_line(message))}"


def _problem_command(problem: Problem) -> str:
    return workflow_command(
        "error", problem_text(problem), file=problem.file, line=problem.line, col=problem.column, title=INVALID_TITLE
    )


def _scored_commands(outcome: Scored) -> list[str]:
    """The levels, the unanswered questions and each failed threshold of one scored file."""
    models = outcome.assessment.models.values()
    levels = "; ".join(f"{model.model_name}: {reached_label(model)}" for model in models)
    team = outcome.assessment.team
    commands = [workflow_command("notice", f"{team}: {levels}", file=outcome.path, title=LEVELS_TITLE)]
    missing = outcome.assessment.unanswered
    if missing:
        commands.append(
            workflow_command("warning", unanswered_notice(missing), file=outcome.path, title=UNANSWERED_TITLE)
        )
    commands += [
        workflow_command("error", gate_failure(failure), file=outcome.path, title=GATE_TITLE)
        for failure in outcome.failures
    ]
    return commands


def render_github(outcomes: Sequence[Outcome]) -> str:
    """Workflow commands for every outcome, in the order given, one per line."""
    commands: list[str] = []
    for outcome in outcomes:
        if isinstance(outcome, Failed):
            commands += [_problem_command(problem) for problem in located_problems(outcome)]
        else:
            commands += _scored_commands(outcome)
    return "".join(command + "\n" for command in commands)
