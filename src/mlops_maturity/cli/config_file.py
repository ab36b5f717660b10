"""Defaults from a configuration file, as ruff and pytest users expect one.

`[tool.mlops-maturity]` in `pyproject.toml`, or a `.mlops-maturity.toml`, found from the
current folder upwards: the nearest folder with either wins, and in one folder
`.mlops-maturity.toml` before `pyproject.toml` (as ruff reads `ruff.toml` first). Keys are
named like the long options (`fail-under`, `questionnaires`, `format`, `model`), plus
`answers`, the answers file a command reads (`assess` writes it). Keys at the top apply
to every command that has the option; a table named for a command
(`[tool.mlops-maturity.score]`) applies to that command and wins over them. The command
line wins over both. Paths are relative to the configuration file's folder.

    [tool.mlops-maturity]
    answers = "mlops/answers.yaml"
    fail-under = { google = 1, microsoft = 4 }
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mlops_maturity.errors import Problem, UsageError
from mlops_maturity.messages import _

FILE_NAMES = (".mlops-maturity.toml", "pyproject.toml")
"""Looked for in each folder, in this order."""
TABLE = ("tool", "mlops-maturity")
"""Where the settings are in `pyproject.toml`; a `.mlops-maturity.toml` holds them at its top."""

KNOWN_KEYS = frozenset(
    {
        "answers",
        "array",
        "assessor",
        "fail-on-regression",
        "fail-under",
        "format",
        "from-scan",
        "github-summary",
        "group-by",
        "lang",
        "merge",
        "model",
        "output",
        "previous",
        "questionnaires",
        "quiet",
        "report",
        "result",
        "strict",
        "team",
        "template",
        "verbose",
        "workers",
    }
)
"""The long options of every command that a file may set (a test checks them against the
commands), and `answers`. Options that act once (`--restart`, `--review`) are left out."""

PATH_KEYS = frozenset({"answers", "questionnaires", "template", "output", "report", "previous", "from-scan", "merge"})
"""Read relative to the configuration file's folder."""

ANSWERS_PARAMETER = {
    "assess": "output",
    "score": "answers_files",
    "report": "answers_file",
    "history": "answers_file",
    "migrate": "answers_file",
}
"""What `answers` sets, per command."""


@dataclass(frozen=True, slots=True)
class Setting:
    key: str
    value: Any
    command: str | None
    """The command whose table holds it; None for a key at the top."""
    line: int


@dataclass(frozen=True, slots=True)
class ConfigFile:
    path: Path
    settings: tuple[Setting, ...]

    def for_command(self, command: str) -> dict[str, Setting]:
        """Key -> the setting in force for `command`: its own table's, else the top's."""
        found = {setting.key: setting for setting in self.settings if setting.command is None}
        found.update({setting.key: setting for setting in self.settings if setting.command == command})
        return found


