"""`mlops-maturity config`: the configuration file in force, and what each setting sets."""

from typing import Annotated

import typer

from mlops_maturity.cli.common import handle_errors
from mlops_maturity.messages import _


def command_help() -> str:
    """The command's --help text, in the language in use."""
    return _(
        "Show the configuration file in force and its settings.\n"
        "\n"
        "Looked for from the current folder upwards: `.mlops-maturity.toml`, or\n"
        "`[tool.mlops-maturity]` in `pyproject.toml`. Keys are named like the\n"
        "long options, plus `answers`; a table named for a command applies to it\n"
        "alone. Options given on the command line win.\n"
        "\n"
        "    mlops-maturity config\n"
        "\n"
        "In pyproject.toml:\n"
        "\n"
        "    [tool.mlops-maturity]\n"
        '    answers = "mlops/answers.yaml"\n'
        "    fail-under = { google = 1, microsoft = 4 }"
    )


def config(
    as_json: Annotated[bool, typer.Option("--json", help=_("The settings as JSON."), metavar="")] = False,
) -> None:
    """Show the configuration file in force and its settings: see `command_help` for --help."""
    with handle_errors():
        import json
        from pathlib import Path

        from mlops_maturity.cli import COMMANDS, app_group, command_options
        from mlops_maturity.cli.config_file import default_value, load_config
        from mlops_maturity.json_text import json_document
        from mlops_maturity.safe_text import printable

        found = load_config(Path.cwd(), tuple(COMMANDS), lambda name: command_options(app_group(), None, name))
        if as_json:
            data = {
                "file": str(found.path) if found else None,
                "settings": [
                    {
                        "key": setting.key,
                        "value": default_value(setting),
                        "command": setting.command,
                        "line": setting.line,
                    }
                    for setting in (found.settings if found else ())
                ],
            }
            print(json_document(data), end="")
            return
        if found is None:
            print(f"No configuration file at or above {printable(str(Path.cwd()))}.")
            print("Looked for .mlops-maturity.toml, and [tool.mlops-maturity] in pyproject.toml.")
            return
        print(f"Configuration: {printable(str(found.path))}")
        if not found.settings:
            print("  (no settings)")
        for setting in found.settings:
            scope = f"{setting.command} only" if setting.command else "every command with the option"
            where = f"line {setting.line}, " if setting.line else ""
            value = json.dumps(default_value(setting), ensure_ascii=False)
            print(printable(f"  {setting.key} = {value}  ({where}{scope})"))
