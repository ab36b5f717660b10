"""`models`: the maturity models and their levels, as JSON for programs or a table for people."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mlops_maturity.json_text import json_document
from mlops_maturity.messages import _

if TYPE_CHECKING:
    from rich.console import RenderableType

    from mlops_maturity.questionnaire.model import QuestionnaireSet


def models_data(questionnaires: QuestionnaireSet) -> dict[str, Any]:
    """The models and their levels as plain data (`models --json`), in English whatever the
    language: a machine format is the same for everyone.

    Versioned and named as `score --format json` is (`schema_version` first, `tool_version`,
    `native_number`, `label`); `name`, `source` and the `criteria` count keep their first shape.
    """
    from mlops_maturity import __version__
    from mlops_maturity.engine.assessment import SCHEMA_VERSION
    from mlops_maturity.report.wording import level_label

    return {
        "schema_version": SCHEMA_VERSION,
        "tool_version": __version__,
        "questionnaire_version": questionnaires.version,
        "models": [
            {
                "id": model.id,
                "name": model.name,
                "source": model.source.model_dump(),
                "numbering_note": model.numbering_note,
                "levels": [
                    {
                        "number": level.number,
                        "native_number": level.source_number,
                        "name": level.name,
                        "label": level_label(model.name, level.number, level.source_number, level.name),
                        "summary": level.summary,
                        "criteria": len(level.criteria),
                    }
                    for level in model.levels
                ],
            }
            for model in questionnaires.models
        ],
    }


def render_models_json(questionnaires: QuestionnaireSet) -> str:
    return json_document(models_data(questionnaires))


def render_models_table(questionnaires: QuestionnaireSet) -> RenderableType:
    """Per model: its source, the numbering note, and a table of its levels."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    parts: list[RenderableType] = [
        Text(_("Questionnaire version {version}, read from").format(version=questionnaires.version), style="dim"),
        # On its own line and whole, as the addresses below: a path broken across lines cannot be copied.
        Text(questionnaires.location, style="dim", overflow="ignore", no_wrap=True),
    ]
    for model in questionnaires.models:
        parts.append(Text(""))
        title = model.source.title
        if model.source.translated_title:  # the source's own title stays: it is how the document is found
            title += f" ({model.source.translated_title})"
        parts.append(Text(f"{model.name}: {title}", style="bold"))
        parts.append(Text(model.source.publisher, style="dim"))
        parts.append(Text(model.source.url, style="dim", overflow="ignore", no_wrap=True))  # whole, to copy
        if model.source.quoted_text:
            parts.append(Text(_("Quotes from the text pinned at:"), style="dim"))
            parts.append(Text(model.source.quoted_text, style="dim", overflow="ignore", no_wrap=True))
        if model.numbering_note:
            parts.append(Text(model.numbering_note, style="dim"))
        table = Table(show_edge=False, pad_edge=False, box=None, header_style="bold")
        table.add_column(_("Level"), no_wrap=True)
        with_native = any(level.native_number is not None for level in model.levels)
        if with_native:
            # The header may wrap ("Microsoft's / own") so that narrow terminals keep room for the names.
            table.add_column(_("{model}'s own").format(model=model.name), justify="center")
        # Names wrap between words; fold (never an ellipsis) only a word wider than the terminal.
        table.add_column(_("Name"), overflow="fold")
        table.add_column(_("Criteria"), justify="right", no_wrap=True)
        for level in model.levels:
            row = [str(level.number)]
            if with_native:
                row.append(str(level.native_number))
            row += [level.name, str(len(level.criteria))]
            table.add_row(*(Text(cell) for cell in row))
        parts.append(table)
    return Group(*parts)
