"""`mlops-maturity history`: the team's levels at each commit of its answers file."""

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from mlops_maturity.cli.common import (
    ModelOption,
    QuestionnairesOption,
    handle_errors,
    load_questionnaires,
    quiet,
    selected_models,
    warn,
    write_output,
)
from mlops_maturity.messages import _
from mlops_maturity.report import ViewFormat

T = TypeVar("T")


def command_help() -> str:
    """The command's --help text, in the language in use."""
    return _(
        "Show the levels at each commit that changed an answers file.\n"
        "\n"
        "Reads the file as it was at each commit (`git log` and `git show`: no\n"
        "network, nothing written), scores every version, and lists date, commit\n"
        "and level per model, with the criteria gained and lost at each step.\n"
        "Works from any folder; the JSON is the data a chart needs.\n"
        "\n"
        "    mlops-maturity history answers.yaml"
    )


def history(
    answers_file: Annotated[Path, typer.Argument(help=_("An answers file committed to git."), metavar="ANSWERS")],
    model: ModelOption = None,
    output_format: Annotated[
        ViewFormat,
        typer.Option("--format", "-f", help=_("text, json or markdown."), case_sensitive=False, metavar="FORMAT"),
    ] = ViewFormat.text,
    questionnaires_option: QuestionnairesOption = None,
) -> None:
    """Show the levels at each commit that changed an answers file: see `command_help` for --help."""
    with handle_errors():
        from mlops_maturity.answers.history import MAX_VERSIONS, file_versions
        from mlops_maturity.cli.progress import progress
        from mlops_maturity.engine.history import history as read_history
        from mlops_maturity.messages import in_english
        from mlops_maturity.report.history import RENDERERS

        questionnaires = load_questionnaires(questionnaires_option)
        model_ids = selected_models(questionnaires, model)
        found = file_versions(answers_file)
        if found.truncated:
            warn(f"{answers_file}: only the newest {MAX_VERSIONS} commits are read; older versions are left out")
        with progress("Reading versions", len(found.commits)) as advance:
            result = read_history(str(answers_file), _counted(found.versions(), advance), questionnaires, model_ids)
        if not (quiet() and output_format is ViewFormat.text):  # -q: the text view is for people
            with in_english():  # history has no --lang: its views stay as they were in every language
                write_output(RENDERERS[output_format](result), None)


def _counted(items: Iterable[T], advance: Callable[[int], None]) -> Iterator[T]:
    """The items, each counted as it is taken."""
    for item in items:
        yield item
        advance(1)
