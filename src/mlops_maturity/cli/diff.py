"""`mlops-maturity diff`: did the team move between two assessments?"""

from pathlib import Path
from typing import Annotated

import typer

from mlops_maturity.cli.common import (
    ModelOption,
    QuestionnairesOption,
    handle_errors,
    load_questionnaires,
    quiet,
    selected_models,
    tell,
    tell_migration,
    write_output,
)
from mlops_maturity.messages import _
from mlops_maturity.report import ViewFormat


def command_help() -> str:
    """The command's --help text, in the language in use."""
    return _(
        "Compare two assessments of a team: levels, criteria, answers, steps.\n"
        "\n"
        "OLD and NEW are answers files (older questionnaire versions are read\n"
        "through their migrations) or JSON results written by `score --format json`.\n"
        "Shows per model the level then and now, the criteria newly met and newly\n"
        "lost, the answers that changed (with their notes), and the steps that\n"
        "left the plan.\n"
        "\n"
        "    mlops-maturity diff answers-2026-06.yaml answers.yaml\n"
        "\n"
        "    mlops-maturity diff last-result.json answers.yaml --fail-on-regression"
    )


def diff(
    old: Annotated[
        Path,
        typer.Argument(help=_("The earlier answers file, or its saved `score --format json` result."), metavar="OLD"),
    ],
    new: Annotated[Path, typer.Argument(help=_("The later answers file or JSON result."), metavar="NEW")],
    model: ModelOption = None,
    output_format: Annotated[
        ViewFormat,
        typer.Option("--format", "-f", help=_("text, json or markdown."), case_sensitive=False, metavar="FORMAT"),
    ] = ViewFormat.text,
    fail_on_regression: Annotated[
        bool, typer.Option("--fail-on-regression", help=_("Exit 1 when any model's level went down (a CI gate)."))
    ] = False,
    questionnaires_option: QuestionnairesOption = None,
) -> None:
    """Compare two assessments of a team: levels, criteria, answers, steps: see `command_help` for --help."""
    with handle_errors():
        from mlops_maturity.engine.batch import assessment_of
        from mlops_maturity.engine.diff import diff as compare

        questionnaires = load_questionnaires(questionnaires_option)
        model_ids = selected_models(questionnaires, model)
        (before, old_migration), (after, new_migration) = (
            assessment_of(old, questionnaires, model_ids),
            assessment_of(new, questionnaires, model_ids),
        )
        tell_migration(old_migration, str(old))
        tell_migration(new_migration, str(new))
        change = compare(before, after)
        from mlops_maturity.messages import in_english
        from mlops_maturity.report.diff import RENDERERS

        if not (quiet() and output_format is ViewFormat.text):  # -q: the text view is for people
            with in_english():  # diff has no --lang: its views stay as they were in every language
                write_output(RENDERERS[output_format](change), None)
        regressed = change.regressed
    if fail_on_regression and regressed:
        from mlops_maturity.messages import in_english
        from mlops_maturity.report.diff import movement

        # The gate's reason, on stderr like `score --fail-under`'s: stdout is the comparison.
        for model_change in change.models:
            if model_change.regressed:
                with in_english():
                    tell(f"regressed: {new}: {model_change.model_name}: {movement(model_change)}")
        raise typer.Exit(1)
