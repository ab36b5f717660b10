"""`mlops-maturity report`: the markdown report for a team."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from mlops_maturity.cli.common import (
    ModelOption,
    QuestionnairesOption,
    handle_errors,
    load_questionnaires,
    refuse_overwriting,
    selected_models,
    tell_migration,
    warn,
    write_output,
)

if TYPE_CHECKING:
    from mlops_maturity.engine.assessment import Assessment
    from mlops_maturity.questionnaire.model import QuestionnaireSet


def report(
    answers_file: Annotated[
        Path, typer.Argument(help="Answers file (YAML or JSON).", show_default=False, metavar="FILE")
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the report to this file (atomically). Default: stdout.",
            show_default=False,
            metavar="FILE",
        ),
    ] = None,
    model: ModelOption = None,
    template: Annotated[
        Path | None,
        typer.Option(
            "--template",
            help="Your own jinja2 template (run in a sandbox; undefined variables are errors). See the README for its context.",
            show_default=False,
            metavar="FILE",
        ),
    ] = None,
    previous: Annotated[
        Path | None,
        typer.Option(
            "--previous",
            help="The last assessment (an answers file or a saved JSON result): adds a 'Since the last assessment' section.",
            show_default=False,
            metavar="FILE",
        ),
    ] = None,
    github_summary: Annotated[
        bool,
        typer.Option(
            "--github-summary",
            help="Also append the short report to the file named by GITHUB_STEP_SUMMARY.",
            metavar="",
        ),
    ] = False,
    questionnaires_option: QuestionnairesOption = None,
) -> None:
    """Write a markdown report: levels, why, gaps and a plan of next steps.

    For a wiki, a pull request or a ticket: a summary table; why each level
    holds or not, criterion by criterion, with the source each encodes; the
    blocking gaps; the next steps in order, with the kinds of tools that do
    them; a capability profile per dimension; every answer with its note.

        mlops-maturity report answers.yaml -o maturity-report.md
    """
    with handle_errors():
        if github_summary:
            from mlops_maturity.cli.github import step_summary_file

            step_summary_file()  # fail before writing anything
        from mlops_maturity.answers.load import load_answers
        from mlops_maturity.engine.scoring import score
        from mlops_maturity.report.markdown import render_markdown, render_short_markdown

        refuse_overwriting(output, answers_file, "-o")
        questionnaires = load_questionnaires(questionnaires_option)
        model_ids = selected_models(questionnaires, model)
        loaded = load_answers(answers_file, questionnaires)
        tell_migration(loaded.migration, loaded.path)
        assessment = score(questionnaires, loaded.answers, model_ids, answers_file=loaded.path)
        if assessment.unanswered:
            warn(f"{loaded.path}: {len(assessment.unanswered)} question(s) unanswered, scored as not met")
        text = render_markdown(assessment, template)
        if previous is not None:
            text = _with_previous(text, previous, assessment, questionnaires, model_ids)
        write_output(text, output)
        if output is not None and str(output) != "-":
            print(f"wrote {output}", file=sys.stderr)
        if github_summary:
            from mlops_maturity.cli.github import append_step_summary

            append_step_summary(render_short_markdown(assessment))


def _with_previous(
    text: str, previous: Path, assessment: "Assessment", questionnaires: "QuestionnaireSet", model_ids: tuple[str, ...]
) -> str:
    """The report with "Since the last assessment" before "Why this level" (or at the end)."""
    from mlops_maturity.engine.batch import assessment_of
    from mlops_maturity.engine.diff import diff
    from mlops_maturity.report.diff import render_diff_markdown

    before, migration = assessment_of(previous, questionnaires, model_ids)
    tell_migration(migration, str(previous))
    section = render_diff_markdown(diff(before, assessment))
    marker = "\n## Why this level"
    if marker in text:
        head, _, tail = text.partition(marker)
        return f"{head}\n{section}{marker}{tail}"
    return f"{text.rstrip()}\n\n{section}"
