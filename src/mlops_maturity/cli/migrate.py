"""`mlops-maturity migrate`: rewrite an older answers file for the current questionnaire."""

from pathlib import Path
from typing import Annotated

import typer

from mlops_maturity.cli.common import (
    QuestionnairesOption,
    handle_errors,
    load_questionnaires,
    say,
    warn_lost_comments,
    write_output,
)
from mlops_maturity.files import names_stdout
from mlops_maturity.messages import _


def command_help() -> str:
    """The command's --help text, in the language in use."""
    return _(
        "Rewrite an answers file for the current questionnaire version.\n"
        "\n"
        "The questionnaire declares what changed between versions (questions\n"
        "renamed, split, merged or retired); `score` and `report` already read\n"
        "older files that way. `migrate` writes the result, atomically, so the\n"
        "file stays current: every answer, note and link is kept, answers to\n"
        "retired questions under `retired_answers`, and carried-over answers\n"
        "say where they came from (`carried_from`). A YAML file keeps its\n"
        "comments: only what the migration changed is rewritten.\n"
        "\n"
        "    mlops-maturity migrate answers.yaml\n"
        "\n"
        "    mlops-maturity migrate answers.yaml -o answers-2026.12.yaml"
    )


def migrate(
    answers_file: Annotated[
        Path, typer.Argument(help=_("Answers file (YAML or JSON) to rewrite."), show_default=False, metavar="ANSWERS")
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help=_("Write the migrated file here instead of replacing ANSWERS ('-' for stdout)."),
            show_default=False,
            metavar="FILE",
        ),
    ] = None,
    questionnaires_option: QuestionnairesOption = None,
) -> None:
    """Rewrite an answers file for the current questionnaire version: see `command_help` for --help."""
    with handle_errors():
        from mlops_maturity.answers.load import load_answers_text
        from mlops_maturity.answers.write import answers_text, writes_json
        from mlops_maturity.files import read_text_file
        from mlops_maturity.report.wording import migration_notice

        questionnaires = load_questionnaires(questionnaires_option)
        existing = read_text_file(answers_file, what="an answers file (YAML or JSON)")
        loaded = load_answers_text(existing, str(answers_file), questionnaires)
        if loaded.migration is None:
            say(f"{loaded.path}: already at questionnaire version {questionnaires.version}")
            if output is None:
                return
        else:
            for line in migration_notice(loaded.migration, loaded.path):
                say(line)
        target = answers_file if output is None else output
        text = answers_text(
            loaded.answers,
            questionnaires,
            questionnaires.bank.questions,
            json_format=writes_json(loaded.json_format, None if names_stdout(target) else str(target)),
            existing=None if loaded.json_format else existing,  # a YAML file keeps its comments
        )
        write_output(text, target)
        if not names_stdout(output):
            say(f"wrote {output or answers_file}")
        warn_lost_comments(None if loaded.json_format else existing, text, str(target))
