"""PyYAML's safe parser, and the data made from its nodes: `yaml_document`'s general path.

`_Builder`, not PyYAML's constructor, makes the data, so that what is accepted is decided
here and every refusal names file, line and key. Accepted: null, booleans, numbers (at
most `MAX_NUMBER_CHARS` characters), text, lists, mappings; timestamps
(`2026-11-12 10:00:00`) stay the text as written, for whoever needs a date to parse.
Refused: tags other than `!!str`, merge keys, anchors and aliases, duplicate keys (as
read: `1` and `01`, `on` and `true`), keys that are lists or mappings, more than
`MAX_DEPTH` levels.
"""

from __future__ import annotations

import re
import typing
from typing import Any

import yaml

from mlops_maturity.errors import InputFileError, Problem
from mlops_maturity.messages import _

# NOTE: the C parser is many times faster and start-up matters in CI; fall back when absent.
_SAFE_BASE: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RESOLVED_FIRST = frozenset(_SAFE_BASE.yaml_implicit_resolvers)
"""First characters for which YAML may give plain text another type (`n` for null, `1`...)."""


class _SafeLoader(_SAFE_BASE):  # type: ignore[valid-type,misc]
    """The safe loader, resolving text that cannot be anything else without its regexes.

    NOTE: the parser asks for every scalar's tag (300,000 in a 1 MiB file); text that is
    quoted, or whose first character starts no implicit type, is text, as the resolver
    itself would conclude after trying each candidate pattern.
    """

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if (
            kind is yaml.ScalarNode
            and not self.yaml_path_resolvers
            and (not implicit[0] or (value and value[0] not in _RESOLVED_FIRST and None not in _RESOLVED_FIRST))
        ):
            return self.DEFAULT_SCALAR_TAG
        return super().resolve(kind, value, implicit)


SAFE_LOADER: type[yaml.SafeLoader] = _SafeLoader

MAX_DEPTH = 20
"""Deepest nesting accepted; the formats need fewer than ten levels, CI workflow files a dozen."""

MAX_NUMBER_CHARS = 100
"""Longest number accepted, as written. Python refuses to convert integers of over 4,300
digits, and sexagesimal ones (`1:2:3`) cost quadratic time to build; no file needs them."""

_TAG = "tag:yaml.org,2002:"
_STR, _MAP, _SEQ, _MERGE = _TAG + "str", _TAG + "map", _TAG + "seq", _TAG + "merge"
_TEXT_TAGS = frozenset({_STR, _TAG + "timestamp", _TAG + "value", _MERGE})
"""Scalars kept as the text written: timestamps, YAML 1.1's `=` and `<<` as values."""

Location = tuple[int | str, ...]


def read_with_pyyaml(text: str, shown_path: str) -> tuple[Any, yaml.Node | None]:
    """The data and root node of YAML text (None for an empty document).

    Raises:
        InputFileError: syntax errors, several documents, and everything the module
            docstring lists as refused, each with its line.
    """
    text = _join_json_surrogates(text)
    if text.count("[") + text.count("{") > FLOW_CHECK_THRESHOLD:
        _refuse_deep_nesting(text, shown_path)
    loader = SAFE_LOADER(text)
    builder = _Builder(loader, shown_path)
    try:
        try:
            node: yaml.Node | None = loader.get_single_node()
            data = builder.build(node, ()) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        raise InputFileError.at(_describe_yaml_error(error, shown_path, text)) from None
    except yaml.reader.ReaderError as error:
        raise InputFileError.at(_describe_reader_error(error, shown_path, text)) from None
    except yaml.YAMLError as error:
        raise InputFileError.at(Problem(shown_path, message=_("not valid YAML: {error}").format(error=error))) from None
    except RecursionError:
        raise InputFileError.at(Problem(shown_path, message=_too_deep())) from None
    return data, node


MAX_COLLECTIONS = 100_000
"""Most lists and mappings in one file: a questionnaire of 10,000 questions has a third of
that, an answers file a few hundred; 400,000 `[[...]]` took libyaml 9 s to compose."""

