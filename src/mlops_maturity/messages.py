"""The interface's own words in the language chosen (`language`), through gettext catalogues.

Strings are marked with `_()` where they are written; Babel extracts them into
`locale/mlops_maturity.pot` and each language's `locale/<code>/LC_MESSAGES/mlops_maturity.po`
holds their translations (README, "Adding a language"). The build compiles every `.po` into
the `.mo` that gettext reads (hatch_build.py). English needs no catalogue: until another
language is chosen nothing is loaded, so start-up in English does not change.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from mlops_maturity.errors import MaturityError

DOMAIN = "mlops_maturity"
LOCALE_FOLDER = Path(__file__).parent / "locale"

_translations: gettext.NullTranslations = gettext.NullTranslations()


def use_language(language: str) -> None:
    """Speak `language` from now on (a code of `language.LANGUAGES`).

    Raises:
        MaturityError: the language's compiled catalogue is missing from this installation.
    """
    global _translations
    if language == "en":
        _translations = gettext.NullTranslations()
        return
    compiled = LOCALE_FOLDER / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
    try:
        with compiled.open("rb") as file:
            _translations = gettext.GNUTranslations(file)
    except OSError as error:
        raise MaturityError(
            f"{compiled}: the {language} catalogue is missing from this installation; reinstall mlops-maturity"
        ) from error


@contextmanager
def in_english() -> Iterator[None]:
    """English inside: what a command without --lang writes (files, machine outputs) stays as it
    was, whatever language its help and errors speak."""
    global _translations
    kept = _translations
    _translations = gettext.NullTranslations()
    try:
        yield
    finally:
        _translations = kept


def _(message: str) -> str:
    """`message` in the language in use."""
    return _translations.gettext(message)


def N_(message: str) -> str:
    """`message` as it is, marked for the catalogue (gettext's name, which Babel extracts): for
    text kept in English where it is written and translated with `_` where it is shown."""
    return message


def translations() -> gettext.NullTranslations:
    """The catalogue in use, for the report templates (jinja2's i18n extension)."""
    return _translations
