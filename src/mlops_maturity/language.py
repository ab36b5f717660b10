"""Which language the tool speaks to a person: `--lang`, then `MLOPS_MATURITY_LANG`, then the
locale (`LC_ALL`, `LC_MESSAGES`, `LANG`, as gettext reads them), then English.

Only what people read changes language. Machine outputs (JSON, CSV, the CI formats' machine
fields) and answers files stay the same in every language, so that answers given in Spanish
and in English can be combined and compared.
"""

from __future__ import annotations

from collections.abc import Mapping

from mlops_maturity.errors import UsageError
from mlops_maturity.messages import _

ENGLISH = "en"
LANGUAGES = {"en": "English", "es": "español"}
"""Language code -> its name in itself."""
ENVIRONMENT_VARIABLE = "MLOPS_MATURITY_LANG"
_LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")


def _code(value: str) -> str:
    """`es_PE.UTF-8` -> `es`; `es-419` -> `es`."""
    return value.split(".", 1)[0].replace("-", "_").split("_", 1)[0].strip().lower()


def option_in_argv(argv: list[str]) -> str | None:
    """The value of the last `--lang X` or `--lang=X` on the command line, wherever it is."""
    found = None
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(argv):
            found = argv[index + 1]
        elif arg.startswith("--lang="):
            found = arg.removeprefix("--lang=")
    return found


def chosen_language(option: str | None, environ: Mapping[str, str]) -> str:
    """The language to speak (see the module docstring).

    Raises:
        UsageError: `--lang` or `MLOPS_MATURITY_LANG` names a language the tool does not
            speak. A locale it does not speak is not an error: the tool speaks English.
    """
    for value, where in ((option, "--lang"), (environ.get(ENVIRONMENT_VARIABLE), ENVIRONMENT_VARIABLE)):
        if value:
            code = _code(value)
            if code not in LANGUAGES:
                known = ", ".join(f"{key} ({name})" for key, name in LANGUAGES.items())
                raise UsageError(
                    _("{where}: {value} is not a language mlops-maturity speaks; expected one of {known}").format(
                        where=where, value=repr(value), known=known
                    )
                )
            return code
    for variable in _LOCALE_VARIABLES:
        value = environ.get(variable)
        if value:  # the first set one decides, as gettext does
            code = _code(value)
            return code if code in LANGUAGES else ENGLISH
    return ENGLISH
