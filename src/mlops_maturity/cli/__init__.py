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
from collections.abc import Callable
from typing import Annotated, Any

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from mlops_maturity import __version__
from mlops_maturity.cli.epilogs import (
    assess_epilog,
    diff_epilog,
    epilog,
    lint_epilog,
    portfolio_epilog,
    root_help,
    write_epilog,
)
from mlops_maturity.messages import _

COMMANDS: dict[str, tuple[str, Callable[[], str]]] = {
    "assess": ("assess", assess_epilog),
    "score": ("score", epilog),
    "report": ("report", write_epilog),
    "diff": ("diff", diff_epilog),
    "history": ("history", write_epilog),
    "combine": ("combine", write_epilog),
    "portfolio": ("portfolio", portfolio_epilog),
    "migrate": ("migrate", write_epilog),
    "models": ("models", write_epilog),
    "template": ("template", write_epilog),
    "schema": ("schema", write_epilog),
    "lint": ("lint", lint_epilog),
    "scan": ("scan", write_epilog),
    "config": ("config", write_epilog),
}
"""Command name -> (module in `mlops_maturity.cli` and function name, its --help epilog), in --help's order.

The epilogs are functions: computed once the language is chosen (`main`), not at import."""


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
    The help of options built before the language was chosen (the root's, typer's own) is
    translated here, when shown.
    """
    from mlops_maturity.cli.click_words import help_option_help

    for param in params:
        if param.help:
            param.help = _(param.help)
        if "--help" in param.opts:
            param.help = help_option_help()
        if getattr(param, "is_flag", False):
            param.metavar = ""
        if type(param) is TyperArgument:
            param.__class__ = _PlainArgument
        elif type(param) is TyperOption:
            param.__class__ = _PlainOption
    return params


class _Words:
    """click's own words (`Usage:`, its usage errors) in the language in use (`click_words`)."""

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        from mlops_maturity.cli.click_words import usage_prefix

        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=usage_prefix())

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        from mlops_maturity.cli.click_words import click_usage_error, translated_usage_error

        try:
            return super().parse_args(ctx, args)  # type: ignore[misc, no-any-return]
        except click_usage_error() as error:
            if type(error) is typer.BadParameter:
                raise  # `_Commands.invoke` words it first, then translates it
            raise translated_usage_error(error) from None


