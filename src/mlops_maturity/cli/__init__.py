"""The command line: parse, call the core, render, decide the exit code. No logic here.

Each command lives in its own module, imported only when that command runs (`COMMANDS`,
`_Commands`); heavy libraries (rich, jinja2) are imported inside the commands that need
them, so that start-up stays fast in CI.

NOTE: the command modules do not use `from __future__ import annotations`: typer would
then evaluate every string annotation of every command at each start.
"""

import difflib
import importlib
import os
import sys
from typing import Annotated, Any

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from mlops_maturity import __version__

EPILOG = (
    "Exit codes: 0 ok · 1 below a --fail-under level · 2 usage error, invalid input, or an output "
    "that cannot be written · 3 internal error (a bug) · 130 interrupted."
)

ASSESS_EPILOG = (
    "Exit codes: 0 done or saved with q · 2 usage error or invalid input · 3 internal error (a bug) · "
    "130 interrupted (answers saved)."
)

WRITE_EPILOG = (
    "Exit codes: 0 ok · 2 usage error, invalid input, or an output that cannot be written · "
    "3 internal error (a bug) · 130 interrupted."
)
"""For the commands that only write a result (report, template, schema, models)."""

LINT_EPILOG = (
    "Exit codes: 0 no problems · 2 problems found, or a usage error · 3 internal error (a bug) · 130 interrupted."
)

DIFF_EPILOG = (
    "Exit codes: 0 ok · 1 a level went down, with --fail-on-regression · 2 usage error, invalid input, or an "
    "output that cannot be written · 3 internal error (a bug) · 130 interrupted."
)

PORTFOLIO_EPILOG = (
    "Exit codes: 0 ok · 1 a team below a --fail-under level · 2 usage error, or any file that could not be read "
    "(after every other team is shown) · 3 internal error (a bug) · 130 interrupted."
)

COMMANDS: dict[str, tuple[str, str]] = {
    "assess": ("assess", ASSESS_EPILOG),
    "score": ("score", EPILOG),
    "report": ("report", WRITE_EPILOG),
    "diff": ("diff", DIFF_EPILOG),
    "history": ("history", WRITE_EPILOG),
    "combine": ("combine", WRITE_EPILOG),
    "portfolio": ("portfolio", PORTFOLIO_EPILOG),
    "migrate": ("migrate", WRITE_EPILOG),
    "models": ("models", WRITE_EPILOG),
    "template": ("template", WRITE_EPILOG),
    "schema": ("schema", WRITE_EPILOG),
    "lint": ("lint", LINT_EPILOG),
    "scan": ("scan", WRITE_EPILOG),
    "config": ("config", WRITE_EPILOG),
}
"""Command name -> (module in `mlops_maturity.cli` and function name, its --help epilog), in --help's order."""


class _PlainArgument(TyperArgument):
    """An argument shown by its name alone (`FILE`), without typer's Python type (`<list[Path]>`) beside it."""

    def display_type_rich(self, ctx: Any) -> str | None:
        return None


class _PlainOption(TyperOption):
    """An option shown by its value's name alone (`N`): a range (`[1<=x<=64]`) is for its help to say in words."""

    def _get_number_range_help_str(self) -> str | None:
        return None  # only --help reads it: typer checks the range on the value itself


def _plain_value_names(params: list[Any]) -> list[Any]:
    """--help names values as people write them: no `<bool>` beside a flag, no Python type or range beside a value.

    NOTE: our flags say `metavar=""`; typer's own (--help, the completion flags) offer no such option.
    typer builds the parameters itself, with no way to give their class: they are given it here.
    """
    for param in params:
        if getattr(param, "is_flag", False):
            param.metavar = ""
        if type(param) is TyperArgument:
            param.__class__ = _PlainArgument
        elif type(param) is TyperOption:
            param.__class__ = _PlainOption
    return params


