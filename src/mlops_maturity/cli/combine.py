"""`mlops-maturity combine`: several respondents' answers as the team's, disagreement shown."""

from pathlib import Path
from typing import Annotated

import typer

from mlops_maturity.cli.common import (
    QuestionnairesOption,
    handle_errors,
    load_questionnaires,
    refuse_overwriting,
    say,
    warn,
    write_output,
)
from mlops_maturity.files import names_stdout
from mlops_maturity.messages import _


def command_help() -> str:
    """The command's --help text, in the language in use."""
    return _(
        "Combine several people's answers into the team's answers file.\n"
        "\n"
        "Per question the team's answer is the median of the respondents'\n"
        "answers (with an even number, the lower middle one); every respondent's\n"
        "answer, note and evidence is kept in the combined file. Questions where\n"
        "answers are two or more steps apart are listed: disagreement is a\n"
        "finding. Older questionnaire versions are read through their migrations.\n"
        "\n"
        "    mlops-maturity combine ana.yaml ben.yaml chen.yaml -o team.yaml"
    )


def combine(
    answers_files: Annotated[
        list[Path],
        typer.Argument(help=_("Each respondent's answers file."), show_default=False, metavar="ANSWERS"),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help=_("The team's combined answers file to write."), show_default=False, metavar="FILE"
        ),
    ],
    questionnaires_option: QuestionnairesOption = None,
) -> None:
    """Combine several people's answers into the team's answers file: see `command_help` for --help."""
    with handle_errors():
        from mlops_maturity.answers.load import load_answers
        from mlops_maturity.answers.write import render_answers
        from mlops_maturity.engine.combine import combine as combine_answers
        from mlops_maturity.errors import UsageError

        if len(answers_files) < 2:
            raise UsageError("combine takes two answers files or more (one per respondent)")
        refuse_overwriting(output, answers_files, "-o")
        questionnaires = load_questionnaires(questionnaires_option)
        respondents = [load_answers(path, questionnaires).answers for path in answers_files]
        combined = combine_answers(respondents, questionnaires, sources=_file_names(answers_files))
        for message in combined.warnings:
            warn(message)
        from mlops_maturity.messages import in_english

        with in_english():  # combine has no --lang: the team's file is written as it always was
            text = render_answers(combined.answers, questionnaires, questionnaires.bank.questions, with_help=False)
        write_output(text, output)
        written = "" if names_stdout(output) else f"wrote {output}: "
        say(f"{written}{len(respondents)} respondents combined")
        if combined.disagreements:
            say(f"{len(combined.disagreements)} question(s) with answers two or more steps apart:")
            for disagreement in combined.disagreements:
                who = ", ".join(f"{name}: {answer}" for name, answer in disagreement.responses)
                say(f"  {disagreement.question}: {who}")


def _file_names(paths: list[Path]) -> list[str]:
    """Each file's name (`bob.yaml`), or its path as given where two files share a name."""
    names = [path.name for path in paths]
    return [str(path) if names.count(path.name) > 1 else path.name for path in paths]
