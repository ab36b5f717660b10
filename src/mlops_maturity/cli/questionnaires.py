"""Commands about the questionnaires themselves: `models`, `template`, `schema`, `lint`."""

import datetime
import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from mlops_maturity.cli.common import (
    ModelOption,
    QuestionnairesOption,
    handle_errors,
    load_questionnaires,
    selected_models,
    write_output,
)
from mlops_maturity.errors import ExitCode


def models(
    json_output: Annotated[bool, typer.Option("--json", help="Print the models and levels as JSON.")] = False,
    questionnaires_option: QuestionnairesOption = None,
) -> None:
    """List the maturity models and their levels.

    Microsoft's page numbers its levels 0-4; this tool numbers them 1-5, as
    the paper it follows does, and shows Microsoft's own number beside each.
    """
    with handle_errors():
        questionnaires = load_questionnaires(questionnaires_option)
        if json_output:
            data = {
                "questionnaire_version": questionnaires.version,
                "models": [
                    {
                        "id": model.id,
                        "name": model.name,
                        "source": model.source.model_dump(),
                        "numbering_note": model.numbering_note,
                        "levels": [
                            {
                                "number": level.number,
                                "native_number": level.source_number,
                                "name": level.name,
                                "summary": level.summary,
                                "criteria": len(level.criteria),
                            }
                            for level in model.levels
                        ],
                    }
                    for model in questionnaires.models
                ],
            }
            write_output(json.dumps(data, indent=2, ensure_ascii=False) + "\n", None)
            return
        from rich.console import Group, RenderableType
        from rich.table import Table
        from rich.text import Text

        from mlops_maturity.cli.consoles import print_result

        parts: list[RenderableType] = [
            Text(f"Questionnaire version {questionnaires.version} ({questionnaires.location})", style="dim")
        ]
        for model in questionnaires.models:
            parts.append(Text(""))
            parts.append(Text(f"{model.name}: {model.source.title}", style="bold"))
            parts.append(Text(model.source.publisher, style="dim"))
            parts.append(Text(model.source.url, style="dim", overflow="fold"))
            if model.numbering_note:
                parts.append(Text(model.numbering_note, style="dim"))
            table = Table(show_edge=False, pad_edge=False, box=None, header_style="bold")
            table.add_column("Level", no_wrap=True)
            if any(level.native_number is not None for level in model.levels):
                table.add_column(f"{model.name}'s own", no_wrap=True, justify="center")
            table.add_column("Name")
            table.add_column("Criteria", justify="right")
            for level in model.levels:
                row = [str(level.number)]
                if len(table.columns) == 4:
                    row.append(str(level.native_number))
                row += [level.name, str(len(level.criteria))]
                table.add_row(*(Text(cell) for cell in row))
            parts.append(table)
        print_result(Group(*parts))


def template(
    model: ModelOption = None,
    team: Annotated[str, typer.Option("--team", help="Team name to fill in.")] = "",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the template to this file (never overwrites one; default: stdout).",
            show_default=False,
        ),
    ] = None,
    questionnaires_option: QuestionnairesOption = None,
) -> None:
    """Print a blank answers file to fill in an editor.

    Every question is there with its text, help and allowed answers as
    comments; the answers are left empty. Fill it in, then score it:

        mlops-maturity template --team Fraud -o answers.yaml

        mlops-maturity score answers.yaml
    """
    with handle_errors():
        from mlops_maturity.answers import AnswersFile
        from mlops_maturity.answers_writer import render_answers
        from mlops_maturity.errors import OutputError

        questionnaires = load_questionnaires(questionnaires_option)
        model_ids = selected_models(questionnaires, model)
        # NOTE: model_construct, since a blank file is not yet valid (the team may be empty).
        blank = AnswersFile.model_construct(
            questionnaire_version=questionnaires.version,
            team=team,
            date=datetime.date.today(),
            assessor=None,
            answers={},
        )
        text = render_answers(blank, questionnaires, questionnaires.questions_for(model_ids), with_help=True)
        if output is not None and str(output) != "-" and output.exists():
            raise OutputError(f"{output}: already exists; the template never overwrites a file (choose another name)")
        write_output(text, output)
        if output is not None and str(output) != "-":
            print(f"wrote {output}; fill it in, then run: mlops-maturity score {output}", file=sys.stderr)


def schema(
    questionnaires_option: QuestionnairesOption = None,
) -> None:
    """Print the JSON Schema of answers files, for editors.

    Editors that use the YAML language server then check and complete
    answers files. Save the schema beside them and name it on the first
    line of each answers file:

        mlops-maturity schema > answers.schema.json

        # yaml-language-server: $schema=answers.schema.json
    """
    with handle_errors():
        from mlops_maturity.answers_schema import answers_json_schema

        questionnaires = load_questionnaires(questionnaires_option)
        write_output(json.dumps(answers_json_schema(questionnaires), indent=2, ensure_ascii=False) + "\n", None)


def lint(
    folder: Annotated[
        Path,
        typer.Argument(
            help="Questionnaire folder: questions.yaml plus one YAML file per maturity model.",
            show_default=False,
            metavar="FOLDER",
        ),
    ],
) -> None:
    """Check a questionnaire folder; list every problem with file and line.

    Checks each file against its format, then across files: unknown or
    duplicate ids, levels not contiguous, a level without criteria, a
    question or step no criterion uses, a criterion without its source.
    Exit 0 when clean, 2 otherwise.
    """
    with handle_errors():
        from mlops_maturity.questionnaire_loader import check_folder

        questionnaires, problems = check_folder(folder)
        for problem in problems:
            print(problem)
        if problems or questionnaires is None:
            print(f"{folder}: {len(problems)} problem(s)", file=sys.stderr)
            raise typer.Exit(int(ExitCode.INVALID_INPUT))
        questions = len(questionnaires.bank.questions)
        criteria = sum(len(level.criteria) for model in questionnaires.models for level in model.levels)
        print(
            f"{folder}: ok: version {questionnaires.version}, {questions} questions, "
            f"{len(questionnaires.models)} models, {criteria} criteria",
            file=sys.stderr,
        )
