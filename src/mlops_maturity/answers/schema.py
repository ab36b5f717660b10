"""The JSON Schema of answers files, generated from the pydantic model.

The generated schema is completed with the questionnaire's own question ids and answer
values, so that an editor can complete and check every answer.
"""

from __future__ import annotations

from typing import Any

from mlops_maturity.answers.model import AnswersFile
from mlops_maturity.questionnaire.model import QuestionnaireSet


def answers_json_schema(questionnaires: QuestionnaireSet) -> dict[str, Any]:
    """JSON Schema (draft 2020-12) for answers files of this questionnaire."""
    schema: dict[str, Any] = AnswersFile.model_json_schema()
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"mlops-maturity-answers-{questionnaires.version}.schema.json",
        **schema,
    }
    schema["title"] = f"mlops-maturity answers file (questionnaire {questionnaires.version})"
    readable = [migration.from_version for migration in questionnaires.bank.migrations]
    # NOTE: older versions are listed too: the tool reads them through their migrations.
    schema["properties"]["questionnaire_version"]["enum"] = [*readable, questionnaires.version]
    meanings = "; ".join(f"{option.value}: {option.meaning}" for option in questionnaires.bank.scale)
    properties: dict[str, Any] = {}
    for question in questionnaires.bank.questions:
        values: list[str | None] = [*questionnaires.allowed_answers(question), None]
        description = f"{question.text}\n\n{question.help}"
        if question.not_applicable:
            description += f"\n\nn/a allowed: {question.not_applicable}"
        properties[question.id] = {
            "description": description,
            "anyOf": [
                {"enum": values, "description": meanings},
                {
                    "allOf": [{"$ref": "#/$defs/Answer"}],
                    "properties": {"answer": {"enum": values}},
                },
            ],
        }
    schema["properties"]["answers"] = {
        "description": schema["properties"]["answers"].get("description", ""),
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    return schema