class _Command(_Words, TyperCommand):
    """A command whose --help reads as people write it; typer has no setting for these overrides."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _plain_value_names(super().get_params(ctx))

    def format_help(self, ctx: Any, formatter: Any) -> None:
        from mlops_maturity.cli.click_words import rich_words
        from mlops_maturity.cli.help_layout import keep_names_whole

        keep_names_whole()
        rich_words()
        super().format_help(ctx, formatter)

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        # typer writes a required argument as `{FILE}`: `FILE`, as in every other tool's usage.
        return [piece.replace("{", "").replace("}", "") for piece in super().collect_usage_pieces(ctx)]


class _Commands(_Words, TyperGroup):
    """The commands, each built from its module only when asked for.

    NOTE: typer would otherwise import every command module and build every command at
    each start; `score` in CI needs one of twelve.
    """

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_params(self, ctx: Any) -> list[Any]:
        return _plain_value_names(super().get_params(ctx))

    def format_help(self, ctx: Any, formatter: Any) -> None:
        from mlops_maturity.cli.click_words import rich_words
        from mlops_maturity.cli.help_layout import keep_names_whole

        keep_names_whole()
        rich_words()
        super().format_help(ctx, formatter)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        # NOTE: typer's own suggestion looks only at the commands built so far: here, none.
        name = args[0] if args else ""
        if name and not name.startswith("-") and not ctx.resilient_parsing and self.get_command(ctx, name) is None:
            matches = difflib.get_close_matches(name, list(COMMANDS))
            if matches:
                ctx.fail(
                    _("No such command {name}. Did you mean {matches}?").format(
                        name=repr(name), matches=_(" or ").join(map(repr, matches))
                    )
                )
        resolved = super().resolve_command(ctx, args)
        command_name, command = resolved[0], resolved[1]
        from mlops_maturity.cli.common import NORMAL, set_verbosity

        set_verbosity(NORMAL)  # until the command's -q or -v says otherwise (tests run many commands in one process)
        if command is not None and command_name not in (None, "config") and not ctx.resilient_parsing:
            _apply_config_file(ctx, command_name, command, list(resolved[2]))
        return resolved

    def invoke(self, ctx: Any) -> Any:
        from mlops_maturity.cli.click_words import click_usage_error, rich_words, translated_usage_error

        try:
            return super().invoke(ctx)
        except typer.BadParameter as error:
            # NOTE: typer checks an option's choices through pydantic, whose message for them
            # starts "Value error, ": the person typed a value, not Python.
            error.message = error.message.removeprefix("Value error, ") + _from_config(error)
            raise translated_usage_error(error) from None
        except click_usage_error():
            rich_words()  # a command not found, or missing: typer's panel in the language in use
            raise

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in COMMANDS:
            return None
        if cmd_name not in self.commands:
            module_name, epilog_text = COMMANDS[cmd_name]
            module = importlib.import_module(f"mlops_maturity.cli.{module_name}")
            function = getattr(module, module_name)
            # A module's `command_help()` is its help in the language in use; else the docstring.
            help_text = module.command_help() if hasattr(module, "command_help") else None
            single = typer.Typer(add_completion=False, context_settings={"help_option_names": ["-h", "--help"]})
            single.command(name=cmd_name, help=help_text, epilog=epilog_text(), cls=_Command)(function)
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
    return " " + _("(set in {where})").format(where=where)


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
            typer.Option(
                "--quiet", "-q", help=_("Print only errors and the gate's result."), callback=_quiet, metavar=""
            ),
        ] = False,
        verbose: Annotated[
            bool,
            typer.Option(
                "--verbose",
                "-v",
                help=_("Also say what was read and decided, on stderr (score, report)."),
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
    help=root_help(),  # English here, at import; `main` sets them again once the language is chosen
    epilog=epilog(),
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
            "--version", "-V", help=_("Show the version and exit."), callback=_show_version, is_eager=True, metavar=""
        ),
    ] = False,
    language: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help=_("Language for people: en or es. Default: MLOPS_MATURITY_LANG, then the locale (LANG), then en."),
            show_default=False,
            metavar="CODE",
        ),
    ] = None,
) -> None:
    """Where an ML team stands on Google's and Microsoft's MLOps maturity models."""
    from mlops_maturity.cli.common import handle_errors, speak_for_every_command

    with handle_errors():
        speak_for_every_command(language)


def _choose_language(argv: list[str]) -> None:
    """Speak the language chosen before any help is built: the command modules' help, read
    when they are imported, is then in it. English loads nothing."""
    from mlops_maturity.errors import MaturityError
    from mlops_maturity.language import ENGLISH, chosen_language, option_in_argv
    from mlops_maturity.messages import use_language

    try:
        language = chosen_language(option_in_argv(argv), os.environ)
        use_language(language)
    except MaturityError:  # English, until the command, which reads the same value, reports it (exit 2)
        language = ENGLISH
        use_language(ENGLISH)
    from mlops_maturity.cli.click_words import route_typer_words

    route_typer_words(other_than_english=language != ENGLISH)
    app.info.help = root_help()
    app.info.epilog = epilog()


def main() -> None:
    """Console-script entry point; a bug never exits 1, which CI would read as a failed gate."""
    # NOTE: pydantic looks for plugins through package metadata on first use, which costs
    # more start-up than all of scoring; this tool uses none.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    _choose_language(sys.argv[1:])  # NOTE: before cli.common, whose shared options' help is read at its import
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
