"""`mlops-maturity score`: score answers files, for people and for CI gates."""

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from mlops_maturity.cli.common import (
    LanguageOption,
    ModelOption,
    QuestionnairesOption,
    detail,
    fail_under_option,
    handle_errors,
    load_questionnaires,
    print_error,
    quiet,
    say,
    selected_models,
    speak,
    tell,
)
from mlops_maturity.errors import UsageError
from mlops_maturity.messages import _
from mlops_maturity.report import OutputFormat

if TYPE_CHECKING:
    from rich.console import RenderableType

    from mlops_maturity.engine.batch import Outcome
    from mlops_maturity.engine.gate import Threshold
    from mlops_maturity.questionnaire.model import QuestionnaireSet


def command_help() -> str:
    """The command's --help text, in the language in use."""
    return _(
        "Score filled-in answers files on both models. Suited to CI.\n"
        "\n"
        "Prints, per model, the level reached, progress towards the next level,\n"
        "the blocking gaps and the first next steps. With --fail-under, the exit\n"
        "code gates a pipeline.\n"
        "\n"
        "    mlops-maturity score answers.yaml\n"
        "\n"
        "    mlops-maturity score answers.yaml --format json > result.json\n"
        "\n"
        "    mlops-maturity score a.yaml b.yaml --fail-under microsoft=3\n"
        "\n"
        "    mlops-maturity score answers.yaml --format github --fail-under google=1\n"
        "\n"
        "    mlops-maturity score teams/*.yaml --format csv > levels.csv\n"
        "\n"
        "Several files: each is scored; the exit code is the worst. The JSON is\n"
        "one object for one file, an array for several; --array makes it always\n"
        "an array.\n"
        "\n"
        "With --lang es, text and markdown are in Spanish; the other formats are\n"
        "for programs and stay the same in every language."
    )


def score(
    answers_files: Annotated[
        list[Path],
        typer.Argument(help=_("Answers files (YAML or JSON) to score."), show_default=False, metavar="FILE"),
    ],
    model: ModelOption = None,
    output_format: Annotated[
        OutputFormat,
        typer.Option(
            "--format",
            "-f",
            help=_(
                "text: summary for people; json: the result for programs; jsonl: one compact result per line, "
                "streamed, for many files; markdown: short report for CI logs; github: annotations for GitHub "
                "Actions; gitlab: GitLab Code Quality report; badge: shields.io endpoint JSON (one file); csv: one "
                "row per team and model, for a spreadsheet; facts: flat JSON per team, for a developer portal's "
                "scorecard."
            ),
            case_sensitive=False,  # `-f JSON` is a format, not a mistake
            metavar="FORMAT",
        ),
    ] = OutputFormat.text,
    fail_under: Annotated[
        list[str] | None,
        fail_under_option(_("Exit 1 when MODEL is below LEVEL (this tool's numbering). Repeat for several models.")),
    ] = None,
    array: Annotated[
        bool,
        typer.Option(
            "--array",
            help=_("With --format json: always an array, one entry per file, even for one file."),
            metavar="",
        ),
    ] = False,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help=_(
                "The every-criterion level: no criterion may be short (--fail-under gates on it), and unanswered "
                "questions are an error (exit 2)."
            ),
            metavar="",
        ),
    ] = False,
    github_summary: Annotated[
        bool,
        typer.Option(
            "--github-summary",
            help=_("Also append the short markdown report to the file named by GITHUB_STEP_SUMMARY."),
            metavar="",
        ),
    ] = False,
    questionnaires_option: QuestionnairesOption = None,
    language: LanguageOption = None,
) -> None:
    """Score filled-in answers files on both models: see `command_help` for --help."""
    with handle_errors():
        if github_summary:
            from mlops_maturity.cli.github import step_summary_file

            step_summary_file()  # fail before writing anything
        from mlops_maturity.engine.gate import parse_thresholds

        if array and output_format is not OutputFormat.json:
            raise UsageError(_("--array: only with --format json"))
        if output_format is OutputFormat.badge and len(answers_files) > 1:
            raise UsageError(
                _("--format badge: one answers file at a time (a badge shows one team), got {count}").format(
                    count=len(answers_files)
                )
            )
        questionnaires = _in_language(output_format, language, load_questionnaires(questionnaires_option))
        model_ids = selected_models(questionnaires, model)
        thresholds = parse_thresholds(fail_under or [], questionnaires)
        for threshold in thresholds:
            if threshold.model not in model_ids:
                raise UsageError(
                    _("--fail-under {threshold}: the model {model} is not selected with --model").format(
                        threshold=threshold, model=threshold.model
                    )
                )

        several = len(answers_files) > 1 or array
        if output_format is OutputFormat.jsonl:
            if github_summary:
                raise UsageError(_("--github-summary: not with --format jsonl (use markdown or json)"))
            code = _stream_json_lines(
                answers_files, questionnaires, questionnaires_option, model_ids, thresholds, strict=strict
            )
        else:
            code = _score_and_render(
                answers_files, questionnaires, model_ids, thresholds, output_format, several, strict, github_summary
            )
    if code:
        raise typer.Exit(int(code))