def find_config_file(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """The nearest configuration file at or above `start`, and its settings table.

    A `pyproject.toml` that is not valid TOML and does not name our table is passed over, as
    one without our table is: it is some other tool's to report.

    Raises:
        UsageError: a `.mlops-maturity.toml`, or a `pyproject.toml` with our table, is not valid TOML.
    """
    for folder in (start, *start.parents):
        for name in FILE_NAMES:
            path = folder / name
            if not path.is_file():
                continue
            if name == "pyproject.toml":
                try:
                    data = _read_toml(path)
                except UsageError:
                    if "tool.mlops-maturity" in path.read_text(encoding="utf-8", errors="replace"):
                        raise
                    continue
                tool = data.get(TABLE[0])
                table = tool.get(TABLE[1]) if isinstance(tool, dict) else None
                if table is None:
                    continue  # a pyproject.toml without our table: look further up
                data = table
            else:
                data = _read_toml(path)
            if not isinstance(data, dict):
                raise UsageError(
                    _("{path}: [{table}] must be a table of settings").format(path=path, table=".".join(TABLE))
                )
            return path, data
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise UsageError(_("{path}: not valid TOML: {reason}").format(path=path, reason=error)) from None
    except OSError as error:
        raise UsageError(_("{path}: cannot be read: {reason}").format(path=path, reason=error.strerror)) from None


TOP_LEVEL_KEYS = frozenset(
    {
        "answers",
        "fail-under",
        "questionnaires",
        "model",
        "strict",
        "workers",
        "team",
        "assessor",
        "quiet",
        "verbose",
        "lang",
    }
)
"""Keys that mean the same for every command that has them. The others (`format`, `output`,
`template`...) mean something else for each command, and are set in a command's table."""


def load_config(
    start: Path, commands: tuple[str, ...], options_of: Callable[[str], set[str]] | None = None
) -> ConfigFile | None:
    """The configuration in force from `start`, checked: every key known, every table a command.

    `options_of(command)`: the long options a command has; a command's table may set only
    those (and `answers` where the command reads one).

    Raises:
        UsageError: the file is not valid TOML, or names a key or a table the tool does not
            know (each such key is listed with its line).
    """
    found = find_config_file(start)
    if found is None:
        return None
    path, table = found
    lines = _Lines(path)
    settings: list[Setting] = []
    problems: list[Problem] = []
    for key, value in table.items():
        # A table is a command's (`report` is also assess's option); `fail-under = {google = 1}` is a value.
        if isinstance(value, dict) and (key in commands or key not in KNOWN_KEYS):
            _add_table(settings, problems, lines, key, value, commands, options_of)
        else:
            _add(settings, problems, lines, key, value, None, TOP_LEVEL_KEYS)
    if problems:
        raise UsageError(
            _("{path}: {number} setting(s) refused").format(path=path, number=len(problems)), problems=tuple(problems)
        )
    return ConfigFile(path, tuple(settings))


def _add_table(
    settings: list[Setting],
    problems: list[Problem],
    lines: _Lines,
    name: str,
    table: dict[str, Any],
    commands: tuple[str, ...],
    options_of: Callable[[str], set[str]] | None,
) -> None:
    if name not in commands:
        import difflib

        if difflib.get_close_matches(name, sorted(KNOWN_KEYS), n=1):  # a misspelled key with a table for its value
            _add(settings, problems, lines, name, table, None, TOP_LEVEL_KEYS)
            return
        near = difflib.get_close_matches(name, commands, n=1)
        hint = "; " + _("did you mean [{name}]?").format(name=near[0]) if near else ""
        if name == TABLE[0]:
            hint = "; " + _("in {file} the settings go at the top, without [{table}]").format(
                file=FILE_NAMES[0], table=".".join(TABLE)
            )
        message = (
            _("not a command: a table sets the options of one command ({commands})").format(
                commands=", ".join(commands)
            )
            + hint
        )
        problems.append(Problem(file=str(lines.path), line=lines.of_table(name) or None, key=name, message=message))
        return
    allowed = (
        KNOWN_KEYS if options_of is None else (options_of(name) | ({"answers"} if name in ANSWERS_PARAMETER else set()))
    )
    for key, value in table.items():
        _add(settings, problems, lines, key, value, name, allowed)


def _add(
    settings: list[Setting],
    problems: list[Problem],
    lines: _Lines,
    key: str,
    value: Any,
    command: str | None,
    allowed: frozenset[str] | set[str],
) -> None:
    line = lines.of_key(key, command)
    if key not in allowed or key not in KNOWN_KEYS:
        import difflib

        near = difflib.get_close_matches(key, sorted(allowed & KNOWN_KEYS), n=1)
        hint = "; " + _("did you mean {name}?").format(name=repr(near[0])) if near else ""
        if command is None and key in KNOWN_KEYS:
            message = _("set it in a command's table, such as [score]: it means something else for each command") + hint
        elif command is not None and key in KNOWN_KEYS:
            message = _("`{command}` has no --{key}").format(command=command, key=key)
        else:
            message = _("unknown setting (expected a long option's name, such as fail-under, or answers)") + hint
        problems.append(
            Problem(
                file=str(lines.path),
                line=line or None,
                key=key if command is None else f"{command}.{key}",
                message=message,
            )
        )
        return
    if key in PATH_KEYS:
        value = (
            [_relative(lines.path, item) for item in value] if isinstance(value, list) else _relative(lines.path, value)
        )
    settings.append(Setting(key, value, command, line))


class _Lines:
    """Where keys and tables are in the file's text, for messages (tomllib gives no positions)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.text = path.read_text(encoding="utf-8", errors="replace").splitlines()
        self.prefix = "" if path.name == FILE_NAMES[0] else ".".join(TABLE)

    def _header(self, command: str | None) -> str:
        parts = [part for part in (self.prefix, command) if part]
        return "[" + ".".join(parts) + "]" if parts else ""

    def of_table(self, name: str) -> int:
        wanted = self._header(name).replace(" ", "")
        return next((number for number, line in enumerate(self.text, 1) if line.replace(" ", "") == wanted), 0)

    def of_key(self, key: str, command: str | None) -> int:
        """The line of `key` in its table: after the table's header, before the next one."""
        header = self._header(command).replace(" ", "")
        inside = header == ""  # a dedicated file's top-level keys come before any header
        for number, line in enumerate(self.text, 1):
            stripped = line.strip()
            if stripped.startswith("["):
                inside = stripped.replace(" ", "") == header
                continue
            if inside and stripped.replace('"', "").startswith((f"{key} ", f"{key}=")):
                return number
        return 0


def _relative(config: Path, value: Any) -> Any:
    """A path the file gives, relative to the file's folder, as the current folder reaches it."""
    if not isinstance(value, str) or value == "-":
        return value
    import os

    return os.path.relpath(config.parent / value)


def default_value(setting: Setting) -> Any:
    """The setting as the option's default: `fail-under = {google = 1}` as `["google=1"]`."""
    value = setting.value
    if setting.key == "fail-under" and isinstance(value, dict):
        return [f"{model}={level}" for model, level in value.items()]
    if setting.key in ("fail-under", "model") and not isinstance(value, list):
        return [value]
    return value


def default_map(config: ConfigFile, command_name: str, parameters: list[Any]) -> dict[str, Any]:
    """The command's parameter name -> its default from the file, for the options it has."""
    names = {option[2:]: parameter.name for parameter in parameters for option in parameter.opts if option[:2] == "--"}
    if command_name in ANSWERS_PARAMETER:
        names["answers"] = ANSWERS_PARAMETER[command_name]
    defaults: dict[str, Any] = {}
    for key, setting in config.for_command(command_name).items():
        if key in names:
            value = default_value(setting)
            if names[key] == "answers_files" and not isinstance(value, list):
                value = [value]
            defaults[names[key]] = value
    return defaults
