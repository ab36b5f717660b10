"""`mlops-maturity schema`: the JSON Schema of answers files, for editors, or of the result."""

from typing import Annotated

import typer

from mlops_maturity.cli.common import QuestionnairesOption, handle_errors, load_questionnaires, write_output
from mlops_maturity.messages import _


def command_help() -> str:
    """The command's --help text, in the language in use."""
    return _(
        "Print the JSON Schema of answers files, for editors.\n"
        "\n"
        "Editors that use the YAML language server then check and complete\n"
        "answers files. Save the schema beside them and name it on the first\n"
        "line of each answers file:\n"
        "\n"
        "    mlops-maturity schema > answers.schema.json\n"
        "\n"
        "    # yaml-language-server: $schema=answers.schema.json\n"
        "\n"
        "With --result, the schema of the JSON result, for programs that read it:\n"
        "\n"
        "    mlops-maturity schema --result > result.schema.json"
    )


def schema(
    result: Annotated[
        bool,
        typer.Option(
            "--result",
            help=_("Print the JSON Schema of `score --format json` instead (the same for every questionnaire)."),
            metavar="",
        ),
    ] = False,
    questionnaires_option: QuestionnairesOption = None,
) -> None:
    """Print the JSON Schema of answers files, for editors: see `command_help` for --help."""
    with handle_errors():
        from mlops_maturity.json_text import json_document

        if result:
            from mlops_maturity.report.result_schema import result_json_schema

            write_output(json_document(result_json_schema()), None)
            return
        from mlops_maturity.answers.schema import answers_json_schema

        questionnaires = load_questionnaires(questionnaires_option)
        write_output(json_document(answers_json_schema(questionnaires)), None)
