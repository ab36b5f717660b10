"""`mlops-maturity schema`: the JSON Schema of answers files, for editors, or of the result."""

from typing import Annotated

import typer

from mlops_maturity.cli.common import QuestionnairesOption, handle_errors, load_questionnaires, write_output


def schema(
    result: Annotated[
        bool,
        typer.Option(
            "--result",
            help="Print the JSON Schema of `score --format json` instead (the same for every questionnaire).",
            metavar="",
        ),
    ] = False,
    questionnaires_option: QuestionnairesOption = None,
) -> None:
    """Print the JSON Schema of answers files, for editors.

    Editors that use the YAML language server then check and complete
    answers files. Save the schema beside them and name it on the first
    line of each answers file:

        mlops-maturity schema > answers.schema.json

        # yaml-language-server: $schema=answers.schema.json

    With --result, the schema of the JSON result, for programs that read it:

        mlops-maturity schema --result > result.schema.json
    """
    with handle_errors():
        from mlops_maturity.json_text import json_document

        if result:
            from mlops_maturity.report.result_schema import result_json_schema

            write_output(json_document(result_json_schema()), None)
            return
        from mlops_maturity.answers.schema import answers_json_schema

        questionnaires = load_questionnaires(questionnaires_option)
        write_output(json_document(answers_json_schema(questionnaires)), None)
