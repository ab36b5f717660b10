"""`mlops-maturity lint`: check a questionnaire folder, every problem with file and line."""

from pathlib import Path
from typing import Annotated

import typer

from mlops_maturity.cli.common import handle_errors, say
from mlops_maturity.messages import _


def command_help() -> str:
    """The command's --help text, in the language in use."""
    return _(
        "Check a questionnaire folder; list every problem with file and line.\n"
        "\n"
        "Checks each file against its format, then across files: unknown or\n"
        "duplicate ids, levels not contiguous, a level without criteria, a\n"
        "question or step no criterion uses, a criterion without its source.\n"
        "A detectors/ sub-folder (the catalogue of `scan`) is checked too:\n"
        "unknown question ids or answers, bad regexes, duplicate ids; and a\n"
        "language's sub-folder (es/): every text has its translation, and no\n"
        "translation names an unknown id.\n"
        "Exit 0 when clean, 2 otherwise. Start from a copy of the shipped folder,\n"
        "`questionnaires/` in the repository:\n"
        "\n"
        "    mlops-maturity lint my-questionnaires/"
    )


def lint(
    folder: Annotated[
        Path,
        typer.Argument(
            help=_("Questionnaire folder: questions.yaml plus one YAML file per maturity model."),
            show_default=False,
            metavar="DIR",
        ),
    ],
) -> None:
    """Check a questionnaire folder; list every problem with file and line: see `command_help` for --help."""
    with handle_errors():
        from mlops_maturity.errors import QuestionnaireError
        from mlops_maturity.questionnaire.folder import check_folder
        from mlops_maturity.safe_text import printable

        questionnaires, problems = check_folder(folder)
        if questionnaires is not None and (folder / "detectors").is_dir():
            from mlops_maturity.scan.catalogue import check_catalogue

            problems += check_catalogue(folder / "detectors", questionnaires)[1]
        if questionnaires is not None:
            from mlops_maturity.language import ENGLISH, LANGUAGES
            from mlops_maturity.questionnaire.translation import translation_problems

            for code in LANGUAGES:
                if code != ENGLISH and (folder / code).is_dir():
                    problems += translation_problems(questionnaires, folder, code)[0]
        for problem in problems:
            print(printable(str(problem)))  # the problems are the result: on stdout
        if problems or questionnaires is None:
            raise QuestionnaireError(f"{folder}: {len(problems)} problem(s)")
        questions = len(questionnaires.bank.questions)
        criteria = sum(len(level.criteria) for model in questionnaires.models for level in model.levels)
        say(
            f"{folder}: ok: version {questionnaires.version}, {questions} questions, "
            f"{len(questionnaires.models)} models, {criteria} criteria"
        )
