"""`mlops-maturity report`: the report for a team, in markdown or as a self-contained HTML page."""

from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from mlops_maturity.cli.common import (
    LanguageOption,
    ModelOption,
    QuestionnairesOption,
    detail,
    handle_errors,
    load_questionnaires,
    refuse_overwriting,
    say,
    selected_models,
    speak,
    tell_migration,
    warn,
    write_output,
)
from mlops_maturity.files import names_stdout
from mlops_maturity.messages import _

if TYPE_CHECKING:
    from mlops_maturity.engine.assessment import Assessment
    from mlops_maturity.questionnaire.model import QuestionnaireSet
    from mlops_maturity.report.html import Trend

HTML_SUFFIXES = (".html", ".htm")


class ReportFormat(StrEnum):
    markdown = "markdown"
    html = "html"


def report_format(chosen: ReportFormat | None, output: Path | None, template: Path | None) -> ReportFormat:
    """The format asked for; without `--format`, html for an `-o` ending in .html or .htm (and no
    `--template`), else markdown.

    Raises:
        UsageError: `--template` with html: custom templates are markdown templates.
    """
    from mlops_maturity.errors import UsageError

    if chosen is None:
        by_suffix = output is not None and template is None and output.suffix.lower() in HTML_SUFFIXES
        chosen = ReportFormat.html if by_suffix else ReportFormat.markdown
    if chosen is ReportFormat.html and template is not None:
        raise UsageError(_("--template is for markdown reports; the HTML report has no custom template"))
    return chosen


def command_help() -> str:
    """The command's --help text, in the language in use."""
    return _(
        "Write a report: levels, why, gaps and a plan of next steps.\n"
        "\n"
        "Markdown, for a wiki, a pull request or a ticket: a summary table; why\n"
        "each level holds or not, criterion by criterion, with the source each\n"
        "encodes; the blocking gaps; the next steps in order, with the kinds of\n"
        "tools that do them; a capability profile per dimension; every answer with\n"
        "its note. `--format html`: one self-contained page (no script, nothing\n"
        "fetched) with a level ladder per model, a radar of the profile and, when\n"
        "the answers file has history in git (or with `--previous`), a trend; the\n"
        "detail is folded underneath.\n"
        "\n"
        "    mlops-maturity report answers.yaml -o maturity-report.md\n"
        "    mlops-maturity report answers.yaml -o maturity-report.html\n"
        "\n"
        "With --lang es, the report is in Spanish; the levels are the same."
    )


def report(
    answers_file: Annotated[
        Path, typer.Argument(help=_("Answers file (YAML or JSON)."), show_default=False, metavar="FILE")
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help=_("Write the report to this file (atomically). Default: stdout."),
            show_default=False,
            metavar="FILE",
        ),
    ] = None,
    output_format: Annotated[
        ReportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help=_("markdown or html (any case). Default: html when -o ends in .html or .htm, else markdown."),
            case_sensitive=False,
            show_default=False,
            metavar="FORMAT",
        ),
    ] = None,
    model: ModelOption = None,
    template: Annotated[
        Path | None,
        typer.Option(
            "--template",
            help=_(
                "Your own jinja2 template for the markdown report (run in a sandbox; undefined variables are "
                "errors). See the README for its context."
            ),
            show_default=False,
            metavar="FILE",
        ),
    ] = None,
    previous: Annotated[
        Path | None,
        typer.Option(
            "--previous",
            help=_(
                "The last assessment (an answers file or a saved JSON result): adds a 'Since the last assessment' "
                "section (and, in HTML without git history, a trend chart)."
            ),
            show_default=False,
            metavar="FILE",
        ),
    ] = None,
    github_summary: Annotated[
        bool,
        typer.Option(
            "--github-summary",
            help=_("Also append the short report to the file named by GITHUB_STEP_SUMMARY."),
            metavar="",
        ),
    ] = False,
    questionnaires_option: QuestionnairesOption = None,
    language: LanguageOption = None,
) -> None:
    """Write a report: levels, why, gaps and a plan of next steps: see `command_help` for --help."""
    with handle_errors():
        if github_summary:
            from mlops_maturity.cli.github import step_summary_file

            step_summary_file()  # fail before writing anything
        from mlops_maturity.answers.load import load_answers
        from mlops_maturity.engine.scoring import score
        from mlops_maturity.report.markdown import render_markdown, render_short_markdown

        chosen = report_format(output_format, output, template)
        refuse_overwriting(output, (answers_file, previous, template), "-o")
        # Both formats are for people: the questionnaire's texts and the report's in the language.
        questionnaires = speak(language, load_questionnaires(questionnaires_option))
        model_ids = selected_models(questionnaires, model)
        loaded = load_answers(answers_file, questionnaires)
        tell_migration(loaded.migration, loaded.path)
        assessment = score(questionnaires, loaded.answers, model_ids, answers_file=loaded.path)
        from mlops_maturity.report.wording import decided

        for line in decided(loaded.path, assessment):
            detail(line)
        if assessment.unanswered:
            count = len(assessment.unanswered)
            warn(_("{path}: {count} question(s) unanswered, scored as not met").format(path=loaded.path, count=count))
        if chosen is ReportFormat.html:
            text = _html_report(assessment, answers_file, previous, questionnaires, model_ids)
        else:
            text = render_markdown(assessment, template, questionnaires.translated_quotes)
            if previous is not None:
                text = _with_previous(text, previous, assessment, questionnaires, model_ids)
        write_output(text, output)
        if output is not None and not names_stdout(output):
            say(_("wrote {file}").format(file=output))
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
    marker = f"\n## {_('Why this level')}"
    if marker in text:
        head, _marker, tail = text.partition(marker)
        return f"{head}\n{section}{marker}{tail}"
    return f"{text.rstrip()}\n\n{section}"


def _html_report(
    assessment: "Assessment",
    answers_file: Path,
    previous: Path | None,
    questionnaires: "QuestionnaireSet",
    model_ids: tuple[str, ...],
) -> str:
    """The HTML report, with the change since `previous` and a trend from git (else from `previous`)."""
    from mlops_maturity.engine.batch import assessment_of
    from mlops_maturity.engine.diff import diff
    from mlops_maturity.report.html import render_html, trend_from_previous

    change, trend = None, _git_trend(assessment, answers_file, questionnaires, model_ids)
    if previous is not None:
        before, migration = assessment_of(previous, questionnaires, model_ids)
        tell_migration(migration, str(previous))
        change = diff(before, assessment)
        trend = trend or trend_from_previous(before, assessment, str(previous))
    return render_html(assessment, change, trend, questionnaires.translated_quotes)


def _git_trend(
    assessment: "Assessment", answers_file: Path, questionnaires: "QuestionnaireSet", model_ids: tuple[str, ...]
) -> "Trend | None":
    """The levels at each commit of the answers file; None without git, outside a repository or
    before a first commit: the report then simply has no trend."""
    from mlops_maturity.answers.history import FileVersion, file_versions
    from mlops_maturity.engine.history import history
    from mlops_maturity.errors import MaturityError
    from mlops_maturity.report.html import trend_from_history

    try:
        found = file_versions(answers_file)
        current_text = answers_file.read_text(encoding="utf-8")
    except (MaturityError, OSError, UnicodeDecodeError):
        return None
    newest: list[str] = []

    def versions() -> Iterator[FileVersion]:
        for version in found.versions():
            newest[:] = [version.text]  # only the last one is kept
            yield version

    try:
        result = history(str(answers_file), versions(), questionnaires, model_ids)
    except MaturityError:
        return None
    return trend_from_history(result, assessment, current_is_committed=newest == [current_text])
