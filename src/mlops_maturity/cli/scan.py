"""`mlops-maturity scan`: proposed answers from a repository, each with the files and lines behind it."""

import datetime
from pathlib import Path
from typing import Annotated

import typer

from mlops_maturity.cli.common import handle_errors, say, tell_migration, warn_lost_comments, write_output
from mlops_maturity.messages import _
from mlops_maturity.report import ScanFormat


def command_help() -> str:
    """The command's --help text, in the language in use."""
    return _(
        "Propose answers from a repository's files, each with its evidence.\n"
        "\n"
        "Reads the folder (respecting .gitignore; no network, nothing executed,\n"
        "nothing written inside it, no symbolic link followed) and proposes\n"
        "answers for what files can show: CI, tests, pipelines, registries,\n"
        "validation gates, serving, monitoring. Each proposed answer has\n"
        "`source: scan`, a confidence and its evidence as `path:line reason`.\n"
        "Evidence that is there but switched off (a skipped gate, a workflow\n"
        "nothing triggers) is reported as inactive, never as met. People,\n"
        "hand-offs and what a cloud console configures stay for a person.\n"
        "\n"
        "    mlops-maturity scan . -o draft.yaml && mlops-maturity score draft.yaml\n"
        "\n"
        "    mlops-maturity scan . --format text\n"
        "\n"
        "    mlops-maturity scan . --merge answers.yaml -o answers.yaml\n"
        "\n"
        "The default, yaml, is the draft answers file; a summary goes to stderr."
    )


def scan(
    path: Annotated[
        Path,
        typer.Argument(
            help=_("The repository (or any folder) to scan."), show_default=_("the current folder"), metavar="PATH"
        ),
    ] = Path("."),
    output_format: Annotated[
        ScanFormat,
        typer.Option(
            "--format",
            "-f",
            help=_(
                "yaml: the draft answers file (to review, then score); json: everything found, with the draft as "
                "`answers`; text: a per-practice table (found, how, where); markdown: the same for a pull request."
            ),
            case_sensitive=False,
            metavar="FORMAT",
        ),
    ] = ScanFormat.yaml,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help=_("Write here instead of stdout (atomically)."), show_default=False, metavar="FILE"
        ),
    ] = None,
    merge: Annotated[
        Path | None,
        typer.Option(
            "--merge",
            help=_(
                "An answers file to complete: only its unanswered questions take the scan's proposals; its "
                "answers are never changed, they only gain the scan's evidence (marked `scan: `)."
            ),
            show_default=False,
            metavar="ANSWERS",
        ),
    ] = None,
    team: Annotated[
        str | None,
        typer.Option(
            "--team",
            help=_("The team's name in the draft. Default: the folder's name."),
            show_default=False,
            metavar="NAME",
        ),
    ] = None,
) -> None:
    """Propose answers from a repository's files, each with its evidence: see `command_help` for --help."""
    with handle_errors():
        from mlops_maturity.answers.load import load_answers_text
        from mlops_maturity.answers.write import render_answers_json, writes_json
        from mlops_maturity.files import check_writable, names_stdout, read_text_file
        from mlops_maturity.messages import in_english
        from mlops_maturity.questionnaire.shipped import load_shipped_questionnaires
        from mlops_maturity.report.scan import summary_line
        from mlops_maturity.report.scan_ci import render_scan_with_ci
        from mlops_maturity.safe_text import printable
        from mlops_maturity.scan import shipped_catalogue
        from mlops_maturity.scan.draft import draft_answers, merge_answers, merged_file_text
        from mlops_maturity.scan.repository import scan_folder

        questionnaires = load_shipped_questionnaires()
        catalogue = shipped_catalogue(questionnaires)
        if output is not None and not names_stdout(output):
            check_writable(output)
        merged_text = read_text_file(merge, what="an answers file (YAML or JSON)") if merge is not None else None
        merging = load_answers_text(merged_text, str(merge), questionnaires) if merged_text is not None else None
        if merging is not None:
            # The merged file is written at the current version: no `migrate` to suggest.
            tell_migration(merging.migration, merging.path, rewritten=output_format is ScanFormat.yaml)
        from mlops_maturity.cli.progress import progress

        with progress("Scanning files", None) as advance:
            result = scan_folder(path, catalogue, questionnaires, walked_one=advance)
        name = team or printable(path.resolve().name) or "team"
        draft = draft_answers(result, questionnaires, team=name, date=datetime.date.today())
        if merging is not None:
            draft = merge_answers(merging.answers, draft)
        person = merging if merging is not None and output_format is ScanFormat.yaml else None
        with in_english():  # scan has no --lang: its draft and its views stay as they were in every language
            if person is not None and writes_json(
                person.json_format, None if output is None or names_stdout(output) else str(output)
            ):
                text = render_answers_json(draft)  # the team keeps its answers file as JSON
            elif person is not None and merged_text is not None and not person.json_format:
                # The team's YAML, with its comments, completed where the scan completed it.
                text = merged_file_text(merged_text, draft, questionnaires, root=str(result.root))
                warn_lost_comments(merged_text, text, str(output or merge))
            else:
                from mlops_maturity.engine.draft_levels import draft_levels

                levels = draft_levels(draft, questionnaires, catalogue.answerable_questions())
                text = render_scan_with_ci(
                    result, draft, questionnaires, output_format, merged_into=merged_text, levels=levels
                )
        write_output(text, output)
        say(summary_line(result))
