"""A questionnaire in another language: its text from `<folder>/<language>/`, keyed by id.

The English files stay the source of truth for everything but text: ids, answer values,
requirements and steps' rules are never repeated in a language's files, so a Spanish and an
English respondent answer the same questions with the same words in their files, and get the
same levels. A source's quotes stay verbatim in English; the language's rendering of each is
kept beside it (`translated_quote`), shown as a translation.

Every text field of the English files has its text in the language's files, and nothing
else: `translation_problems` says what is missing or unknown, with file, line and key
(`lint` runs it), and a command refuses a language whose files have problems.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib.resources.abc import Traversable
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from mlops_maturity.errors import Problem, QuestionnaireError
from mlops_maturity.messages import _
from mlops_maturity.questionnaire.folder import BANK_FILE, read_entry
from mlops_maturity.questionnaire.model import OptionalText, QuestionnaireSet, Text
from mlops_maturity.yaml_document import YamlDocument, validation_problem


class _Text(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OptionText(_Text):
    label: Text
    meaning: Text


class DimensionText(_Text):
    name: Text
    description: Text


class ScopeText(_Text):
    text: Text
    help: Text
    out_of_scope_reason: Text


class QuestionText(_Text):
    text: Text
    help: Text
    not_applicable: OptionalText = None


class StepText(_Text):
    action: Text
    tools: Text
    partial_action: OptionalText = None


class BankText(_Text):
    """`<language>/questions.yaml`."""

    language: Text
    title: Text
    instructions: OptionalText = None
    scale: dict[str, OptionText]
    not_applicable: OptionText
    dimensions: dict[str, DimensionText]
    scopes: dict[str, ScopeText] = {}
    questions: dict[str, QuestionText]
    steps: dict[str, StepText]
    migrations: dict[str, dict[str, Text]] = {}
    """From-version -> old question id -> the reason its answer changed."""


class SourceText(_Text):
    title: Text
    publisher: Text
    version: Text


class LevelText(_Text):
    name: Text
    summary: Text
    quote: OptionalText = None


class CriterionText(_Text):
    title: Text
    gap: Text
    rationale: OptionalText = None
    quote: OptionalText = None


class ModelText(_Text):
    """`<language>/<model>.yaml`."""

    language: Text
    name: Text
    numbering_note: OptionalText = None
    source: SourceText
    levels: dict[int, LevelText]
    criteria: dict[str, CriterionText]


def _read(
    folder: Traversable, name: str, kind: type[_Text], problems: list[Problem]
) -> tuple[Any, YamlDocument | None]:
    entry = folder / name
    if not entry.is_file():
        problems.append(
            Problem(
                str(entry), message=_("missing: the {language} text of {name}").format(language=folder.name, name=name)
            )
        )
        return None, None
    document = read_entry(entry, problems, "a translation file")
    if document is None:
        return None, None
    try:
        return kind.model_validate(document.data), document
    except ValidationError as error:
        problems.extend(validation_problem(detail, document, kind) for detail in error.errors())
        return None, document


def _pairs(english: Mapping[Any, Any], translated: Mapping[Any, Any], where: str) -> list[tuple[str, str]]:
    """(key, what is wrong) for ids the language lacks, and for ids English does not have."""
    wrong = [(f"{where}.{key}", _("missing: no text for this id")) for key in english if key not in translated]
    wrong += [
        (f"{where}.{key}", _("unknown id: the English file has none")) for key in translated if key not in english
    ]
    return wrong


def _optional_pairs(
    english: Mapping[Any, str | None], translated: Mapping[Any, Any], where: str, field: str
) -> list[tuple[str, str]]:
    """An optional field (a question's `not_applicable`) is translated exactly where English has it."""
    wrong = []
    for key, text in english.items():
        given = getattr(translated.get(key), field, None) if key in translated else None
        if text and not given:
            wrong.append((f"{where}.{key}.{field}", _("missing: the English has this text")))
        elif given and not text:
            wrong.append((f"{where}.{key}.{field}", _("unknown: the English has no such text")))
    return wrong


def _locate(document: YamlDocument, wrong: list[tuple[str, str]]) -> list[Problem]:
    problems = []
    for key, message in wrong:
        path = tuple(int(part) if part.isdigit() else part for part in key.split("."))
        # A missing key is placed at the nearest key that exists.
        line = None
        for end in range(len(path), 0, -1):
            line = document.line_of(path[:end])
            if line is not None:
                break
        problems.append(Problem(document.path, line, key=key, message=message))
    return problems


def translation_problems(
    questionnaires: QuestionnaireSet, folder: Traversable, language: str
) -> tuple[list[Problem], tuple[BankText, dict[str, ModelText]] | None]:
    """Every problem of a language's files against the English set, and the texts when none."""
    problems: list[Problem] = []
    texts = folder / language
    if not texts.is_dir():
        return [
            Problem(
                str(texts),
                message=_("no {language} texts: expected a folder {language}/ beside {file}").format(
                    language=language, file=BANK_FILE
                ),
            )
        ], None
    bank_text, document = _read(texts, BANK_FILE, BankText, problems)
    bank = questionnaires.bank
    if bank_text is not None and document is not None:
        wrong = _pairs({option.value: None for option in bank.scale}, bank_text.scale, "scale")
        wrong += _pairs({item.id: None for item in bank.dimensions}, bank_text.dimensions, "dimensions")
        wrong += _pairs({item.id: None for item in bank.scopes}, bank_text.scopes, "scopes")
        wrong += _pairs({item.id: None for item in bank.questions}, bank_text.questions, "questions")
        wrong += _optional_pairs(
            {q.id: q.not_applicable for q in bank.questions}, bank_text.questions, "questions", "not_applicable"
        )
        wrong += _pairs({item.id: None for item in bank.steps}, bank_text.steps, "steps")
        wrong += _optional_pairs(
            {s.id: s.partial_action for s in bank.steps}, bank_text.steps, "steps", "partial_action"
        )
        reasons = {
            migration.from_version: {old: change.reason for old, change in migration.questions.items() if change.reason}
            for migration in bank.migrations
        }
        for version, english in reasons.items():
            wrong += _pairs(english, bank_text.migrations.get(version, {}), f"migrations.{version}")
        wrong += [
            (f"migrations.{version}", _("unknown version: no migration from it"))
            for version in bank_text.migrations
            if version not in reasons
        ]
        if bool(bank.instructions) != bool(bank_text.instructions):
            wrong.append(
                (
                    "instructions",
                    _("missing: the English has this text")
                    if bank.instructions
                    else _("unknown: the English has none"),
                )
            )
        problems += _locate(document, wrong)
    model_texts: dict[str, ModelText] = {}
    for model in questionnaires.models:
        model_text, document = _read(texts, f"{model.id}.yaml", ModelText, problems)
        if model_text is None or document is None:
            continue
        criteria = {criterion.id: criterion for level in model.levels for criterion in level.criteria}
        wrong = _pairs({level.number: None for level in model.levels}, model_text.levels, "levels")
        wrong += _pairs(dict.fromkeys(criteria), model_text.criteria, "criteria")
        wrong += _optional_pairs(
            {key: c.rationale for key, c in criteria.items()}, model_text.criteria, "criteria", "rationale"
        )
        wrong += _optional_pairs(
            {key: c.source.quote for key, c in criteria.items()}, model_text.criteria, "criteria", "quote"
        )
        wrong += _optional_pairs(
            {level.number: level.source.quote for level in model.levels}, model_text.levels, "levels", "quote"
        )
        if bool(model.numbering_note) != bool(model_text.numbering_note):
            wrong.append(
                (
                    "numbering_note",
                    _("missing: the English has this text")
                    if model.numbering_note
                    else _("unknown: the English has none"),
                )
            )
        problems += _locate(document, wrong)
        model_texts[model.id] = model_text
    if problems or bank_text is None:
        return problems, None
    return problems, (bank_text, model_texts)


def translated(questionnaires: QuestionnaireSet, folder: Traversable, language: str) -> QuestionnaireSet:
    """The set with its text in `language` (see the module docstring).

    Raises:
        QuestionnaireError: the language's files are missing, invalid or incomplete.
    """
    problems, texts = translation_problems(questionnaires, folder, language)
    if texts is None:
        raise QuestionnaireError(
            _("{folder}: the {language} texts have {count} problem(s); `mlops-maturity lint` lists them too").format(
                folder=folder, language=language, count=len(problems)
            ),
            problems=tuple(problems),
        )
    bank_text, model_texts = texts
    bank = questionnaires.bank
    new_bank = bank.model_copy(
        update={
            "title": bank_text.title,
            "instructions": bank_text.instructions,
            "scale": tuple(option.model_copy(update=dict(bank_text.scale[option.value])) for option in bank.scale),
            "not_applicable": bank.not_applicable.model_copy(update=dict(bank_text.not_applicable)),
            "dimensions": tuple(
                item.model_copy(update=dict(bank_text.dimensions[item.id])) for item in bank.dimensions
            ),
            "scopes": tuple(item.model_copy(update=dict(bank_text.scopes[item.id])) for item in bank.scopes),
            "questions": tuple(item.model_copy(update=dict(bank_text.questions[item.id])) for item in bank.questions),
            "steps": tuple(item.model_copy(update=dict(bank_text.steps[item.id])) for item in bank.steps),
            "migrations": tuple(
                migration.model_copy(
                    update={
                        "questions": {
                            old: change.model_copy(
                                update={
                                    "reason": bank_text.migrations.get(migration.from_version, {}).get(
                                        old, change.reason
                                    )
                                }
                            )
                            for old, change in migration.questions.items()
                        }
                    }
                )
                for migration in bank.migrations
            ),
        }
    )
    models = []
    for model in questionnaires.models:
        text = model_texts[model.id]
        levels = []
        for level in model.levels:
            level_text = text.levels[level.number]
            criteria = tuple(
                criterion.model_copy(
                    update={
                        "title": text.criteria[criterion.id].title,
                        "gap": text.criteria[criterion.id].gap,
                        "rationale": text.criteria[criterion.id].rationale,
                        "source": criterion.source.model_copy(
                            update={"translated_quote": text.criteria[criterion.id].quote}
                        ),
                    }
                )
                for criterion in level.criteria
            )
            levels.append(
                level.model_copy(
                    update={
                        "name": level_text.name,
                        "summary": level_text.summary,
                        "criteria": criteria,
                        "source": level.source.model_copy(update={"translated_quote": level_text.quote}),
                    }
                )
            )
        models.append(
            model.model_copy(
                update={
                    "name": text.name,
                    "numbering_note": text.numbering_note,
                    "source": model.source.model_copy(update={"translated_title": text.source.title}),
                    "levels": tuple(levels),
                }
            )
        )
    # NOTE: constructed anew, not copied: a copy would keep the English set's cached lookups.
    return QuestionnaireSet.model_construct(
        location=questionnaires.location, bank=new_bank, models=tuple(models), language=language
    )
