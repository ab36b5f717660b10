"""The sandbox report templates run in: no file outside the template folder, bounded work.

jinja2's sandbox stops attribute escapes, but not a template that asks for `'x' * 10**12`,
`3 ** 10**9`, `lipsum(10**8)` or nested loops: one short expression can take all memory
or run for ever. Only jinja2's public sandbox hooks are used: operators (`call_binop`),
calls (`call`), attribute lookups (`getattr`, `getitem`), and the filters and globals,
wrapped. What grows with a number rather than with the data is checked before it runs,
the values built after; the whole render is bounded in output (counted as
`Template.generate()` yields it), in time and, on Linux, in memory. A refusal is a
`RenderLimit`, reported with the template's file and line.

NOTE: `~` has no hook: a string it builds is checked when it reaches a call, a filter, an
operator or the output; `~` repeated on variables is stopped by the memory and time bounds.
"""

from __future__ import annotations

import contextlib
import functools
import re
import string
import time
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from pathlib import Path
from typing import Any, cast

import jinja2
import jinja2.exceptions
import jinja2.nodes
import jinja2.runtime
import jinja2.sandbox

from mlops_maturity.messages import translations
from mlops_maturity.report.render_bounds import interrupt_after, memory_capped

MAX_OUTPUT = 5_000_000
"""Characters in a whole report, at least: `OUTPUT_PER_DATA` times the data's own size, when larger."""
MAX_VALUE = 1_000_000
"""Characters (or items) in any one value a template builds, at least: `VALUE_PER_DATA` times
the data's own size, when larger."""
VALUE_PER_DATA = 4
OUTPUT_PER_DATA = 16
"""The bounds grow with what the template is given: an answers file the tool accepts (notes of
hundreds of kilobytes) must always render, and a report shows a note a few times, escaped."""
MAX_DATA_COUNTED = 64 << 20
"""Characters of the template's data counted to scale the bounds (more than any input holds)."""
MAX_COUNT = 10_000
"""A width, count or length given to a filter or a string method (`center`, `indent`, ...)."""
MAX_INT_BITS = 65_536
"""Bits in an integer a template computes (`2 ** 65536` is already 19,729 digits)."""
TIME_LIMIT = 10.0
"""Seconds a render may take."""
MAX_TEMPLATE_BYTES = 1_048_576
"""Size of one template file."""
MEMORY_LIMIT = 1 << 30
"""Bytes of address space a render may add to the process (Linux; elsewhere the other bounds
hold): values are bounded one by one, but a recursive macro can keep a thousand of them."""

# Filters (and globals) whose number arguments are sizes: `center(10**10)` builds the result.
_SIZED = frozenset({"center", "indent", "wordwrap", "truncate", "batch", "slice", "tojson", "bar", "round", "lipsum"})
# String methods whose first argument is the size of the result.
_WIDTH_METHODS = frozenset({"center", "ljust", "rjust", "zfill"})
# Widths and precisions in `%` and `str.format` specs (`%999999999d`, `{:>999999999}`).
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d*))?")
_NUMBER = re.compile(r"\d+")


MAX_NESTING = 100
"""Deepest template syntax tree compiled: a chain of 100 filters compiles in half a second."""


def _nesting(tree: jinja2.nodes.Node) -> int:
    """The depth of a template's syntax tree, walked without recursion."""
    deepest = 0
    pending: list[tuple[jinja2.nodes.Node, int]] = [(tree, 1)]
    while pending:
        node, depth = pending.pop()
        deepest = max(deepest, depth)
        pending.extend((child, depth + 1) for child in node.iter_child_nodes())
    return deepest


class RenderLimit(Exception):
    """A template asked for more work, memory or output than a report needs.

    NOTE: an Exception, not a BaseException: jinja2 maps only those back to template lines.
    """


def _refuse(message: str) -> RenderLimit:
    return RenderLimit(f"refused: {message}")


_value_limit: ContextVar[int] = ContextVar("template_value_limit", default=MAX_VALUE)
"""The bound on one value during the current render (see `render_bounded`)."""


