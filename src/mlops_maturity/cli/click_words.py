"""typer's and click's own words in --help and usage errors, in the language chosen.

typer vendors click (`typer._click`) with its words written in English, and calls the
stdlib's `gettext.gettext` (the process-wide domain, its language from the locale alone)
only in `typer.core` and in `typer.rich_utils`, whose panel titles are computed when it is
imported. Neither can follow `--lang` or MLOPS_MATURITY_LANG, so for a language other than
English (`route_typer_words`), their msgids are in our catalogue (the `N_` list below),
typer's `_` is pointed at ours, rich_utils' titles are recomputed, and click's words are
given by our commands (`usage_prefix`, `help_option_help`, `translated_usage_error`).
English changes nothing and loads nothing.
"""

from __future__ import annotations

import importlib.util
import sys
from typing import Any

from mlops_maturity.messages import N_, _

_RICH_UTILS_WORDS = {
    "DEPRECATED_STRING": N_("(deprecated) "),
    "DEFAULT_STRING": N_("[default: {}]"),
    "ENVVAR_STRING": N_("[env var: {}]"),
    "REQUIRED_LONG_STRING": N_("[required]"),
    "ARGUMENTS_PANEL_TITLE": N_("Arguments"),
    "OPTIONS_PANEL_TITLE": N_("Options"),
    "COMMANDS_PANEL_TITLE": N_("Commands"),
    "ERRORS_PANEL_TITLE": N_("Error"),
    "ABORTED_TEXT": N_("Aborted."),
    "RICH_HELP": N_("Try [blue]'{command_path} {help_option}'[/] for help."),
}
"""typer.rich_utils' module-level words (computed at its import) -> their msgid."""

_TYPER_CORE_WORDS = (
    N_("(dynamic)"),
    N_("Aborted!"),
    N_("default: {default}"),
    N_("required"),
    N_("env var: {var}"),
    N_("Missing command."),
    N_("No such command {name!r}."),
)
"""What typer.core looks up with its `_` when it runs: listed for extraction only."""

_TYPER_OPTION_HELP = {
    "Install completion for the current shell.": N_("Install completion for the current shell."),
    "Show completion for the current shell, to copy it or customize the installation.": N_(
        "Show completion for the current shell, to copy it or customize the installation."
    ),
}
"""The help of typer's completion options, written in English in typer."""


_routed = False
"""Whether typer's words come from our catalogue in this process."""


def route_typer_words(*, other_than_english: bool) -> None:
    """typer's words from our catalogue, in the language in use: called once the language is
    chosen. English leaves typer as it is, unless an earlier run in this process routed them."""
    global _routed
    if not other_than_english and not _routed:
        return
    _routed = True
    import typer.core

    typer.core._ = _  # type: ignore[attr-defined]  # NOTE: typer's `from gettext import gettext as _`
    if "typer.rich_utils" in sys.modules:
        rich_words()
    # else when help or an error is shown (`rich_words`): importing rich costs a run that shows neither


def rich_words() -> None:
    """typer.rich_utils' titles in the language in use, once typer's words are routed: called
    before help or a usage error is shown (rich_utils computed them in English at its import)."""
    if not _routed or importlib.util.find_spec("rich") is None:
        return  # English as typer has them; without rich, typer prints plain help through typer.core's `_`
    from typer import rich_utils

    rich_utils._ = _  # type: ignore[attr-defined]
    for name, msgid in _RICH_UTILS_WORDS.items():
        setattr(rich_utils, name, _(msgid))


def usage_prefix() -> str:
    """click's "Usage: ", which it writes itself."""
    return _("Usage: ")


def help_option_help() -> str:
    """click's help for --help."""
    return _("Show this message and exit.")


def option_help(text: str | None) -> str | None:
    """typer's own options' help (the completion options) in the language in use."""
    return _(text) if text in _TYPER_OPTION_HELP else text


def translated_usage_error(error: Any) -> Any:
    """click's usage error in the language in use: a new error with the same context and
    exit code, or `error` itself when English, not one click words itself, or when this typer's
    click is not laid out as expected (its words then stay English: never a crash)."""
    import gettext

    from mlops_maturity.messages import translations

    if type(translations()) is gettext.NullTranslations:
        return error  # English: click's words are already right
    try:
        return _translated(error)
    except (ImportError, AttributeError):
        return error


def click_usage_error() -> type[Exception]:
    """click's UsageError, which typer raises for a usage mistake, wherever this typer keeps click."""
    error: type[Exception] = _click_exceptions().UsageError
    return error


def _click_exceptions() -> Any:
    """click's exceptions module: typer's vendored copy (`typer._click`), else click itself."""
    for name in ("typer._click.exceptions", "click.exceptions"):
        try:
            return importlib.import_module(name)
        except ImportError:
            continue
    raise ImportError("click's exceptions")


def _translated(error: Any) -> Any:
    exceptions = _click_exceptions()
    rich_words()  # typer shows the error next, in its panel
    if isinstance(error, exceptions.NoSuchOption):
        message = _("No such option: {option}").format(option=error.option_name)
        if error.possibilities:
            options = ", ".join(sorted(error.possibilities))
            message += " " + _("(Possible options: {options})").format(options=options)
    elif isinstance(error, exceptions.MissingParameter):
        hint = _hint(error)
        kind = error.param_type or (error.param.param_type_name if error.param is not None else "parameter")
        template = _("Missing argument {name}.") if kind == "argument" else _("Missing option {name}.")
        message = template.format(name=hint)
        extra = error.param.get_missing_message(error.ctx) if error.param is not None else None
        if extra:  # the choices a value is taken from
            message += " " + extra
    elif isinstance(error, exceptions.BadParameter):
        hint = _hint(error)
        if not hint:
            return error
        message = _("Invalid value for {name}: {reason}").format(name=hint, reason=error.message)
    else:
        return error
    return exceptions.UsageError(message, ctx=error.ctx)


def _hint(error: Any) -> str | None:
    """The parameter a click error is about, as click names it (`'FILE'`, `'--model' / '-m'`)."""
    join = _click_exceptions()._join_param_hints
    hint: str | None = None
    if error.param_hint is not None:
        hint = join(error.param_hint)
    elif error.param is not None:
        hint = join(error.param.get_error_hint())
    return hint
