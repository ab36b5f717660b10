"""Migrations chain from the oldest version to this one; what they name exists.

Each migration leads to the next one's `from_version`, the last one to the bank's `version`;
the questions the last one maps to (`becomes`, `added`) and its answers are this version's.
"""

from __future__ import annotations

from collections.abc import Iterator

from mlops_maturity.errors import Problem
from mlops_maturity.questionnaire.rules.folder_view import Folder

ID = "migrations"


def check(folder: Folder) -> Iterator[Problem]:
    document = folder.bank_document
    declared = folder.bank.get("migrations") if folder.bank else None
    if document is None or not isinstance(declared, list) or not declared:
        return
    version = str(folder.bank.get("version")) if folder.bank else ""
    entries = [(index, entry) for index, entry in enumerate(declared) if isinstance(entry, dict)]
    if not entries:
        return  # entries that are not mappings are validation's to report
    for (index, entry), following in zip(entries, [*entries[1:], None], strict=True):
        expected = str(following[1].get("from_version")) if following else version
        if str(entry.get("to_version")) != expected:
            yield Problem(
                document.path,
                document.line_of(("migrations", index, "to_version")),
                key=f"migrations.{index}.to_version",
                message=f"'{entry.get('to_version')}' should be '{expected}': each migration leads to the next one's "
                "from_version, the last one to this questionnaire's version",
            )
    last = entries[-1][0] if entries else None
    for index, entry in entries:
        questions = entry.get("questions")
        if index != last or not isinstance(questions, dict):
            continue  # only the last migration's targets are this version's questions
        for old_id, change in questions.items():
            becomes = change.get("becomes") if isinstance(change, dict) else None
            for position, target in enumerate(becomes if isinstance(becomes, list) else []):
                if folder.question_ids and target not in folder.question_ids:
                    yield Problem(
                        document.path,
                        document.line_of(("migrations", index, "questions", old_id, "becomes", position)),
                        key=f"migrations.{index}.questions.{old_id}.becomes.{position}",
                        message=f"unknown question id '{target}' (expected a question of this version)",
                    )
            mapped = change.get("answers") if isinstance(change, dict) else None
            for old, new in mapped.items() if isinstance(mapped, dict) else []:
                if folder.scale_values and new not in folder.scale_values:
                    yield Problem(
                        document.path,
                        document.line_of(("migrations", index, "questions", old_id, "answers", old)),
                        key=f"migrations.{index}.questions.{old_id}.answers.{old}",
                        message=f"'{new}' is not on the scale (expected one of: {', '.join(folder.scale_values)})",
                    )
        added_ids = entry.get("added")
        for position, added in enumerate(added_ids if isinstance(added_ids, list) else []):
            if folder.question_ids and added not in folder.question_ids:
                yield Problem(
                    document.path,
                    document.line_of(("migrations", index, "added", position)),
                    key=f"migrations.{index}.added.{position}",
                    message=f"unknown question id '{added}' (expected a question new in this version)",
                )
