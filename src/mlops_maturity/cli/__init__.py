"""The command line: parse, call the core, render, decide the exit code. No logic here.

Each command lives in its own module; heavy libraries (rich, jinja2) are imported inside
the commands that need them, so that start-up stays fast in CI.

NOTE: the command modules do not use `from __future__ import annotations`: typer would
then evaluate every string annotation of every command at each start.
"""

import os
import sys
from typing import Annotated

import typer

from mlops_maturity import __version__
from mlops_maturity.cli import assess, lint, models, report, schema, score, template

EPILOG = (
    "Exit codes: 0 ok · 1 below a --fail-under level · 2 usage error or invalid input · "
    "3 internal error (a bug) · 130 interrupted."
)

ASSESS_EPILOG = (
    "Exit codes: 0 done or saved with q · 2 usage error or invalid input · 3 internal error (a bug) · "
    "130 interrupted (answers saved)."
)

app = typer.Typer(
    name="mlops-maturity",
    help=(
        "Where an ML team stands on Google's and Microsoft's MLOps maturity models, and what to do next.\n\n"
        "Start with `mlops-maturity assess` to answer the questionnaire in the terminal, or fill in "
        "`mlops-maturity template` and run `mlops-maturity score FILE` (in CI too)."
    ),
    epilog=EPILOG,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _show_version(value: bool) -> None:
    if value:
        print(f"mlops-maturity {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", "-V", help="Show the version and exit.", callback=_show_version, is_eager=True),
    ] = False,
) -> None:
    """Where an ML team stands on Google's and Microsoft's MLOps maturity models."""


app.command(epilog=ASSESS_EPILOG)(assess.assess)
app.command(epilog=EPILOG)(score.score)
app.command()(report.report)
app.command()(models.models)
app.command()(template.template)
app.command()(schema.schema)
app.command()(lint.lint)


def main() -> None:
    """Console-script entry point; a bug never exits 1, which CI would read as a failed gate."""
    # NOTE: pydantic looks for plugins through package metadata on first use, which costs
    # more start-up than all of scoring; this tool uses none.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        app()
    except SystemExit:
        raise
    except BaseException as error:  # noqa: BLE001 - what escapes typer still gets a documented code
        from mlops_maturity.cli.common import exit_code_for

        sys.exit(int(exit_code_for(error)))