HUMAN_FORMATS = (OutputFormat.text, OutputFormat.markdown)
"""The formats people read, in the language chosen; programs read the others, always in English."""


def _in_language(
    output_format: OutputFormat, language: str | None, questionnaires: "QuestionnaireSet"
) -> "QuestionnaireSet":
    """The questionnaires to score with: in the language chosen for a format people read.

    The machine formats are made in English, whatever language the start-up chose for the
    help (`--lang`, the environment, the locale), so that they are the same byte for byte; a
    language the tool does not speak is still an error there.
    """
    if output_format in HUMAN_FORMATS:
        return speak(language, questionnaires)
    import os

    from mlops_maturity.language import ENGLISH, chosen_language
    from mlops_maturity.messages import use_language

    chosen_language(language, os.environ)
    use_language(ENGLISH)
    return questionnaires


def _tell(outcome: "Outcome", *, several: bool) -> None:
    """What the person should know about one file, on stderr: errors, migrations, gaps, gates."""
    from mlops_maturity.engine.batch import Failed
    from mlops_maturity.report.wording import gate_notices, scored_notices

    if isinstance(outcome, Failed):
        if not several:
            raise outcome.error
        print_error(outcome.error)
        return
    for notice in scored_notices(outcome):
        say(notice)
    for failure in gate_notices(outcome):
        tell(failure)


def _stream_json_lines(
    answers_files: list[Path],
    questionnaires: "QuestionnaireSet",
    questionnaires_option: Path | None,
    model_ids: tuple[str, ...],
    thresholds: "list[Threshold]",
    *,
    strict: bool,
) -> int:
    """Each file's line written as soon as it is scored: memory stays flat over any number of files."""
    from mlops_maturity.errors import ExitCode
    from mlops_maturity.report.stream import json_lines

    worst = ExitCode.OK
    for line, notices, told, code in json_lines(
        answers_files, questionnaires, questionnaires_option, model_ids, thresholds, strict=strict
    ):
        for notice in notices:
            say(notice)
        for message in told:
            tell(message)
        sys.stdout.write(line)
        worst = max(worst, code)
    sys.stdout.flush()
    return int(worst)


def _score_and_render(
    answers_files: list[Path],
    questionnaires: "QuestionnaireSet",
    model_ids: tuple[str, ...],
    thresholds: "list[Threshold]",
    output_format: OutputFormat,
    several: bool,
    strict: bool,
    github_summary: bool,
) -> int:
    """Every file scored, then the results rendered together (every format but jsonl)."""
    from mlops_maturity.engine.batch import Scored, score_files, worst_exit_code
    from mlops_maturity.report.wording import decided
    from mlops_maturity.safe_text import log_safe

    outcomes = list(score_files(answers_files, questionnaires, model_ids, thresholds, strict=strict))
    # The CI formats annotate an invalid file, even the only one, rather than only failing.
    annotates = output_format in (OutputFormat.github, OutputFormat.gitlab)
    for outcome in outcomes:
        _tell(outcome, several=several or annotates)
    if output_format is OutputFormat.text and quiet():
        # -q: the gate's result alone (its failures are on stderr already).
        for outcome in outcomes:
            if isinstance(outcome, Scored) and thresholds:
                verdict = _("below the gate") if outcome.failures else _("passed the gate")
                print(f"{log_safe(outcome.path)}: {verdict} ({', '.join(map(str, thresholds))})")
        rendered: str | RenderableType = ""
    else:
        rendered = _render(outcomes, output_format, several, thresholds)
    for outcome in outcomes:
        if isinstance(outcome, Scored):
            for line in decided(outcome.path, outcome.assessment):
                detail(line)
    if isinstance(rendered, str):
        sys.stdout.write(rendered)
        sys.stdout.flush()
    else:
        from mlops_maturity.cli.consoles import print_result

        print_result(rendered)
    if github_summary:
        from mlops_maturity.cli.github import append_step_summary

        scored = [outcome for outcome in outcomes if isinstance(outcome, Scored)]
        append_step_summary(str(_render(scored, OutputFormat.markdown, False, thresholds)))
    return int(worst_exit_code(outcomes))


def _render(
    outcomes: "Sequence[Outcome]", output_format: OutputFormat, as_list: bool, thresholds: "Sequence[Threshold]"
) -> "str | RenderableType":
    """The outcomes in the format asked for; the JSON also says how the gate went."""
    if output_format is OutputFormat.json:
        from mlops_maturity.report.json import render_json

        return render_json(outcomes, as_list=as_list, thresholds=thresholds)
    from mlops_maturity.report import render

    return render(outcomes, output_format, as_list=as_list)