class _Command(TyperCommand):
    """A command whose --help reads as people write it; typer has no setting for these overrides."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _plain_value_names(super().get_params(ctx))

    def format_help(self, ctx: Any, formatter: Any) -> None:
        from mlops_maturity.cli.help_layout import keep_names_whole

        keep_names_whole()
        super().format_help(ctx, formatter)

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        # typer writes a required argument as `{FILE}`: `FILE`, as in every other tool's usage.
        return [piece.replace("{", "").replace("}", "") for piece in super().collect_usage_pieces(ctx)]


class _Commands(TyperGroup):
    """The commands, each built from its module only when asked for.

    NOTE: typer would otherwise import every command module and build every command at
    each start; `score` in CI needs one of twelve.
    """

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_params(self, ctx: Any) -> list[Any]:
        return _plain_value_names(super().get_params(ctx))

    def format_help(self, ctx: Any, formatter: Any) -> None:
        from mlops_maturity.cli.help_layout import keep_names_whole

        keep_names_whole()
        super().format_help(ctx, formatter)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        # NOTE: typer's own suggestion looks only at the commands built so far: here, none.
        name = args[0] if args else ""
        if name and not name.startswith("-") and not ctx.resilient_parsing and self.get_command(ctx, name) is None:
            matches = difflib.get_close_matches(name, list(COMMANDS))
            if matches:
                ctx.fail(f"No such command {name!r}. Did you mean {' or '.join(map(repr, matches))}?")
        resolved = super().resolve_command(ctx, args)
        command_name, command = resolved[0], resolved[1]
        from mlops_maturity.cli.common import NORMAL, set_verbosity

        set_verbosity(NORMAL)  # until the command's -q or -v says otherwise (tests run many commands in one process)
        if command is not None and command_name not in (None, "config") and not ctx.resilient_parsing:
            _apply_config_file(ctx, command_name, command, list(resolved[2]))
        return resolved

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except typer.BadParameter as error:
            # NOTE: typer checks an option's choices through pydantic, whose message for them
            # starts "Value error, ": the person typed a value, not Python.
            error.message = error.message.removeprefix("Value error, ") + _from_config(error)
            raise

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in COMMANDS:
            return None
        if cmd_name not in self.commands:
            module_name, epilog = COMMANDS[cmd_name]
            function = getattr(importlib.import_module(f"mlops_maturity.cli.{module_name}"), module_name)
            single = typer.Typer(add_completion=False, context_settings={"help_option_names": ["-h", "--help"]})
            single.command(name=cmd_name, epilog=epilog, cls=_Command)(function)
            command = typer.main.get_command(single)
            command.params.extend(_verbosity_options())
            self.commands[cmd_name] = command
        return self.commands[cmd_name]


def _from_config(error: Any) -> str:
    """` (set in FILE:LINE)` when the refused value came from the configuration file."""
    context, parameter = getattr(error, "ctx", None), getattr(error, "param", None)
    if context is None or parameter is None:
        return ""
    source = context.get_parameter_source(parameter.name)
    config = context.meta.get(CONFIG_KEY)
    if getattr(source, "name", None) != "DEFAULT_MAP" or config is None:
        return ""
    longs = [option[2:] for option in parameter.opts if option[:2] == "--"] or ["answers"]
    setting = config.for_command(context.info_name).get(longs[0])
    where = f"{config.path}:{setting.line}" if setting is not None and setting.line else str(config.path)
    return f" (set in {where})"


def _quiet(value: bool) -> None:
    if value:
        from mlops_maturity.cli.common import QUIET, set_verbosity

        set_verbosity(QUIET)


def _verbose(value: bool) -> None:
    if value:
        from mlops_maturity.cli.common import VERBOSE, set_verbosity

        set_verbosity(VERBOSE)


def _verbosity_options() -> list[Any]:
    """`-q` and `-v`, which every command takes: built by typer for a template command, then
    given to each (typer has no options shared by every command but the root's)."""

    def template(
        quiet: Annotated[
            bool,
            typer.Option("--quiet", "-q", help="Print only errors and the gate's result.", callback=_quiet, metavar=""),
        ] = False,
        verbose: Annotated[
            bool,
            typer.Option(
                "--verbose",
                "-v",
                help="Also say what was read and decided, on stderr (score, report).",
                callback=_verbose,
                metavar="",
            ),
        ] = False,
    ) -> None:
        """Not a command: its options are."""

    single = typer.Typer(add_completion=False)
    single.command()(template)
    options = typer.main.get_command(single).params
    for option in options:
        option.expose_value = False  # set for their callbacks; the commands never see them
    return options


def _apply_config_file(ctx: Any, command_name: str, command: Any, args: list[str]) -> None:
    """The configuration file's settings as the command's defaults (`cli.config_file`)."""
    from pathlib import Path

    from mlops_maturity.cli.config_file import default_map, load_config
    from mlops_maturity.errors import MaturityError

    if any(arg in ("-h", "--help") for arg in args):
        return  # help is shown whatever a configuration file holds
    try:
        config = load_config(Path.cwd(), tuple(COMMANDS), lambda name: command_options(ctx.command, ctx, name))
    except MaturityError as error:
        from mlops_maturity.cli.common import print_error

        print_error(error)
        ctx.exit(int(error.exit_code))
        return
    if config is not None:
        ctx.meta[CONFIG_KEY] = config
        defaults = default_map(config, command_name, command.params)
        if defaults:
            ctx.default_map = {**(ctx.default_map or {}), command_name: defaults}


CONFIG_KEY = "mlops_maturity.config"
"""Where the configuration file in force is kept in click's context, for messages."""


def command_options(group: Any, ctx: Any, name: str) -> set[str]:
    """A command's long option names, without their dashes (`group`: the commands, as built)."""
    command = group.get_command(ctx, name)
    return {option[2:] for parameter in command.params for option in parameter.opts if option[:2] == "--"}


def app_group() -> Any:
    return typer.main.get_group(app)


app = typer.Typer(
    name="mlops-maturity",
    help=(
        "Where an ML team stands on Google's and Microsoft's MLOps maturity models, and what to do next.\n\n"
        "Start with `mlops-maturity assess` to answer the questionnaire in the terminal, or fill in "
        "`mlops-maturity template` and run `mlops-maturity score FILE` (in CI too)."
    ),
    epilog=EPILOG,
    no_args_is_help=True,
    add_completion=True,
    cls=_Commands,
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
        typer.Option(
            "--version", "-V", help="Show the version and exit.", callback=_show_version, is_eager=True, metavar=""
        ),
    ] = False,
) -> None:
    """Where an ML team stands on Google's and Microsoft's MLOps maturity models."""


def main() -> None:
    """Console-script entry point; a bug never exits 1, which CI would read as a failed gate."""
    # NOTE: pydantic looks for plugins through package metadata on first use, which costs
    # more start-up than all of scoring; this tool uses none.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from mlops_maturity.cli.common import exit_code_for, open_standard_streams

    open_standard_streams()
    code: int | str | None
    try:
        app()
        code = 0
    except SystemExit as ending:
        code = ending.code
    except BaseException as error:  # noqa: BLE001 - what escapes typer still gets a documented code
        code = int(exit_code_for(error))
    try:
        # NOTE: here, where a failure still sets the exit code; Python's flush at exit would exit 120.
        sys.stdout.flush()
    except Exception as error:  # noqa: BLE001 - the one converter decides what it is
        # An output error outranks 0 and 1: the result was not delivered.
        failed = int(exit_code_for(error))
        code = failed if isinstance(code, str) else max(code or 0, failed)
    sys.exit(code)
