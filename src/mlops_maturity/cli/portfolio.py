"""`mlops-maturity portfolio`: where an organisation's teams stand, and which investment lifts most."""

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from mlops_maturity.cli.common import (
    ModelOption,
    QuestionnairesOption,
    fail_under_option,
    handle_errors,
    load_questionnaires,
    print_error,
    refuse_overwriting,
    say,
    selected_models,
    tell,
    write_output,
)
from mlops_maturity.messages import _

if TYPE_CHECKING:
    from mlops_maturity.engine.gate import Threshold
    from mlops_maturity.questionnaire.model import QuestionnaireSet

ANSWERS_SUFFIXES = (".yaml", ".yml", ".json")
MAX_WORKERS = 64
"""More processes than this only compete for the same cores and memory."""


class PortfolioFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"
    csv = "csv"


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
    for root, _folders, names in os.walk(folder, onerror=lambda error: unlisted.append(Path(str(error.filename)))):
        found += (Path(root) / name for name in names if Path(name).suffix in ANSWERS_SUFFIXES)
    return sorted(found) + sorted(unlisted)


def command_help() -> str:
    """The command's --help text, in the language in use."""
    return _(
        "Score every team's answers file and show the organisation's view.\n"
        "\n"
        "Teams by level per model, how many teams are at each level, the blocking\n"
        "gaps most teams share, and the next steps that would lift the most teams\n"
        "to their next level: where platform investment pays most. Files that\n"
        "cannot be read are listed with their problem and do not stop the rest.\n"
        "\n"
        "    mlops-maturity portfolio teams/\n"
        "\n"
        "    mlops-maturity portfolio 'teams/**/*.yaml' --format json > portfolio.json\n"
        "\n"
        "    mlops-maturity portfolio teams/ --group-by owner\n"
        "\n"
        "    mlops-maturity portfolio teams/ --format csv -o levels.csv\n"
        "\n"
        "Each team is counted once: files of the same team (the same entity, or\n"
        "the same team name) are its history or its respondents, and the newest\n"
        "stands (a combined file over its respondents' on the same date); the\n"
        "others are named on stderr."
    )


def portfolio(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help=_("Answers files, folders (searched recursively) or globs."),
            show_default=False,
            metavar="DIR|GLOB|FILE",
        ),
    ],
    model: ModelOption = None,
    output_format: Annotated[
        PortfolioFormat,
        typer.Option(
            "--format",
            "-f",
            help=_("text, json, markdown, or csv (one row per team and model, for a spreadsheet)."),
            case_sensitive=False,
            metavar="FORMAT",
        ),
    ] = PortfolioFormat.text,
    group_by: Annotated[
        str | None,
        typer.Option(
            "--group-by",
            help=_(
                "Roll levels up per owner, per label value (label:KEY) or per folder: the teams per level, "
                "the median level and the steps that lift most within each group."
            ),
            show_default=False,
            metavar="owner|label:KEY|folder",
        ),
    ] = None,
    fail_under: Annotated[
        list[str] | None, fail_under_option(_("Exit 1 when any team is below LEVEL on MODEL."))
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            help=_("Processes to score with, at most {most} (default: one per core, up to 8).").format(
                most=MAX_WORKERS
            ),
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
            help=_("Write the view to this file (atomically). Default: stdout."),
            show_default=False,
            metavar="FILE",
        ),
    ] = None,
    questionnaires_option: QuestionnairesOption = None,
) -> None:
    """Score every team's answers file and show the organisation's view: see `command_help` for --help."""
    with handle_errors():
        from mlops_maturity.cli.progress import progress
        from mlops_maturity.engine.batch import summarise_files
        from mlops_maturity.engine.gate import parse_thresholds
        from mlops_maturity.engine.portfolio import TeamSummary, UnreadFile, portfolio
        from mlops_maturity.engine.portfolio_groups import check_group_by
        from mlops_maturity.errors import MaturityError, UsageError

        if output is not None and output_format is PortfolioFormat.text:
            raise UsageError("--output takes --format json, markdown or csv; the text view is for the terminal")
        if group_by is not None:
            group_by = check_group_by(group_by)
        questionnaires = load_questionnaires(questionnaires_option)
        model_ids = selected_models(questionnaires, model)
        thresholds = parse_thresholds(fail_under or [], questionnaires)
        paths = answers_paths(inputs)
        if not paths:
            raise UsageError(f"no answers files (*.yaml, *.yml, *.json) found in: {', '.join(inputs)}")
        refuse_overwriting(output, paths, "-o")
        teams: list[TeamSummary] = []
        unread: list[UnreadFile] = []
        with progress("Scoring answers files", len(paths)) as advance:
            for summary in summarise_files(
                paths, questionnaires, questionnaires_option, model_ids, thresholds, workers=workers
            ):
                advance(1)
                if isinstance(summary, UnreadFile):
                    unread.append(summary)
                    print_error(MaturityError(summary.message, problems=tuple(summary.problems)))
                else:
                    teams.append(summary)
        result = portfolio(teams, unread, questionnaires, model_ids, group_by=group_by)
        for superseded in result.superseded:
            which = "an older assessment" if superseded.date < superseded.by_date else "another file of the same date"
            say(
                f"{superseded.answers_file}: {which} of {superseded.team} ({superseded.date.isoformat()}); "
                f"the team is counted once, by {superseded.by}"
            )
        for team in result.teams:
            for model_id, standing in team.models.items():
                if standing.below_threshold:
                    tell(_below(team.answers_file, team.team, model_id, standing.level, thresholds, questionnaires))
        if output_format is PortfolioFormat.json:
            from mlops_maturity.report.portfolio import render_portfolio_json

            write_output(render_portfolio_json(result), output)
        elif output_format is PortfolioFormat.csv:
            from mlops_maturity.report.spreadsheet import render_portfolio_csv

            write_output(render_portfolio_csv(result), output)
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


def _below(
    answers_file: str,
    team: str,
    model_id: str,
    level: int,
    thresholds: "list[Threshold]",
    questionnaires: "QuestionnaireSet",
) -> str:
    """Why a team fails the gate, for stderr: its level on the model against the threshold."""
    from mlops_maturity.report.wording import level_label

    model = questionnaires.model(model_id)
    # The highest threshold on the model is the one the team fails (as `below_threshold` counts it).
    threshold = max((threshold for threshold in thresholds if threshold.model == model_id), key=lambda t: t.level)
    reached = next(each for each in model.levels if each.number == level)
    label = level_label(model.name, reached.number, reached.source_number, reached.name)
    return f"{answers_file}: {team} is below {model_id}={threshold.level}: {label}"
