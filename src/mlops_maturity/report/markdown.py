"""Markdown reports, rendered with jinja2 from templates shipped in the package.

Every template, shipped or the user's own (`--template`), runs in jinja2's sandbox with
undefined variables as errors. Templates see the JSON result (`assessment`, the same data
as `score --format json`) and the questionnaire's scale; user text is escaped with the
`md` and `cell` filters so that it cannot break a table or inject HTML.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2
import jinja2.exceptions

from mlops_maturity.answers.provenance import origin_of
from mlops_maturity.engine.assessment import Assessment
from mlops_maturity.engine.scope import scope_reason
from mlops_maturity.engine.scoring import round_half_up
from mlops_maturity.errors import TemplateError
from mlops_maturity.report.json import assessment_data
from mlops_maturity.report.template_sandbox import BoundedSandbox, RenderLimit, SafeFileLoader
from mlops_maturity.report.wording import level_label
from mlops_maturity.safe_text import printable

FULL_TEMPLATE = "report.md.j2"
SHORT_TEMPLATE = "summary.md.j2"

# `$` too: GitHub and GitLab render `$...$` as maths.
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]|#~$])")
# What would start a list, a quote, a heading underline or a thematic break at the start of a line,
# or a GitHub Actions workflow command (`::`) when the markdown is printed in a job log.
_BLOCK_START = re.compile(r"^(\d{1,9})([.)])(?=\s|$)|^([-+=>:])")
_ENTITY_START = re.compile(r"&(?=[A-Za-z#])")
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
_SAFE_URL = re.compile(r"^https?://[^\s<>\"'`\x00-\x1f\x7f]+$")
_MAX_BAR_WIDTH = 1000
_URL_ESCAPES = {"|": "%7C", "(": "%28", ")": "%29", "\\": "%5C"}


def escape_markdown(value: Any) -> str:
    """Inline user text: no markup, no HTML, kept on one line."""
    text = "" if value is None else printable(str(value))
    # Only what would start HTML or an entity: `<` before a tag, comment or processing
    # instruction (or an autolink), `&` before a name or `#`; elsewhere they stay as typed.
    text = _ENTITY_START.sub("&amp;", text)
    text = _TAG_START.sub("&lt;", text)
    text = _MARKDOWN_SPECIALS.sub(r"\\\1", text)
    text = " ".join(text.split())
    # NOTE: some of this text starts a line in the templates (level summaries, notes).
    return _BLOCK_START.sub(lambda found: f"{found[1]}\\{found[2]}" if found[1] else f"\\{found[3]}", text)


def escape_cell(value: Any) -> str:
    """Text for a table cell: escaped like `md`, and never empty (an empty cell reads oddly)."""
    return escape_markdown(value) or " "


def markdown_link(value: Any, title: Any = None) -> str:
    """A link to a web address, shown as `title` (default: the address); anything else is shown as text."""
    address = "" if value is None else str(value).strip()
    shown = escape_markdown(address if title is None else title)
    if _SAFE_URL.match(address):
        url = "".join(_URL_ESCAPES.get(character, character) for character in address)
        return f"[{shown}]({url})"
    return shown if title is None else f"{shown} ({escape_markdown(address)})"


def text_bar(percent: int | None, width: int = 20) -> str:
    """A bar of block characters that renders in any markdown viewer; `percent` is clamped to 0-100."""
    if percent is None:
        return "n/a"
    if not 0 <= width <= _MAX_BAR_WIDTH:
        raise ValueError(f"a bar is 0 to {_MAX_BAR_WIDTH} characters wide, not {width}")
    filled = round_half_up(width * min(max(percent, 0), 100), 100)
    return "█" * filled + "░" * (width - filled)


def unlocks_by_level(unlocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A step's unlocks grouped by model and level, in order: `model`, `level` and `titles`."""
    groups: dict[tuple[str, int], dict[str, Any]] = {}
    for unlock in unlocks:
        group = groups.setdefault(
            (unlock["model"], unlock["level"]["number"]),
            {"model": unlock["model"], "level": unlock["level"], "titles": []},
        )
        group["titles"].append(unlock["title"])
    return list(groups.values())


def question_texts(question_ids: list[str], assessment: dict[str, Any]) -> list[str]:
    """The questions' texts, as the assessment's answers give them (the id where none does)."""
    texts = {answer["id"]: answer["text"] for answer in assessment.get("answers", [])}
    return [texts.get(question_id, question_id) for question_id in question_ids]


def answer_origin(answer: dict[str, Any]) -> str:
    """`person`, `scan` or `both` for an answer of the template context; empty when unanswered."""
    found = origin_of(answer.get("answer"), answer.get("source"), answer.get("evidence") or ())
    return "" if found is None else found.value


