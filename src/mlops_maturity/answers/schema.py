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
    not_applicable = questionnaires.bank.not_applicable.value
    scoped = {question_id for scope in questionnaires.bank.scopes for question_id in scope.questions}
    for question in questionnaires.bank.questions:
        values: list[str | None] = [*questionnaires.allowed_answers(question), None]
        if question.id in scoped and not_applicable not in values:
            values.insert(-1, not_applicable)  # only while a scope puts it out: see _scope_conditions
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
    scopes: dict[str, Any] = {}
    for scope in questionnaires.bank.scopes:
        scopes[scope.id] = {
            "type": "boolean",
            "description": f"{scope.text}\n\n{scope.help}\n\nfalse: n/a ({scope.out_of_scope_reason}) for: "
            + ", ".join(scope.questions),
        }
    schema["properties"]["scope"] = {
        "description": schema["properties"]["scope"].get("description", ""),
        "type": "object",
        "properties": scopes,
        "additionalProperties": False,
    }
    schema["properties"]["answers"] = {
        "description": schema["properties"]["answers"].get("description", ""),
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    conditions = _scope_conditions(questionnaires)
    if conditions:
        schema["$defs"]["NotApplicableAnswer"] = {
            "description": "n/a, written short or as an answer's mapping.",
            "anyOf": [
                {"const": not_applicable},
                {"type": "object", "properties": {"answer": {"const": not_applicable}}, "required": ["answer"]},
            ],
        }
        schema["allOf"] = conditions
    return schema


def _scope_conditions(questionnaires: QuestionnaireSet) -> list[dict[str, Any]]:
    """Unless the file says `false` for a scope listing it, a question takes no n/a (where it
    would not otherwise), as the loader checks: one condition per set of such scopes."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for question in questionnaires.bank.questions:
        scope_ids = tuple(scope.id for scope in questionnaires.bank.scopes if question.id in scope.questions)
        if scope_ids and not question.not_applicable:
            groups.setdefault(scope_ids, []).append(question.id)
    refused = {"not": {"$ref": "#/$defs/NotApplicableAnswer"}}
    return [
        {
            "if": {
                "not": {
                    "required": ["scope"],
                    "properties": {
                        "scope": {"anyOf": [{"properties": {i: {"const": False}}, "required": [i]} for i in scope_ids]}
                    },
                }
            },
            "then": {"properties": {"answers": {"properties": dict.fromkeys(questions, refused)}}},
        }
        for scope_ids, questions in groups.items()
    ]
