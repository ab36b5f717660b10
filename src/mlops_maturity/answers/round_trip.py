"""Rewriting an answers file a team keeps: its comments and layout stay, only what changed changes.

`migrate`, `scan --merge` and a resumed `assess` write back a YAML file that people edit by
hand: their comments (the editor's schema line, a note above a question, one at the end of
a line) must survive. ruamel.yaml's round-trip mode reads the file with its comments; this
module changes the values that differ from the answers to write, adds the new keys each in
the writer's order (a new answer after the question before it), and takes away what is no
longer there, keeping any comment written inside it.

NOTE: ruamel.yaml is imported here only, and this module only by the commands that rewrite a
file: the other commands' start-up never pays for it.

ruamel.yaml keeps a comment on the node before it: a block of full-line comments above a
question belongs to the deepest last value of the previous question. Before anything changes,
every such block is moved onto the key it stands above (its "pre" comments), or to the end of
the document, so that adding or removing an entry carries no comment along with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedBase, CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString
from ruamel.yaml.tokens import CommentToken
from ruamel.yaml.util import load_yaml_guess_indent

from mlops_maturity.answers.model import Answer, AnswersFile, Response
from mlops_maturity.answers.write import quoting_of

_FIELD_ORDER: dict[type[BaseModel], tuple[str, ...]] = {
    Answer: ("answer", "estimate", "note", "evidence", "source", "confidence", "carried_from", "responses"),
    Response: ("assessor", "answer", "estimate", "note", "evidence"),
}
"""The order `render_answers` writes these fields in, for placing a new one."""

_Comments = list[CommentToken]


@dataclass(frozen=True, slots=True)
class _Mapping:
    """What one mapping of the file is to hold: every entry, in the writer's order."""

    entries: dict[Any, Any]
    optional: frozenset[Any] = frozenset()
    """Fields at their default: not added, and kept only where the file already says the same."""


@dataclass(frozen=True, slots=True)
class _Answer:
    """An answer: `question_id: mostly` when `short` (only a value), else a mapping of its fields."""

    fields: _Mapping
    short: bool


@dataclass(slots=True)
class _Rewrite:
    """The document being changed, with where comments freed by a change go."""

    root: CommentedMap
    end: _Comments = field(init=False)

    def __post_init__(self) -> None:
        self.end = self.root.ca.end


def updated_text(existing: str, answers: AnswersFile, question_order: Sequence[str]) -> str:
    """`existing`, the YAML text of an answers file, holding `answers` instead, comments kept.

    `question_order` places a new answer: after the question before it in this order.

    Raises:
        ruamel.yaml.YAMLError: ruamel.yaml cannot read the text.
        ValueError: the text is not a mapping at the top (a JSON-like flow mapping included).
    """
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 1 << 30  # NOTE: a long note stays on its line, as the tool writes it
    root, indent, sequence_offset = load_yaml_guess_indent(existing, yaml=yaml)
    if not isinstance(root, CommentedMap) or root.fa.flow_style():
        raise ValueError("not a block mapping at the top")
    _set_indent(yaml, root, indent, sequence_offset)
    rewrite = _Rewrite(root)
    _lift_comments(root, rewrite.end)
    _update_mapping(root, _target(answers, question_order), rewrite.end)
    from io import StringIO

    written = StringIO()
    yaml.dump(root, written)
    return written.getvalue()


def _set_indent(yaml: YAML, root: CommentedMap, indent: int | None, sequence_offset: int | None) -> None:
    """The file's own indentation for what is written anew: mappings as its nested mappings are
    indented, lists as its block lists (the tool's own `  - ` under a key where it has none)."""
    nested = next((value for value in root.values() if isinstance(value, CommentedMap) and value), None)
    mapping = 2
    if nested is not None and not nested.fa.flow_style() and nested.lc.col:
        mapping = nested.lc.col
    if sequence_offset is None or indent is None:
        sequence_offset, indent = mapping, mapping + 2
    yaml.indent(mapping=mapping, sequence=max(indent, sequence_offset + 2), offset=sequence_offset)


# ── What the file is to hold ──────────────────────────────────────────────────


def _target(answers: AnswersFile, question_order: Sequence[str]) -> _Mapping:
    """The answers file as the mapping to write, its answers in the questionnaire's order."""
    rank = {question_id: position for position, question_id in enumerate(question_order)}
    ordered = dict(sorted(answers.answers.items(), key=lambda item: rank.get(item[0], len(rank))))
    return _model_target(answers.model_copy(update={"answers": ordered}))


def _model_target(model: BaseModel) -> _Mapping:
    fields = type(model).model_fields
    order = _FIELD_ORDER.get(type(model), ())
    names = [*(name for name in order if name in fields), *(name for name in fields if name not in order)]
    entries: dict[Any, Any] = {}
    optional = set()
    for name in names:
        value = getattr(model, name)
        info = fields[name]
        if not info.is_required() and value == info.get_default(call_default_factory=True):
            optional.add(name)
        entries[name] = _value_target(value)
    return _Mapping(entries, frozenset(optional))