def _size(value: Any, limit: int | None = None) -> int:
    """The characters and items a value stands for, nested values included, counted up to the limit.

    NOTE: nested, so that `[[s] * 1000] * 1000` counts as a million copies of `s`: that is
    what `| string` or `| tojson` would build from it.
    """
    limit = _value_limit.get() if limit is None else limit
    total = 0
    pending = [value]
    while pending and total <= limit:
        item = pending.pop()
        if isinstance(item, str | bytes):
            total += len(item)
        elif isinstance(item, dict):
            total += len(item)
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list | tuple | set | frozenset):
            total += len(item)
            pending.extend(item)
    return total


def _check_value(value: Any, what: str) -> Any:
    limit = _value_limit.get()
    if _size(value, limit) > limit:
        raise _refuse(f"{what} would build a value of over {limit:,} characters or items")
    return value


def _check_counts(name: str, args: Iterable[Any], kwargs: dict[str, Any]) -> None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_COUNT:
            raise _refuse(f"{name}({value}): a size over {MAX_COUNT:,}")


def _check_percent_format(template: str) -> None:
    for found in _PERCENT_SPEC.finditer(template):
        for part in found.groups():
            if part == "*":
                raise _refuse("a `*` width in a `%` format")
            if part and int(part) > MAX_COUNT:
                raise _refuse(f"a width or precision of {part} in a `%` format")


def _check_format_method(value: Any, name: Any) -> None:
    """`str.format` fields: no width over the limit, no width computed from an argument."""
    if not (isinstance(value, str) and isinstance(name, str) and name in ("format", "format_map")):
        return
    with contextlib.suppress(ValueError):  # a malformed format fails by itself when called
        for _, _, spec, _ in string.Formatter().parse(value):
            if spec and "{" in spec:
                raise _refuse("a width computed from an argument in a `format` field")
            for number in _NUMBER.findall(spec or ""):
                if len(number) > 5 or int(number) > MAX_COUNT:
                    raise _refuse(f"a width or precision of {number} in a `format` field")


