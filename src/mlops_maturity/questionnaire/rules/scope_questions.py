"""Scope ids are unique, and every scope lists known questions, each once.

A scope (`scopes:` in the bank) puts its questions out of scope when a team answers it
false; an unknown id there would silently leave a question in scope.
"""

from __future__ import annotations

from collections.abc import Iterator

from mlops_maturity.errors import Problem
from mlops_maturity.questionnaire.rules.folder_view import Folder, duplicates, entries, ids

ID = "scope-questions"


def check(folder: Folder) -> Iterator[Problem]:
    document = folder.bank_document
    if folder.bank is None or document is None:
        return
    yield from duplicates(
        [(scope_id, ("scopes", index, "id"), document) for index, scope_id in ids(folder.bank, "scopes")], "scope"
    )
    for index, scope in entries(folder.bank, "scopes"):
        questions = scope.get("questions")
        if not isinstance(questions, list):
            continue  # the scope's shape is validation's to report
        listed: set[str] = set()
        for position, question_id in enumerate(questions):
            if not isinstance(question_id, str):
                continue  # validation reports it
            loc = ("scopes", index, "questions", position)
            key = f"scopes.{index}.questions.{position}"
            if folder.question_ids and question_id not in folder.question_ids:
                yield Problem(
                    document.path,
                    document.line_of(loc),
                    key=key,
                    message=f"unknown question id '{question_id}'",
                    hint=folder.question_hints(question_id),
                )
            elif question_id in listed:
                yield Problem(document.path, document.line_of(loc), key=key, message=f"'{question_id}' is listed twice")
            listed.add(question_id)
