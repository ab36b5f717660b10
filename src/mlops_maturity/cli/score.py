"""`mlops-maturity score`: score answers files, for people and for CI gates."""

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from mlops_maturity.cli.common import (
    ModelOption,
    QuestionnairesOption,
    handle_errors,
    load_questionnaires,
    print_error,
    selected_models,
    warn,
)
from mlops_maturity.errors import ExitCode, MaturityError, UsageError
from mlops_maturity.report import OutputFormat


def score(
    answers_files: Annotated[
        list[Path],
        typer.Argument(help="Answers files (YAML or JSON) to score.", show_default=False, metavar="ANSWERS"),
    ],
    model: ModelOption = None,
    output_format: Annotated[
        OutputFormat,
        typer.Option(
            "--format",
            "-f",
            help="text: summary for people; json: the result for programs; markdown: short report for CI logs.",
        ),
    ] = OutputFormat.text,
    fail_under: Annotated[
        list[str] | None,
        typer.Option(
            "--fail-under",
            help="MODEL=LEVEL: exit 1 when MODEL is below LEVEL (this tool's numbering). Repeat for several models.",
            show_default=False,
        ),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict", help="Treat unanswered questions as an error (exit 2) instead of scoring them as not met."
        ),
    ] = False,
    github_summary: Annotated[
        bool,
        typer.Option(
            "--github-summary",
            help="Also append the short markdown report to the file named by GITHUB_STEP_SUMMARY.",
        ),
    ] = False,
    questionnaires_option: QuestionnairesOption = None,
) -> None:
    """Score filled-in answers files on both models. Suited to CI.

    Prints, per model, the level reached, progress towards the next level,
    the blocking gaps and the first next steps. With --fail-under, the exit
    code gates a pipeline.

        mlops-maturity score answers.yaml

        mlops-maturity score answers.yaml --format json > result.json

        mlops-maturity score a.yaml b.yaml --fail-under microsoft=3

    Several files: each is scored; the exit code is the worst.
    """
    with handle_errors():
        if github_summary:
            from mlops_maturity.cli.github import step_summary_file

            step_summary_file()  # fail before writing anything
        from mlops_maturity.answers import load_answers
        from mlops_maturity.gate import failed_thresholds, parse_thresholds
        from mlops_maturity.scoring import assess

        questionnaires = load_questionnaires(questionnaires_option)
        model_ids = selected_models(questionnaires, model)
        thresholds = parse_thresholds(fail_under or [], questionnaires)
        for threshold in thresholds:
            if threshold.model not in model_ids:
                raise UsageError(f"--fail-under {threshold}: the model {threshold.model} is not selected with --model")

        worst = ExitCode.OK
        results: list[Any] = []  # an Assessment, or a (path, error) pair
        for path in answers_files:
            try:
                loaded = load_answers(path, questionnaires)
                assessment = assess(questionnaires, loaded.answers, model_ids, answers_file=loaded.path)
                missing = assessment.unanswered
                if missing and strict:
                    raise UsageError(
                        f"{loaded.path}: {len(missing)} question(s) unanswered (--strict): {', '.join(missing)}"
                    )
                if missing:
                    shown = ", ".join(missing[:8]) + (f" and {len(missing) - 8} more" if len(missing) > 8 else "")
                    warn(f"{loaded.path}: {len(missing)} question(s) unanswered, scored as not met: {shown}")
            except MaturityError as error:
                if len(answers_files) == 1:
                    raise
                print_error(error)
                results.append((str(path), error))
                worst = max(worst, error.exit_code)
                continue
            results.append(assessment)
            for failure in failed_thresholds(assessment, thresholds):
                print(f"below threshold: {loaded.path}: {failure}", file=sys.stderr)
                worst = max(worst, ExitCode.BELOW_THRESHOLD)

        _print_results(results, output_format, as_list=len(answers_files) > 1)
        if github_summary:
            _append_github_summary([result for result in results if not isinstance(result, tuple)])
    if worst != ExitCode.OK:
        raise typer.Exit(int(worst))


def _print_results(results: list[Any], output_format: OutputFormat, *, as_list: bool) -> None:
    scored = [result for result in results if not isinstance(result, tuple)]
    if output_format is OutputFormat.json:
        from mlops_maturity.report.json_output import assessment_data, error_data, render_json

        entries = [
            error_data(result[0], result[1].message, result[1].problems)
            if isinstance(result, tuple)
            else assessment_data(result)
            for result in results
        ]
        sys.stdout.write(render_json(entries, as_list=as_list))
    elif output_format is OutputFormat.markdown:
        from mlops_maturity.report.markdown import render_short_markdown

        sys.stdout.write("\n".join(render_short_markdown(assessment) for assessment in scored))
    else:
        from rich.console import Group

        from mlops_maturity.cli.consoles import print_result
        from mlops_maturity.report.terminal import render_summary

        summaries = []
        for index, assessment in enumerate(scored):
            summaries += ["", render_summary(assessment)] if index else [render_summary(assessment)]
        print_result(Group(*summaries))
    sys.stdout.flush()


def _append_github_summary(assessments: list[Any]) -> None:
    from mlops_maturity.cli.github import append_step_summary
    from mlops_maturity.report.markdown import render_short_markdown

    append_step_summary("\n".join(render_short_markdown(assessment) for assessment in assessments))
