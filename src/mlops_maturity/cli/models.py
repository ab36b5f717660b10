"""`mlops-maturity models`: the maturity models and their levels."""

from typing import Annotated

import typer

from mlops_maturity.cli.common import (
    LanguageOption,
    QuestionnairesOption,
    handle_errors,
    load_questionnaires,
    speak,
    write_output,
)
from mlops_maturity.messages import _


def command_help() -> str:
    """The command's --help text, in the language in use."""
    return _(
        "List the maturity models and their levels.\n"
        "\n"
        "Microsoft's page numbers its levels 0-4; this tool numbers them 1-5, as\n"
        "the paper it follows does, and shows Microsoft's own number beside each.\n"
        "\n"
        "    mlops-maturity models\n"
        "\n"
        "    mlops-maturity models --json > models.json\n"
        "\n"
        "With --lang es, the table is in Spanish; --json is the same in every\n"
        "language."
    )


def models(
    json_output: Annotated[
        bool, typer.Option("--json", help=_("Print the models and levels as JSON (see the README)."), metavar="")
    ] = False,
    questionnaires_option: QuestionnairesOption = None,
    language: LanguageOption = None,
) -> None:
    """List the maturity models and their levels: see `command_help` for --help."""
    with handle_errors():
        questionnaires = load_questionnaires(questionnaires_option)
        if json_output:
            from mlops_maturity.messages import in_english
            from mlops_maturity.report.models_listing import render_models_json

            with in_english():  # the JSON is the same in every language
                write_output(render_models_json(questionnaires), None)
            return
        questionnaires = speak(language, questionnaires)
        from mlops_maturity.cli.consoles import print_result
        from mlops_maturity.report.models_listing import render_models_table

        print_result(render_models_table(questionnaires), crop=False)
