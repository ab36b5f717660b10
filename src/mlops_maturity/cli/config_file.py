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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mlops_maturity.errors import Problem, UsageError

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
        "merge",
        "model",
        "output",
        "previous",
        "questionnaires",
        "report",
        "result",
        "strict",
        "team",
        "template",
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

    Raises:
        UsageError: a file on the way cannot be read as TOML.
    """
    for folder in (start, *start.parents):
        for name in FILE_NAMES:
            path = folder / name
            if not path.is_file():
                continue
            data = _read_toml(path)
            if name == "pyproject.toml":
                table = data.get(TABLE[0], {}).get(TABLE[1]) if isinstance(data.get(TABLE[0]), dict) else None
                if table is None:
                    continue  # a pyproject.toml without our table: look further up
                data = table
            if not isinstance(data, dict):
                raise UsageError(f"{path}: [{'.'.join(TABLE)}] must be a table of settings")
            return path, data
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise UsageError(f"{path}: not valid TOML: {error}") from None
    except OSError as error:
        raise UsageError(f"{path}: cannot be read: {error.strerror}") from None


def load_config(start: Path, commands: tuple[str, ...]) -> ConfigFile | None:
    """The configuration in force from `start`, checked: every key known, every table a command.

    Raises:
        UsageError: the file is not valid TOML, or names a key or a table the tool does not
            know (each such key is listed with its line).
    """
    found = find_config_file(start)
    if found is None:
        return None
    path, table = found
    text = path.read_text(encoding="utf-8", errors="replace").splitlines()
    settings: list[Setting] = []
    problems: list[Problem] = []
    for key, value in table.items():
        if key in commands and isinstance(value, dict):
            for inner, inner_value in value.items():
                _add(settings, problems, path, text, inner, inner_value, key)
        else:
            _add(settings, problems, path, text, key, value, None)
    if problems:
        raise UsageError(f"{path}: {len(problems)} unknown setting(s)", problems=tuple(problems))
    return ConfigFile(path, tuple(settings))


def _line_of(text: list[str], key: str) -> int:
    """The line a key is set on (first match), for messages; 0 when it cannot be told."""
    for number, line in enumerate(text, start=1):
        stripped = line.strip().strip('"').replace('"', "")
        if stripped.startswith((f"{key} ", f"{key}=")):
            return number
    return 0


def _add(
    settings: list[Setting],
    problems: list[Problem],
    path: Path,
    text: list[str],
    key: str,
    value: Any,
    command: str | None,
) -> None:
    line = _line_of(text, key)
    if key not in KNOWN_KEYS:
        import difflib

        near = difflib.get_close_matches(key, sorted(KNOWN_KEYS), n=1)
        hint = f"; did you mean {near[0]!r}?" if near else ""
        problems.append(
            Problem(
                file=str(path),
                line=line or None,
                key=key if command is None else f"{command}.{key}",
                message=f"unknown setting (expected a long option's name, such as fail-under, or answers){hint}",
            )
        )
        return
    if key in PATH_KEYS:
        value = [_relative(path, item) for item in value] if isinstance(value, list) else _relative(path, value)
    settings.append(Setting(key, value, command, line))


def _relative(config: Path, value: Any) -> Any:
    return str(config.parent / value) if isinstance(value, str) and value != "-" else value


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