def _value_target(value: Any) -> Any:
    if isinstance(value, Answer):
        fields = _model_target(value)
        return _Answer(fields, short=all(name == "answer" or name in fields.optional for name in fields.entries))
    if isinstance(value, BaseModel):
        return _model_target(value)
    if isinstance(value, dict):
        return _Mapping({key: _value_target(item) for key, item in value.items()})
    if isinstance(value, (list, tuple)):
        return [_value_target(item) for item in value]
    return value


def _same(old: Any, target: Any) -> bool:
    """Whether the file's value already reads as `target` (then it stays exactly as written)."""
    if isinstance(target, _Answer):
        if isinstance(old, dict):
            return _same(old, target.fields)
        return target.short and _same(old, target.fields.entries["answer"])
    if isinstance(target, _Mapping):
        if not isinstance(old, dict) or any(key not in target.entries for key in old):
            return False
        return all(
            _same(old[key], value) if key in old else key in target.optional for key, value in target.entries.items()
        )
    if isinstance(target, list):
        return isinstance(old, list) and len(old) == len(target) and all(map(_same, old, target))
    if isinstance(target, bool) or isinstance(old, bool):
        return isinstance(old, bool) and isinstance(target, bool) and old == target
    if isinstance(target, str) and isinstance(old, (int, float)):
        return str(old) == target  # `tier: 1` reads as the text "1"
    return isinstance(old, str) == isinstance(target, str) and bool(old == target)


def _new_value(target: Any, old: Any = None) -> Any:
    """A value to write anew; text quoted where the tool's writer quotes it (`'no'`), or as the
    value it replaces was quoted."""
    if isinstance(target, _Answer):
        return _new_value(target.fields.entries["answer"], old) if target.short else _new_value(target.fields)
    if isinstance(target, _Mapping):
        mapping = CommentedMap()
        for key, value in target.entries.items():
            if key not in target.optional:
                mapping[_text(key)] = _new_value(value)
        return mapping
    if isinstance(target, list):
        return CommentedSeq([_new_value(item) for item in target])
    if isinstance(target, str):
        return _text(target, old)
    return target


def _text(text: Any, old: Any = None) -> Any:
    if not isinstance(text, str):
        return text
    quoting = quoting_of(text)
    if isinstance(old, DoubleQuotedScalarString) or quoting == '"':
        return DoubleQuotedScalarString(text)
    if isinstance(old, SingleQuotedScalarString) or quoting == "'":
        return SingleQuotedScalarString(text)
    return text


# ── Changing the document ─────────────────────────────────────────────────────


def _update_mapping(node: CommentedMap, target: _Mapping, after: _Comments) -> None:
    """Make `node` hold `target`: entries that differ changed, others untouched, new ones
    inserted in order, gone ones removed. `after`: where comments after `node` are kept."""
    doomed = [
        key
        for key in node
        if key not in target.entries or (key in target.optional and not _same(node[key], target.entries[key]))
    ]
    for key in reversed(doomed):  # from the last: the key after each is one that stays
        keys = list(node)
        position = keys.index(key)
        freed = _comments_of_entry(node, key)
        del node[key]
        node.ca.items.pop(key, None)
        following = _pre_comments(node, keys[position + 1]) if position + 1 < len(keys) else after
        following[:0] = freed
    keys = list(node)
    for position, key in enumerate(keys):
        next_comments = _pre_comments(node, keys[position + 1]) if position + 1 < len(keys) else after
        _update_entry(node, key, target.entries[key], next_comments)
    rank = {key: position for position, key in enumerate(target.entries)}
    for key, value in target.entries.items():
        if key in node or key in target.optional:
            continue
        before = [index for index, existing in enumerate(node) if rank.get(existing, -1) < rank[key]]
        node.insert(before[-1] + 1 if before else 0, _text(key), _new_value(value))


def _update_entry(node: CommentedMap, key: Any, target: Any, after: _Comments) -> None:
    old = node[key]
    if _same(old, target):
        return
    fields = (
        target.fields if isinstance(target, _Answer) and (isinstance(old, CommentedMap) or not target.short) else target
    )
    if isinstance(fields, _Mapping) and isinstance(old, CommentedMap):
        _update_mapping(old, fields, after)
    elif isinstance(target, list) and isinstance(old, CommentedSeq):
        _update_sequence(old, target, after)
    else:
        _replace(node, key, _new_value(target, old), after)


def _update_sequence(node: CommentedSeq, target: list[Any], after: _Comments) -> None:
    for index, value in enumerate(target[: len(node)]):
        if _same(node[index], value):
            continue
        if isinstance(value, _Mapping) and isinstance(node[index], CommentedMap):
            _update_mapping(node[index], value, after)
        else:
            node[index] = _new_value(value, node[index])
    node.extend(_new_value(value) for value in target[len(node) :])
    while len(node) > len(target):
        index = len(node) - 1
        freed = _as_full_lines(node.ca.items.pop(index, [None])[0], 0) + _comments_within(node[index], set())
        del node[index]
        after[:0] = freed