def _check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse an operator whose result would be huge, before computing it."""
    if isinstance(left, int) and isinstance(right, int):
        bits = 0
        if operator == "**" and right > 0 and abs(left) > 1:
            bits = right * left.bit_length()
        elif operator == "*":
            bits = left.bit_length() + right.bit_length()
        if bits > MAX_INT_BITS:
            raise _refuse(f"`{operator}` would make an integer of over {MAX_INT_BITS:,} bits")
    elif operator == "*":
        times, sequence = (left, right) if isinstance(left, int) else (right, left)
        if isinstance(times, int) and times > 0 and _size(sequence) * times > _value_limit.get():
            raise _refuse(f"`*` would build a value of over {_value_limit.get():,} characters or items")
    elif operator == "+":
        if _size(left) + _size(right) > _value_limit.get():
            raise _refuse(f"`+` would build a value of over {_value_limit.get():,} characters or items")
    elif operator == "%" and isinstance(left, str):
        _check_percent_format(left)


def _checked_str_method(text: str, name: str, args: tuple[Any, ...]) -> tuple[Any, ...]:
    """The arguments of a string method whose result can be far larger than the string and them."""
    first = args[0] if args else None
    grows_to = 0
    if name in _WIDTH_METHODS and isinstance(first, int):
        grows_to = first
    elif name == "expandtabs" and isinstance(first, int):
        grows_to = first * text.count("\t")
    elif name == "replace" and len(args) >= 2 and isinstance(first, str) and isinstance(args[1], str):
        hits = text.count(first) if first else len(text) + 1
        grows_to = len(text) + hits * (len(args[1]) - len(first))
    elif name == "join" and args:
        items = list(args[0])  # an iterator would be used up by counting it
        grows_to = len(text) * len(items) + _size(items)
        args = (items, *args[1:])
    if grows_to > _value_limit.get():
        raise _refuse(f"{name} would build a value of over {_value_limit.get():,} characters")
    return args


class SafeFileLoader(jinja2.BaseLoader):
    """Templates from one folder: regular files inside it once links are resolved, size-limited.

    A link inside the folder to `/proc/self/environ` or `~/.ssh/id_rsa` is refused, so that a
    shared template folder cannot carry a CI job's secrets into an uploaded report.
    """

    def __init__(self, folder: Path) -> None:
        self.root = folder.resolve()

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        pieces = [piece for piece in template.split("/") if piece not in ("", ".")]
        if ".." in pieces:  # as jinja2's own loaders: not found here, nor anywhere
            raise jinja2.TemplateNotFound(template)
        path = self.root.joinpath(*pieces)
        if not path.exists() and not path.is_symlink():
            raise jinja2.TemplateNotFound(template)
        try:
            resolved = path.resolve()
        except (OSError, RuntimeError):  # a loop of links
            raise jinja2.exceptions.SecurityError(f"{template}: a link that cannot be resolved") from None
        if not resolved.is_relative_to(self.root):
            raise jinja2.exceptions.SecurityError(f"{template}: links outside the template folder")
        if not resolved.is_file():
            raise jinja2.exceptions.SecurityError(f"{template}: not a regular file")
        with resolved.open("rb") as file:
            data = file.read(MAX_TEMPLATE_BYTES + 1)
        if len(data) > MAX_TEMPLATE_BYTES:
            raise jinja2.exceptions.SecurityError(f"{template}: over {MAX_TEMPLATE_BYTES:,} bytes")
        modified = resolved.stat().st_mtime
        return data.decode("utf-8"), str(path), lambda: resolved.stat().st_mtime == modified


class _BoundedNamespace(jinja2.utils.Namespace):
    """`namespace()`, whose attributes are bounded when set: `{% set ns.text = ns.text ~ ns.text %}`
    in a loop is how a template doubles text with `~`, which has no sandbox hook of its own."""

    def __setitem__(self, name: str, value: Any) -> None:
        super().__setitem__(name, _check_value(value, "`~`"))


def _checked_gettext(function: Callable[..., Any], finalize: Callable[..., Any] | None) -> Callable[..., Any]:
    """A newstyle gettext whose message, a `%` format, is bounded like the `format` filter, and
    whose values go through `finalize` as every `{{ value }}` does (the sentence formats them)."""

    @jinja2.pass_context
    def checked(context: jinja2.runtime.Context, *args: Any, **variables: Any) -> Any:
        for argument in args:
            if isinstance(argument, str):
                _check_percent_format(argument)
        if finalize is not None:
            variables = {key: finalize(value) for key, value in variables.items()}
        return function(context, *args, **variables)

    return checked


class BoundedSandbox(jinja2.sandbox.SandboxedEnvironment):
    """jinja2's sandbox, with every size-amplifying operation checked and the render bounded."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, filters: dict[str, Callable[..., Any]], **options: Any) -> None:
        super().__init__(extensions=["jinja2.ext.i18n"], **options)
        self.deadline = float("inf")
        self.filters.update(filters)
        self.filters = {name: self._bounded(name, function) for name, function in self.filters.items()}
        lipsum = cast("Callable[..., Any]", self.globals["lipsum"])
        self.globals["lipsum"] = self._bounded("lipsum", lipsum, data_arguments=0)
        self.globals["namespace"] = _BoundedNamespace
        self._speak()

    def _speak(self) -> None:
        """`{% trans %}`, `_()`, `gettext()` and `ngettext()` in the language in use (`messages`)."""
        # Added by the i18n extension, so unknown to the type checker.
        self.install_gettext_translations(translations(), newstyle=True)  # type: ignore[attr-defined]
        finalize = self.finalize
        for name in ("gettext", "ngettext", "_"):
            self.globals[name] = _checked_gettext(cast("Callable[..., Any]", self.globals[name]), finalize)

    def compile(
        self,
        source: str | jinja2.nodes.Template,
        name: str | None = None,
        filename: str | None = None,
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        """Refuse a template nested deeper than `MAX_NESTING` before jinja2 generates its code:
        jinja2 takes seconds on a chain of a few hundred filters, and Python then refuses the
        code it made (too many nested blocks or parentheses)."""
        tree = self.parse(source, name, filename) if isinstance(source, str) else source
        depth = _nesting(tree)
        if depth > MAX_NESTING:
            raise jinja2.TemplateSyntaxError(
                f"nested {depth} deep (blocks, loops, filters or parentheses within one another); at most {MAX_NESTING}",
                1,
                name,
                filename,
            )
        return super().compile(tree, name, filename, *args, **kwargs)

    def check_time(self) -> None:
        """Called on every operation: the time bound where the timer cannot interrupt."""
        if time.monotonic() > self.deadline:
            raise _refuse(f"rendering took over {TIME_LIMIT:g} s")

    def _bounded(self, name: str, function: Callable[..., Any], data_arguments: int = 1) -> Callable[..., Any]:
        """A filter (or global) that refuses size arguments over the limit and results over the limit."""
        sizes_from = data_arguments + (1 if getattr(function, "jinja_pass_arg", None) is not None else 0)

        @functools.wraps(function)  # NOTE: keeps `jinja_pass_arg`, so jinja2 still passes the context
        def bounded(*args: Any, **kwargs: Any) -> Any:
            self.check_time()
            if name in _SIZED:
                _check_counts(name, args[sizes_from:], kwargs)
            elif name == "format" and args:
                _check_percent_format(str(args[0]))
            return _check_value(function(*args, **kwargs), f"the {name} filter")

        return bounded

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        self.check_time()
        _check_binop(operator, left, right)
        return _check_value(super().call_binop(context, operator, left, right), f"`{operator}`")

    def getattr(self, obj: Any, attribute: str) -> Any:
        _check_format_method(obj, attribute)
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        _check_format_method(obj, argument)
        return super().getitem(obj, argument)

    def call(__self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        """Calls from templates: macros, globals, methods; arguments and results are bounded."""
        __self.check_time()
        name = str(getattr(__obj, "__name__", None) or getattr(__obj, "name", None) or "a call")
        for argument in (*args, *kwargs.values()):
            # NOTE: strings only (their length is free): what `~` builds reaches a macro as one.
            if isinstance(argument, str):
                _check_value(argument, f"an argument of {name}()")
        receiver = getattr(__obj, "__self__", None)
        if isinstance(receiver, str):
            args = _checked_str_method(receiver, name, args)
        result = super().call(__context, __obj, *args, **kwargs)
        # NOTE: the receiver too: `list.extend(itself)` in a loop doubles a list and returns None.
        if isinstance(receiver, list | dict | set):
            _check_value(receiver, f"{name}()")
        return _check_value(result, f"{name}()")

    def render_bounded(self, template: jinja2.Template, context: dict[str, Any]) -> str:
        """Render with the output, the time and the memory bounded."""
        self.deadline = time.monotonic() + TIME_LIMIT
        data = _size(context, MAX_DATA_COUNTED)
        output_limit = max(MAX_OUTPUT, OUTPUT_PER_DATA * data)
        token = _value_limit.set(max(MAX_VALUE, VALUE_PER_DATA * data))
        chunks: list[str] = []
        total = 0
        capped = False
        try:
            with (
                interrupt_after(TIME_LIMIT, lambda: _refuse(f"rendering took over {TIME_LIMIT:g} s")),
                memory_capped(MEMORY_LIMIT) as capped,
            ):
                for chunk in template.generate(context):
                    total += len(chunk)
                    if total > output_limit:
                        raise _refuse(f"the report would be over {output_limit:,} characters")
                    chunks.append(chunk)
        except MemoryError:
            if not capped:
                raise
            raise _refuse(f"rendering needed over {MEMORY_LIMIT >> 20:,} MiB of memory") from None
        finally:
            _value_limit.reset(token)
        return "".join(chunks)
