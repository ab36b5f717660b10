"""Records: plain data classes whose methods are shared, not generated per class.

The result types (`engine/`), the problems in `errors.py` and what the loaders return are
records: keyword-only construction, fields in declaration order (`record_fields`), read-only
by convention, or enforced with `frozen=True`, which also compares and hashes by value.

NOTE: not `dataclasses`: a dataclass writes and compiles `__init__`, `__repr__` and, when
frozen, `__eq__`, `__hash__`, `__setattr__` and `__delattr__` for each class, about 0.6 to
1.5 ms a class at every start; the thirty-odd types `score` needs cost more start-up than
scoring does. A record's methods are the same few functions for every class, so making
one costs about as much as a plain class. `mypy` checks every construction
(`dataclass_transform`); the shared `__init__` checks them again at run time.

Types that only other commands make (the scan, the interactive flow, the HTML charts) stay
dataclasses: they cost `score` nothing.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import FrozenInstanceError
from typing import Any, TypeVar, dataclass_transform, overload

RecordT = TypeVar("RecordT")
T = TypeVar("T")


class _Factory:
    __slots__ = ("make",)

    def __init__(self, make: Callable[[], Any]) -> None:
        self.make = make


def field(*, default_factory: Callable[[], T]) -> T:
    """A field whose default is made anew for each record, e.g. `field(default_factory=list)`."""
    return _Factory(default_factory)  # type: ignore[return-value]  # replaced by the default when built


class RecordSpec:
    """What `record` worked out about a class: its fields, which are required, the factories."""

    __slots__ = ("defaults", "every", "factories", "names", "required")

    def __init__(
        self, names: tuple[str, ...], defaults: dict[str, Any], factories: dict[str, Callable[[], Any]]
    ) -> None:
        self.names = names
        self.defaults = defaults
        self.factories = factories
        self.required = frozenset(name for name in names if name not in defaults and name not in factories)
        self.every = frozenset(names)


def _init(self: Any, *given: Any, **values: Any) -> None:
    if given:
        raise TypeError(f"{type(self).__name__}() takes keyword arguments only, {len(given)} positional given")
    _set(self, self.__record__, values)


def _init_positional(self: Any, *given: Any, **values: Any) -> None:
    spec: RecordSpec = self.__record__
    if len(given) > len(spec.names):
        raise TypeError(f"{type(self).__name__}() takes {len(spec.names)} arguments, {len(given)} given")
    for name, value in zip(spec.names, given, strict=False):
        if name in values:
            raise TypeError(f"{type(self).__name__}() got multiple values for argument {name!r}")
        values[name] = value
    _set(self, spec, values)


def _set(self: Any, spec: RecordSpec, values: dict[str, Any]) -> None:
    """The fields checked (no unknown, none required missing), factories run, values stored."""
    keys = values.keys()
    if keys != spec.every and keys != spec.required:  # the common cases: every field given, or no default
        unknown = keys - spec.every
        if unknown:
            raise TypeError(f"{type(self).__name__}() got an unexpected keyword argument {sorted(unknown)[0]!r}")
        missing = spec.required - keys
        if missing:
            raise TypeError(f"{type(self).__name__}() missing keyword argument {sorted(missing)[0]!r}")
    # NOTE: a default stays a class attribute, as with dataclasses; only factories are set here.
    for name, make in spec.factories.items():
        if name not in values:
            values[name] = make()
    self.__dict__.update(values)


def _repr(self: Any) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__record__.names)
    return f"{type(self).__qualname__}({shown})"


def _values(self: Any) -> tuple[Any, ...]:
    return tuple(getattr(self, name) for name in self.__record__.names)


def _eq(self: Any, other: object) -> Any:  # NotImplemented lets Python try the other side
    if type(other) is not type(self):
        return NotImplemented
    return _values(self) == _values(other)


def _hash(self: Any) -> int:
    return hash(_values(self))


def _refuse_setattr(self: Any, name: str, value: Any) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _refuse_delattr(self: Any, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


@overload
def record(kind: type[RecordT], /) -> type[RecordT]: ...
@overload
def record(*, frozen: bool = False, kw_only: bool = True) -> Callable[[type[RecordT]], type[RecordT]]: ...


@dataclass_transform(kw_only_default=True, eq_default=False, field_specifiers=(field,))
def record(kind: type[RecordT] | None = None, /, *, frozen: bool = False, kw_only: bool = True) -> Any:
    """Make `kind` a record: `@record` for a result, `@record(frozen=True)` for a value compared
    by its fields; `kw_only=False` allows positional arguments too, in field order."""

    def make(kind: type[RecordT]) -> type[RecordT]:
        inherited: RecordSpec | None = getattr(kind, "__record__", None)
        names = list(inherited.names) if inherited else []
        defaults = dict(inherited.defaults) if inherited else {}
        factories = dict(inherited.factories) if inherited else {}
        for name in inspect.get_annotations(kind):
            if name not in names:
                names.append(name)
            # A field declared again replaces what a base said of it: its default, or none.
            defaults.pop(name, None)
            factories.pop(name, None)
            value = kind.__dict__.get(name, _NO_DEFAULT)
            if isinstance(value, _Factory):
                factories[name] = value.make
                delattr(kind, name)
            elif value is not _NO_DEFAULT:
                defaults[name] = value
        methods: dict[str, Any] = {
            "__record__": RecordSpec(tuple(names), defaults, factories),
            "__init__": _init if kw_only else _init_positional,
            "__repr__": _repr,
        }
        if frozen:
            methods.update(__eq__=_eq, __hash__=_hash, __setattr__=_refuse_setattr, __delattr__=_refuse_delattr)
        for name, method in methods.items():
            setattr(kind, name, method)
        return kind

    return make if kind is None else make(kind)


_NO_DEFAULT = object()


def is_record(value: Any) -> bool:
    """A record class, or an instance of one."""
    return hasattr(value, "__record__")


def record_fields(kind: Any) -> tuple[str, ...]:
    """A record's (or record class's) field names, in declaration order, inherited ones first."""
    spec: RecordSpec = kind.__record__
    return spec.names


def record_spec(kind: Any) -> RecordSpec:
    """A record class's fields, defaults and factories."""
    spec: RecordSpec = kind.__record__
    return spec


def replace(value: RecordT, **changes: Any) -> RecordT:
    """A copy of a record with some fields changed."""
    current = {name: getattr(value, name) for name in record_fields(value)}
    return type(value)(**{**current, **changes})