def _replace(node: CommentedMap, key: Any, value: Any, after: _Comments) -> None:
    """A value of another kind (text for a mapping, a mapping for text): comments inside the
    old value go after it; one at the end of the key's line stays there."""
    comments = node.ca.items.get(key)
    after[:0] = _comments_within(node[key], {id(comments[2])} if comments else set())
    node[key] = value
    if comments is None or comments[2] is None:
        return
    line_end = comments[2].value.partition("\n")[0]
    if isinstance(value, (CommentedMap, CommentedSeq)):
        # NOTE: at its own column the comment would stand far after `key:`, where the text was.
        column = _key_column(node, key) + len(str(key)) + 3
        comments[2] = CommentToken(line_end + "\n", CommentMark(column)) if line_end else None
        if comments[2] is not None:
            value.ca.comment = [comments[2], None]


def _key_column(node: CommentedMap, key: Any) -> int:
    position = node.lc.data.get(key)
    return int(position[1]) if position else 0


# ── Comments ──────────────────────────────────────────────────────────────────


def _pre_comments(node: CommentedMap, key: Any) -> _Comments:
    """The full-line comments written above `key` (created empty)."""
    slots = node.ca.items.setdefault(key, [None, None, None, None])
    if slots[1] is None:
        slots[1] = []
    comments: _Comments = slots[1]
    return comments


def _lift_comments(node: CommentedMap, after: _Comments) -> None:
    """Move every block of full-line comments below an entry of `node` (held by the entry's
    deepest last value) onto the key that follows it, or onto `after` past the last entry."""
    keys = list(node)
    for position, key in enumerate(keys):
        following = _pre_comments(node, keys[position + 1]) if position + 1 < len(keys) else after
        following[:0] = _detach_following(node, key)
        value = node[key]
        if isinstance(value, CommentedMap) and not value.fa.flow_style():
            _lift_comments(value, following)


def _detach_following(node: CommentedMap, key: Any) -> _Comments:
    """The full-line comments after the value of `node[key]`, taken off it; a comment at the
    end of the value's last line stays."""
    holder: CommentedBase = node
    slot: Any = key
    value = node[key]
    while isinstance(value, (CommentedMap, CommentedSeq)) and value and not value.fa.flow_style():
        holder = value
        slot = next(reversed(value)) if isinstance(value, CommentedMap) else len(value) - 1
        value = value[slot]
    position = 2 if isinstance(holder, CommentedMap) else 0
    slots = holder.ca.items.get(slot)
    token = slots[position] if slots is not None and len(slots) > position else None
    if token is None:
        return []
    line_end, _, rest = token.value.partition("\n")
    if not rest:
        return []
    if line_end:
        token.value = line_end + "\n"  # shared with a flow value's own record of it
    else:
        slots[position] = None
        if isinstance(value, CommentedBase) and value.ca.comment and value.ca.comment[0] is token:
            value.ca.comment[0] = None
    return _lines(rest)


def _lines(text: str) -> _Comments:
    """Comment lines as written (with their indentation; blank lines too) as "pre" comments."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    tokens: _Comments = []
    for line in lines:
        stripped = line.lstrip(" ")
        tokens.append(CommentToken(stripped + "\n", CommentMark(len(line) - len(stripped) if stripped else 0)))
    return tokens


def _as_full_lines(token: CommentToken | None, column: int) -> _Comments:
    """A comment that followed a value (at the end of its line, then full lines) as full lines;
    the one at the end of the line at `column`."""
    if token is None:
        return []
    line_end, _, rest = token.value.partition("\n")
    first = [CommentToken(line_end.strip() + "\n", CommentMark(column))] if line_end.strip() else []
    return first + _lines(rest)


def _comments_of_entry(node: CommentedMap, key: Any) -> _Comments:
    """Every comment of an entry about to be removed, in order, as full lines."""
    slots = node.ca.items.get(key) or [None, None, None, None]
    seen = {id(slots[2])}
    found: _Comments = [*(slots[1] or []), *_as_full_lines(slots[2], _key_column(node, key))]
    return found + _comments_within(node[key], seen)


def _comments_within(value: Any, seen: set[int]) -> _Comments:
    """Every comment inside a mapping or list, in order, as full lines; `seen`: comments met
    already (ruamel.yaml records some twice: on the value and on the entry holding it)."""
    if not isinstance(value, (CommentedMap, CommentedSeq)):
        return []
    found: _Comments = []

    def take(token: CommentToken | list[CommentToken] | None) -> None:
        if token is None or id(token) in seen:
            return
        seen.add(id(token))
        found.extend(token if isinstance(token, list) else _as_full_lines(token, 0))

    for token in value.ca.comment or []:
        take(token)
    for key in value if isinstance(value, CommentedMap) else range(len(value)):
        for token in value.ca.items.get(key) or []:
            take(token)
        found.extend(_comments_within(value[key], seen))
    return found