FLOW_CHECK_THRESHOLD = 20_000
"""Brackets beyond which the depth is checked on the parser's events before the file is
composed: libyaml's composer takes seconds on a megabyte of deeply nested `[[[...]]]`, its
events a fraction of that, and the first node too deep stops them."""


def _refuse_deep_nesting(text: str, shown_path: str) -> None:
    """Refuse a node nested deeper than `MAX_DEPTH`, or more than `MAX_COLLECTIONS` lists and
    mappings, from the parser's events alone.

    Syntax errors are left for the composer to report, as it always does.
    """
    loader = SAFE_LOADER(text)
    depth = collections = 0
    try:
        while (event := loader.get_event()) is not None:  # type: ignore[no-untyped-call]
            if isinstance(event, yaml.NodeEvent) and depth >= MAX_DEPTH:
                mark = event.start_mark
                raise InputFileError.at(
                    Problem(
                        shown_path,
                        None if mark is None else mark.line + 1,
                        column=None if mark is None else mark.column + 1,
                        message=_too_deep(),
                    )
                )
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                collections += 1
                if collections > MAX_COLLECTIONS:
                    mark = event.start_mark
                    raise InputFileError.at(
                        Problem(
                            shown_path,
                            None if mark is None else mark.line + 1,
                            message=_(
                                "more than {count} lists and mappings; no answers file or questionnaire needs that many"
                            ).format(count=f"{MAX_COLLECTIONS:,}"),
                        )
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return
    finally:
        loader.dispose()


# A JSON surrogate pair (`"\ud83d\ude80"`, Python's json.dumps default), which YAML's
# double-quoted strings refuse; an even run of backslashes before it is not an escape.
_SURROGATE_PAIR = re.compile(r"(?<!\\)((?:\\\\)*)\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})", re.IGNORECASE)


def _join_json_surrogates(text: str) -> str:
    """JSON text with each surrogate pair written as the one `\\UXXXXXXXX` escape YAML reads.

    Only for text that is JSON (every string double-quoted, where the two escapes mean the
    same character): in YAML's plain or single-quoted text, `\\ud83d` is literal.
    """
    if "\\u" not in text or not _SURROGATE_PAIR.search(text) or not text.lstrip().startswith(("{", "[")):
        return text
    import json

    try:
        json.loads(text)
    except ValueError:
        return text

    def joined(match: re.Match[str]) -> str:
        high, low = int(match.group(2), 16), int(match.group(3), 16)
        return f"{match.group(1)}\\U{0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00):08x}"

    return _SURROGATE_PAIR.sub(joined, text)


# PyYAML's words for the parts of a YAML file (scalar, token, stream, flow mapping), in the
# words of someone who writes one. Messages not listed are shown as PyYAML words them.
_PLAIN_WORDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), words)
    for pattern, words in (
        (r" \(while scanning for the next token\)", ""),
        (r"while (?:scanning|parsing) a quoted scalar", "in quoted text"),
        (r"while scanning a plain scalar", "in a value"),
        (r"while scanning a block scalar", "in a | or > block of text"),
        (r"while scanning a simple key", "in a key"),
        (r"while parsing a flow sequence", "in a [...] list"),
        (r"while parsing a flow mapping", "in a {...} mapping"),
        (r"while parsing a block mapping", "in a mapping"),
        (r"while parsing a block collection", "in a list"),
        (r" \(while parsing a (?:block |flow )?node\)", ""),
        (r"while increasing flow level", "in nested [...] or {...}"),
        (r"while (?:scanning|parsing) (an?) ", r"in \1 "),
        (
            r"^but found another document \(expected a single document in the stream\)",
            "found a second document (a second `---`); expected a single document in the file",
        ),
        (r"cannot start any token", "cannot start a value"),
        (r"did not find expected node content", "did not find a value"),
        (r"end of stream", "end of the file"),
        (r"in the stream", "in the file"),
        (r"hexdecimal", "hexadecimal"),
    )
)


def _in_plain_words(message: str) -> str:
    from mlops_maturity.yaml_document import yaml_words_translated

    for pattern, words in _PLAIN_WORDS:
        message = pattern.sub(words, message)
    return yaml_words_translated(message)


