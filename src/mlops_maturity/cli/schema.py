"""`mlops-maturity schema`: the JSON Schema of answers files, for editors."""

import json

from mlops_maturity.cli.common import QuestionnairesOption, handle_errors, load_questionnaires, write_output


def schema(
    questionnaires_option: QuestionnairesOption = None,
) -> None:
    """Print the JSON Schema of answers files, for editors.

    Editors that use the YAML language server then check and complete
    answers files. Save the schema beside them and name it on the first
    line of each answers file:

        mlops-maturity schema > answers.schema.json

        # yaml-language-server: $schema=answers.schema.json
    """
    with handle_errors():
        from mlops_maturity.answers.schema import answers_json_schema

        questionnaires = load_questionnaires(questionnaires_option)
        write_output(json.dumps(answers_json_schema(questionnaires), indent=2, ensure_ascii=False) + "\n", None)