def _environment(user_template_dir: Path | None) -> BoundedSandbox:
    loaders: list[jinja2.BaseLoader] = []
    if user_template_dir is not None:
        loaders.append(SafeFileLoader(user_template_dir))
    loaders.append(jinja2.PackageLoader("mlops_maturity", "report/templates"))
    return BoundedSandbox(
        filters={
            "md": escape_markdown,
            "cell": escape_cell,
            "link": markdown_link,
            "bar": text_bar,
            "by_level": unlocks_by_level,
            "question_texts": question_texts,
            "origin": answer_origin,
            "scope_reason": scope_reason,
        },
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )


def template_context(assessment: Assessment, translated_quotes: Mapping[str, str] | None = None) -> dict[str, Any]:
    """What templates see; documented in the README ("Custom report templates"). The levels'
    labels are in the language in use, as the rest of the questionnaire's texts; the sources'
    quotes stay verbatim, with their translations (criterion id -> text) beside them."""
    return {
        "assessment": assessment_data(assessment, label=level_label),
        "translated_quotes": dict(translated_quotes or {}),
    }


def render_markdown(
    assessment: Assessment, template: Path | None = None, translated_quotes: Mapping[str, str] | None = None
) -> str:
    """The full report, from the shipped template or the user's own.

    Raises:
        TemplateError: the template is missing, invalid, uses an undefined variable or
            tries something the sandbox forbids; the message names file and line.
    """
    context = template_context(assessment, translated_quotes)
    if template is None:
        return _render(_environment(None), FULL_TEMPLATE, context)
    if not template.is_file():
        raise TemplateError(f"{template}: no such template file")
    # The file the user named is trusted wherever it links to; what it includes must lie beside it.
    target = template.resolve()
    return _render(_environment(target.parent), target.name, context, shown=str(template))


def render_short_markdown(assessment: Assessment) -> str:
    """The short version for CI logs and job summaries: levels, blocking gaps, next steps."""
    return _render(_environment(None), SHORT_TEMPLATE, template_context(assessment))


def _render(environment: BoundedSandbox, name: str, context: dict[str, Any], shown: str | None = None) -> str:
    shown = shown or name
    top: str | None = None
    try:
        template = environment.get_template(name)
        top = template.filename
        return environment.render_bounded(template, context)
    except jinja2.TemplateSyntaxError as error:
        # An included template's own file, else the one the user named.
        where = _where(error.filename if error.name not in (None, name) and error.filename else shown, error.lineno)
        raise TemplateError(f"{where}: template syntax error: {error.message}") from None
    except jinja2.UndefinedError as error:
        raise TemplateError(
            f"{_location(shown, top, sys.exc_info()[2])}: {error.message} "
            "(see the README for the variables a template can use)"
        ) from None
    except jinja2.exceptions.SecurityError as error:
        raise TemplateError(
            f"{_location(shown, top, sys.exc_info()[2])}: refused by the template sandbox: {error}"
        ) from None
    except UnicodeDecodeError:
        raise TemplateError(f"{shown}: not valid UTF-8") from None
    except OSError as error:
        raise TemplateError(f"{shown}: cannot read the template: {error.strerror or error}") from None
    except jinja2.TemplateError as error:
        raise TemplateError(f"{_location(shown, top, sys.exc_info()[2])}: template error: {error}") from None
    except RenderLimit as error:
        raise TemplateError(f"{_location(shown, top, sys.exc_info()[2])}: template {error}") from None
    except MemoryError:
        raise TemplateError(f"{_location(shown, top, sys.exc_info()[2])}: template error: out of memory") from None
    except RecursionError:
        raise TemplateError(
            f"{_location(shown, top, sys.exc_info()[2])}: template error: too deep a recursion"
        ) from None
    except SyntaxError:
        # Python's own compile limits on jinja2's generated code (20 nested loops, 100 nested
        # blocks, 200 nested parentheses or filters).
        raise TemplateError(
            f"{shown}: template error: nested too deeply to compile (blocks, loops or filters)"
        ) from None
    except (TypeError, ValueError, AttributeError, ArithmeticError, LookupError, AssertionError, RuntimeError) as error:
        # Errors in a user's template expressions: adding a number to a string, `10.0 ** 999`
        # (OverflowError), `"{}".format()` (IndexError), `"%(x)s" % {}` (KeyError),
        # `truncate(-1)` (jinja2 asserts its arguments), a dict changed while a loop reads it
        # (RuntimeError).
        raise TemplateError(
            f"{_location(shown, top, sys.exc_info()[2])}: template error: {type(error).__name__}: {error}"
        ) from None


def _where(shown: str, line: int | None) -> str:
    return f"{shown}:{line}" if line else shown


def _location(shown: str, top: str | None, trace: TracebackType | None) -> str:
    """`file:line` where rendering failed; jinja2 maps its frames back to template files.

    The file is the template the user named, or the included template the error is in.
    """
    filename, line = None, None
    while trace is not None:
        code_file = trace.tb_frame.f_code.co_filename
        if not code_file.endswith(".py"):
            filename, line = code_file, trace.tb_lineno
        trace = trace.tb_next
    return _where(shown if filename in (None, top) else str(filename), line)