def _describe_yaml_error(error: yaml.MarkedYAMLError, shown_path: str, text: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    problem = error.problem or _("not valid YAML")
    context = f" ({error.context})" if error.context and error.problem else ""
    lines = text.splitlines()  # once, for the one error
    line_text = lines[mark.line] if mark and mark.line < len(lines) else ""
    hint = None
    tabbed = "tab" in problem.lower()  # PyYAML's English, before it is put in the person's words
    if "cannot start any token" in problem and mark and mark.column < len(line_text):
        # NOTE: the C parser does not say which character: `@` and the backquote are
        # reserved, a tab cannot indent.
        found = line_text[mark.column]
        tabbed = tabbed or found == "\t"
        shown = _("a tab") if found == "\t" else repr(found)
        problem = _("found {found}, which cannot start a value").format(found=shown)
        hint = None if found == "\t" else _("put the value in quotes")
    if "\t" in line_text[: mark.column + 1 if mark else 0] or tabbed:
        hint = _("indent with spaces, not tabs")
    return Problem(
        shown_path,
        mark.line + 1 if mark else None,
        mark.column + 1 if mark else None,
        message=_in_plain_words(f"{problem}{context}"),
        hint=hint,
    )


# Where PyYAML's marks start a new line (its `Reader` counts these).
_YAML_LINE_BREAK = re.compile(r"\r\n|[\n\r\x85\u2028\u2029]")


def _describe_reader_error(error: yaml.reader.ReaderError, shown_path: str, text: str) -> Problem:
    """A character YAML does not allow (a control character, U+FFFE), at its line and column.

    PyYAML gives only an offset into "<unicode string>".
    """
    position = min(max(error.position, 0), len(text))
    breaks = list(_YAML_LINE_BREAK.finditer(text, 0, position))
    line_start = breaks[-1].end() if breaks else 0
    code = error.character if isinstance(error.character, int) else ord(str(error.character)[:1] or "\0")
    escape = f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"
    message = _("the character {code} is not allowed in the file")
    if code < 0x20 or 0x7F <= code <= 0x9F:
        message = _("the control character {code} is not allowed in the file")
    return Problem(
        shown_path,
        len(breaks) + 1,
        position - line_start + 1,
        message=message.format(code=f"U+{code:04X}"),
        hint=_("delete it, or where it is meant write {escape} inside double quotes").format(escape=escape),
    )


class _Builder:
    """Plain data from a node tree, refusing what the module docstring lists, with lines.

    NOTE: this runs once per node of files up to 1 MiB (300,000 nodes), so plain text, by
    far the most common node, takes the shortest path.
    """

    def __init__(self, loader: yaml.SafeLoader, shown_path: str) -> None:
        self.loader = loader
        self.path = shown_path
        self.seen: set[int] = set()
        self.implicit: dict[str, str] = {}
        """Plain text -> the tag YAML gives it, for texts met more than once."""

    def refuse(self, node: yaml.Node, loc: Location, message: str, hint: str | None = None) -> InputFileError:
        key = ".".join(str(part) for part in loc) if loc else None
        return InputFileError.at(Problem(self.path, node.start_mark.line + 1, key=key, message=message, hint=hint))

    def refuse_tag(self, node: yaml.Node, loc: Location, tag: str) -> InputFileError:
        message = _("the tag '{tag}' is not accepted").format(tag=_shown_tag(tag))
        hint = _("only plain YAML is accepted (no !!python or other tags); quote text that looks like something else")
        return self.refuse(node, loc, message, hint)

    def build(self, node: yaml.Node, loc: Location) -> Any:
        """The data of `node`, found at key path `loc`."""
        # NOTE: aliases are refused outright, not just counted: an alias bomb ("billion
        # laughs") is cheap to parse but explodes in anything that walks the data afterwards.
        seen = self.seen
        if id(node) in seen:
            raise self.refuse(
                node, loc, _("YAML anchors and aliases (&, *) are not supported"), _("write the value out")
            )
        seen.add(id(node))
        if len(loc) >= MAX_DEPTH:
            raise self.refuse(node, (), _too_deep())
        kind = type(node)
        if kind is yaml.ScalarNode:
            return node.value if node.tag == _STR else self.scalar(typing.cast(yaml.ScalarNode, node), loc)
        if kind is yaml.SequenceNode:
            self.check_tag(node, loc, _SEQ)
            return [self.build(child, (*loc, index)) for index, child in enumerate(node.value)]
        self.check_tag(node, loc, _MAP)
        return self.mapping(typing.cast(yaml.MappingNode, node), loc)

    def check_tag(self, node: yaml.Node, loc: Location, expected: str) -> None:
        if node.tag != expected:
            raise self.refuse_tag(node, loc, node.tag)

    def scalar(self, node: yaml.ScalarNode, loc: Location) -> Any:
        """A scalar that is not plain text: a null, boolean, number or timestamp, or refused."""
        tag, text = node.tag, node.value
        # A tag the resolver would not give the text as written was written explicitly.
        # NOTE: the C parser gives plain scalars the style '', the Python one None.
        implicit = self.implicit.get(text) if not node.style else _STR
        if implicit is None:
            implicit = self.loader.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
            self.implicit[text] = implicit
        if tag != implicit:
            raise self.refuse_tag(node, loc, tag)
        if tag in _TEXT_TAGS:
            return text
        if tag == _TAG + "null":
            return None
        if tag == _TAG + "bool":
            return self.loader.construct_yaml_bool(node)
        if tag in (_TAG + "int", _TAG + "float"):
            return self.number(node, loc)
        raise self.refuse_tag(node, loc, tag)

    def number(self, node: yaml.ScalarNode, loc: Location) -> int | float:
        if len(node.value) > MAX_NUMBER_CHARS:
            raise self.refuse(
                node,
                loc,
                _("a number of {count} characters (at most {most})").format(
                    count=len(node.value), most=MAX_NUMBER_CHARS
                ),
                _("quote it if it is text"),
            )
        text = node.value
        if text.isascii() and text.isdigit() and (text[0] != "0" or text == "0"):
            return int(text)  # the common case, without YAML 1.1's bases, `_` and `1:30`
        try:
            if node.tag == _TAG + "int":
                whole: int = self.loader.construct_yaml_int(node)
                return whole
            fraction: float = self.loader.construct_yaml_float(node)
            return fraction
        except ValueError as error:  # defensive: the resolver's patterns should prevent it
            raise self.refuse(
                node, loc, _("not a number: {error}").format(error=error), _("quote it if it is text")
            ) from None

    def mapping(self, node: yaml.MappingNode, loc: Location) -> dict[Any, Any]:
        data: dict[Any, Any] = {}
        seen = self.seen
        inline = len(loc) + 1 < MAX_DEPTH  # whether text values may skip `build`'s checks
        for key_node, value_node in node.value:
            if type(key_node) is not yaml.ScalarNode:
                raise self.refuse(key_node, loc, _("a key must be a single value, not a list or mapping"))
            if key_node.tag == _MERGE and not key_node.style:
                raise self.refuse(key_node, loc, _("merge keys (<<) are not supported"), _("write the keys out"))
            entry_loc = (*loc, key_node.value)
            key = self.build(key_node, entry_loc)
            if key in data:
                raise self.duplicate(node, key_node, key)
            if inline and type(value_node) is yaml.ScalarNode and value_node.tag == _STR and id(value_node) not in seen:
                seen.add(id(value_node))  # the shortest path for the most common entry, `key: text`
                data[key] = value_node.value
            else:
                data[key] = self.build(value_node, entry_loc)
        return data

    def duplicate(self, node: yaml.MappingNode, key_node: yaml.Node, key: Any) -> InputFileError:
        """The error for a key that collides with an earlier one (`01` and `1`, `on` and `true`)."""
        self.seen.clear()  # the earlier keys are built again, to find the one it collides with
        first = next(name for name, _value in node.value if self.build(name, ()) == key)
        message = _("duplicate key '{key}' (first at line {line})").format(
            key=key_node.value, line=first.start_mark.line + 1
        )
        return self.refuse(key_node, (), message, _("each key may appear once"))


def _too_deep() -> str:
    return _("nested too deeply (at most {most} levels)").format(most=MAX_DEPTH)


def _shown_tag(tag: str) -> str:
    return "!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag
