"""The sandbox report templates run in: no file outside the template folder, bounded work.

jinja2's sandbox stops attribute escapes, but not a template that asks for `'x' * 10**12`,
`3 ** 10**9`, `lipsum(10**8)` or nested loops: one short expression can take all memory
or run for ever. Every operation whose cost grows with a number rather than with the data
is checked before it runs (operators, calls, filters, `~`), every value a template builds
is bounded, and the whole render is bounded in output and time. A refusal is a
`RenderLimit`, reported with the template's file and line.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import signal
import string
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import jinja2
import jinja2.compiler
import jinja2.filters
import jinja2.loaders
import jinja2.nodes
import jinja2.runtime
import jinja2.sandbox
import jinja2.utils

MAX_OUTPUT = 5_000_000
"""Characters in a whole report."""
MAX_VALUE = 1_000_000
"""Characters (or items) in any one value a template builds."""
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


class RenderLimit(Exception):
    """A template asked for more work, memory or output than a report needs.

    NOTE: an Exception, not a BaseException: jinja2 maps only those back to template lines,
    and folds a constant expression that raises one at run time (where the line is known).
    """


def _refuse(message: str) -> RenderLimit:
    return RenderLimit(f"refused: {message}")


def _size(value: Any) -> int:
    """The characters and items a value stands for, nested values included, counted up to the limit.

    NOTE: nested, so that `[[s] * 1000] * 1000` counts as a million copies of `s`: that is
    what `| string` or `| tojson` would build from it.
    """
    total = 0
    pending = [value]
    while pending and total <= MAX_VALUE:
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
    if _size(value) > MAX_VALUE:
        raise _refuse(f"{what} would build a value of over {MAX_VALUE:,} characters or items")
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


def _check_format_specs(template: str) -> None:
    """`str.format` fields: no width over the limit, no width computed from an argument."""
    with contextlib.suppress(ValueError):  # a malformed format fails by itself when called
        for _, _, spec, _ in string.Formatter().parse(template):
            if spec and "{" in spec:
                raise _refuse("a width computed from an argument in a `format` field")
            for number in _NUMBER.findall(spec or ""):
                if len(number) > 5 or int(number) > MAX_COUNT:
                    raise _refuse(f"a width or precision of {number} in a `format` field")


def _predicted_int_bits(operator: str, left: int, right: int) -> int:
    if operator == "**":
        return right * left.bit_length() if right > 0 and abs(left) > 1 else 0
    if operator == "*":
        return left.bit_length() + right.bit_length()
    return 0


def _check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse an operator whose result would be huge, before computing it."""
    if isinstance(left, int) and isinstance(right, int):
        if _predicted_int_bits(operator, left, right) > MAX_INT_BITS:
            raise _refuse(f"`{operator}` would make an integer of over {MAX_INT_BITS:,} bits")
    elif operator == "*":
        times, sequence = (left, right) if isinstance(left, int) else (right, left)
        if isinstance(times, int) and times > 0 and _size(sequence) * times > MAX_VALUE:
            raise _refuse(f"`*` would build a value of over {MAX_VALUE:,} characters or items")
    elif operator == "+":
        if _size(left) + _size(right) > MAX_VALUE:
            raise _refuse(f"`+` would build a value of over {MAX_VALUE:,} characters or items")
    elif operator == "%" and isinstance(left, str):
        _check_percent_format(left)


def _check_str_method(text: str, name: str, args: tuple[Any, ...]) -> None:
    """String methods whose result can be far larger than the string and its arguments."""
    first = args[0] if args else None
    if name in _WIDTH_METHODS and isinstance(first, int) and first > MAX_VALUE:
        raise _refuse(f"{name}({first}): a width over {MAX_VALUE:,}")
    if name == "expandtabs" and isinstance(first, int) and first * text.count("\t") > MAX_VALUE:
        raise _refuse(f"expandtabs({first}) would build a value of over {MAX_VALUE:,} characters")
    if name == "replace" and len(args) >= 2 and isinstance(args[0], str) and isinstance(args[1], str):
        _check_replace(text, args[0], args[1])


def _check_replace(text: str, old: str, new: str) -> None:
    hits = text.count(old) if old else len(text) + 1
    if len(text) + hits * (len(new) - len(old)) > MAX_VALUE:
        raise _refuse(f"replace would build a value of over {MAX_VALUE:,} characters")


def _check_join(separator: str, items: list[Any]) -> None:
    if len(separator) * len(items) + _size(items) > MAX_VALUE:
        raise _refuse(f"join would build a value of over {MAX_VALUE:,} characters")


class SafeFileLoader(jinja2.FileSystemLoader):
    """Templates from one folder: regular files inside it once links are resolved, size-limited.

    A link inside the folder to `/proc/self/environ` or `~/.ssh/id_rsa` is refused, so that a
    shared template folder cannot carry a CI job's secrets into an uploaded report.
    """

    def __init__(self, folder: Path) -> None:
        super().__init__(str(folder))
        self.root = folder.resolve()

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        pieces = jinja2.loaders.split_template_path(template)
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


class _BoundedCodeGenerator(jinja2.compiler.CodeGenerator):
    """`a ~ b` through the environment, so that doubling a string in a loop is bounded."""

    def visit_Concat(self, node: jinja2.nodes.Concat, frame: jinja2.compiler.Frame) -> None:
        self.write("environment.bounded_concat((")
        for argument in node.nodes:
            self.visit(argument, frame)
            self.write(", ")
        self.write("))")


class BoundedSandbox(jinja2.sandbox.SandboxedEnvironment):
    """jinja2's sandbox, with every size-amplifying operation checked and the render bounded."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})
    code_generator_class = _BoundedCodeGenerator

    def __init__(self, filters: dict[str, Callable[..., Any]], **options: Any) -> None:
        super().__init__(**options)
        self.deadline = float("inf")
        self.filters.update(filters)
        self.filters = {name: self._bounded(name, function) for name, function in self.filters.items()}
        self.filters["format"] = self._bounded("format", _bounded_format)
        self.globals["lipsum"] = self._bounded("lipsum", jinja2.utils.generate_lorem_ipsum, data_arguments=0)

    def tick(self) -> None:
        """Called on every operation: the time bound where the timer cannot interrupt."""
        if time.monotonic() > self.deadline:
            raise _refuse(f"rendering took over {TIME_LIMIT:g} s")

    def _bounded(self, name: str, function: Callable[..., Any], data_arguments: int = 1) -> Callable[..., Any]:
        """A filter that refuses size arguments over the limit and results over the limit."""
        passed = 1 if getattr(function, "jinja_pass_arg", None) is not None else 0
        sized = name in _SIZED

        @functools.wraps(function)
        def bounded(*args: Any, **kwargs: Any) -> Any:
            self.tick()
            if sized:
                _check_counts(name, args[passed + data_arguments :], kwargs)
            return _check_value(function(*args, **kwargs), f"the {name} filter")

        return bounded

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        self.tick()
        _check_binop(operator, left, right)
        return _check_value(super().call_binop(context, operator, left, right), f"`{operator}`")

    def call(__self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        """Calls from templates: macros, globals, methods; arguments and results are bounded."""
        __self.tick()
        receiver = getattr(__obj, "__self__", None)
        name = str(getattr(__obj, "__name__", None) or getattr(__obj, "name", None) or "")
        if isinstance(receiver, str):
            if name == "join" and args:
                items = list(args[0])
                _check_join(receiver, items)
                args = (items, *args[1:])
            _check_str_method(receiver, name, args)
        result = super().call(__context, __obj, *args, **kwargs)
        # NOTE: the receiver too: `list.extend(itself)` in a loop doubles a list and returns None.
        if isinstance(receiver, list | dict | set):
            _check_value(receiver, f"{name}()")
        return _check_value(result, f"{name or 'a call'}()")

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is not None:
            _check_format_specs(value.__self__)
        return wrapped

    def bounded_concat(self, parts: Iterable[Any]) -> str:
        """`~`, joined only once its size is known."""
        self.tick()
        texts = [str(part) for part in parts]
        if sum(map(len, texts)) > MAX_VALUE:
            raise _refuse(f"`~` would build a value of over {MAX_VALUE:,} characters")
        return "".join(texts)

    def render_bounded(self, template: jinja2.Template, context: dict[str, Any]) -> str:
        """Render with the output and the time bounded."""
        self.deadline = time.monotonic() + TIME_LIMIT
        chunks: list[str] = []
        total = 0
        capped = False
        try:
            with _interrupt_after(TIME_LIMIT), _memory_capped(MEMORY_LIMIT) as capped:
                for chunk in template.generate(context):
                    total += len(chunk)
                    if total > MAX_OUTPUT:
                        raise _refuse(f"the report would be over {MAX_OUTPUT:,} characters")
                    chunks.append(chunk)
        except MemoryError:
            if not capped:
                raise
            raise _refuse(f"rendering needed over {MEMORY_LIMIT >> 20:,} MiB of memory") from None
        return "".join(chunks)


def _bounded_format(value: str, *args: Any, **kwargs: Any) -> str:
    """The `format` filter, with its `%` widths checked first."""
    _check_percent_format(str(value))
    function: Callable[..., str] = jinja2.filters.do_format
    return function(value, *args, **kwargs)


@contextlib.contextmanager
def _interrupt_after(seconds: float) -> Iterator[None]:
    """Interrupt the render after `seconds`, even inside a loop that calls nothing.

    Only the main thread can take signals; elsewhere `tick()` is the bound. A timer already
    armed by someone else is left alone.
    """
    usable = (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
        and os.name == "posix"
    )
    if not usable:
        yield
        return

    def expired(signum: int, frame: object) -> None:
        raise _refuse(f"rendering took over {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expired)
    # NOTE: repeating, in case one interrupt lands in a `try` that swallows it.
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.25)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def _memory_capped(extra: int) -> Iterator[bool]:
    """Cap the process's address space at its size now plus `extra`; yields whether it did.

    Only on Linux, where RLIMIT_AS is enforced, and only while this is the process's one
    thread: the cap is process-wide. A stricter limit already set is kept; the limit set
    before comes back afterwards. Past the cap, allocations raise MemoryError.
    """
    limits = _address_space_cap(extra)
    if limits is None:
        yield False
        return
    import resource

    previous, cap = limits
    try:
        resource.setrlimit(resource.RLIMIT_AS, (cap, previous[1]))
    except (OSError, ValueError):
        yield False
        return
    try:
        yield True
    finally:
        resource.setrlimit(resource.RLIMIT_AS, previous)


def _address_space_cap(extra: int) -> tuple[tuple[int, int], int] | None:
    """The limits now and the cap to set, or None where no cap should be set."""
    if not sys.platform.startswith("linux") or threading.active_count() != 1:
        return None
    import resource

    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            size = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    except (OSError, ValueError, IndexError):
        return None
    cap = size + extra
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    if (soft != resource.RLIM_INFINITY and soft <= cap) or cap <= size:
        return None
    return (soft, hard), cap
