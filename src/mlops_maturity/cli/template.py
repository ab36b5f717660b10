"""`mlops-maturity template`: a blank answers file to fill in an editor."""

import datetime
from pathlib import Path
from typing import Annotated

import typer

from mlops_maturity.cli.common import (
    LanguageOption,
    ModelOption,
    QuestionnairesOption,
    handle_errors,
    load_questionnaires,
    say,
    selected_models,
    speak,
    write_output,
)
from mlops_maturity.messages import _


def command_help() -> str:
    """The command's --help text, in the language in use."""
    return _(
        "Print a blank answers file to fill in an editor.\n"
        "\n"
        "Every question is there with its text, help and allowed answers as\n"
        "comments; the answers are left empty. Fill it in, then score it:\n"
        "\n"
        "    mlops-maturity template --team Fraud -o answers.yaml\n"
        "\n"
        "    mlops-maturity score answers.yaml\n"
        "\n"
        "With --lang es, the questions, help and comments are in Spanish; the\n"
        "keys and answer words stay the same, so the file scores the same."
    )


def template(
    model: ModelOption = None,
    team: Annotated[str, typer.Option("--team", help=_("Team name to fill in."), metavar="NAME")] = "",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help=_("Write the template to this file (never overwrites one; default: stdout)."),
            show_default=False,
            metavar="FILE",
        ),
    ] = None,
    questionnaires_option: QuestionnairesOption = None,
    language: LanguageOption = None,
) -> None:
    """Print a blank answers file to fill in an editor: see `command_help` for --help."""
    with handle_errors():
        from mlops_maturity.answers.write import render_template
        from mlops_maturity.errors import OutputError
        from mlops_maturity.files import is_existing_file, names_stdout

        questionnaires = speak(language, load_questionnaires(questionnaires_option))
        model_ids = selected_models(questionnaires, model)
        text = render_template(
            questionnaires, questionnaires.questions_for(model_ids), team=team, date=datetime.date.today()
        )
        if output is not None and not names_stdout(output) and is_existing_file(output):
            raise OutputError(
                _("{file}: already exists; the template never overwrites a file (choose another name)").format(
                    file=output
                )
            )
        write_output(text, output)
        if output is not None and not names_stdout(output):
            say(_("wrote {file}; fill it in, then run: mlops-maturity score {file}").format(file=output))
