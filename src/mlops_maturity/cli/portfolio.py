"""`mlops-maturity portfolio`: where an organisation's teams stand, and which investment lifts most."""

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from mlops_maturity.cli.common import (
    ModelOption,
    QuestionnairesOption,
    fail_under_option,
    handle_errors,
    load_questionnaires,
    print_error,
    refuse_overwriting,
    selected_models,
    write_output,
)

ANSWERS_SUFFIXES = (".yaml", ".yml", ".json")
MAX_WORKERS = 64
"""More processes than this only compete for the same cores and memory."""


class PortfolioFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


def answers_paths(inputs: list[str]) -> list[Path]:
    """The answers files named: files as given, folders searched recursively, globs expanded."""
    import glob

    found: list[Path] = []
    for given in inputs:
        path = Path(given)
        if path.is_dir():
            found += _folder_answers(path)
        elif any(character in given for character in "*?["):
            found += sorted(Path(match) for match in glob.glob(given, recursive=True) if not Path(match).is_dir())
        else:
            found.append(path)  # a missing file is reported as unread, with the others
    return list(dict.fromkeys(found))


def _folder_answers(folder: Path) -> list[Path]:
    """Every entry named like an answers file in a folder and below, other than a folder, and
    every folder that cannot be listed: each is then scored, or listed as unread with its
    reason (a pipe, a broken link, a folder that cannot be entered), never skipped silently."""
    import os

    unlisted: list[Path] = []
    found: list[Path] = []
    for root, _, names in os.walk(folder, onerror=lambda error: unlisted.append(Path(str(error.filename)))):
        found += (Path(root) / name for name in names if Path(name).suffix in ANSWERS_SUFFIXES)
    return sorted(found) + sorted(unlisted)


def portfolio(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Answers files, folders (searched recursively) or globs.",
            show_default=False,
            metavar="DIR|GLOB|FILE",
        ),
    ],
    model: ModelOption = None,
    output_format: Annotated[
        PortfolioFormat,
        typer.Option("--format", "-f", help="text, json or markdown.", case_sensitive=False, metavar="FORMAT"),
    ] = PortfolioFormat.text,
    fail_under: Annotated[list[str] | None, fail_under_option("Exit 1 when any team is below LEVEL on MODEL.")] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            help=f"Processes to score with, at most {MAX_WORKERS} (default: one per core, up to 8).",
            min=1,
            max=MAX_WORKERS,
            show_default=False,
            metavar="N",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the view to this file (atomically). Default: stdout.",
            show_default=False,
            metavar="FILE",
        ),
    ] = None,
    questionnaires_option: QuestionnairesOption = None,
) -> None:
    """Score every team's answers file and show the organisation's view.

    Teams by level per model, how many teams are at each level, the blocking
    gaps most teams share, and the next steps that would lift the most teams
    to their next level: where platform investment pays most. Files that
    cannot be read are listed with their problem and do not stop the rest.

        mlops-maturity portfolio teams/

        mlops-maturity portfolio 'teams/**/*.yaml' --format json > portfolio.json
    """
    with handle_errors():
        from mlops_maturity.engine.batch import summarise_files
        from mlops_maturity.engine.gate import parse_thresholds
        from mlops_maturity.engine.portfolio import TeamSummary, UnreadFile, portfolio
        from mlops_maturity.errors import MaturityError, UsageError

        if output is not None and output_format is PortfolioFormat.text:
            raise UsageError("--output takes --format json or markdown; the text view is for the terminal")
        questionnaires = load_questionnaires(questionnaires_option)
        model_ids = selected_models(questionnaires, model)
        thresholds = parse_thresholds(fail_under or [], questionnaires)
        paths = answers_paths(inputs)
        if not paths:
            raise UsageError(f"no answers files (*.yaml, *.yml, *.json) found in: {', '.join(inputs)}")
        refuse_overwriting(output, paths, "-o")
        teams: list[TeamSummary] = []
        unread: list[UnreadFile] = []
        for summary in summarise_files(
            paths, questionnaires, questionnaires_option, model_ids, thresholds, workers=workers
        ):
            if isinstance(summary, UnreadFile):
                unread.append(summary)
                print_error(MaturityError(summary.message, problems=tuple(summary.problems)))
            else:
                teams.append(summary)
        result = portfolio(teams, unread, questionnaires, model_ids)
        if output_format is PortfolioFormat.json:
            from mlops_maturity.report.portfolio import render_portfolio_json

            write_output(render_portfolio_json(result), output)
        elif output_format is PortfolioFormat.markdown:
            from mlops_maturity.report.portfolio import render_portfolio_markdown

            write_output(render_portfolio_markdown(result), output)
        else:
            from mlops_maturity.cli.consoles import print_result
            from mlops_maturity.report.portfolio import render_portfolio_text

            print_result(render_portfolio_text(result))
        code = result.exit_code
    if code:
        raise typer.Exit(int(code))
