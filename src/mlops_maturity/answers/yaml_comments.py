"""ruamel.yaml's records of comments, moved so that each comment stays where it was written.

ruamel.yaml keeps a comment on the node before it: a block of full-line comments above a
question belongs to the deepest last value of the question before. `lift_comments` moves
every such block onto the key it stands above (that key's "pre" comments), or to the end of
the document, so that adding or removing an entry carries no comment along with it; the
comments inside a removed entry are kept as full lines (`comments_of_entry`).

NOTE: these are ruamel.yaml's own records (`CommentedBase.ca`), as its round trip writes
them; `round_trip` checks what it writes by reading it back.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml.comments import CommentedBase, CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.tokens import CommentToken

Comments = list[CommentToken]


def key_column(node: CommentedMap, key: Any, default: int = 0) -> int:
    """The column a key was read at; for one written anew, that of the mapping's first key, or
    `default` in a mapping written anew."""
    position = (node.lc.data or {}).get(key)
    if position:
        return int(position[1])
    return default if node.lc.col is None else int(node.lc.col)


def pre_comments(node: CommentedMap, key: Any) -> Comments:
    """The full-line comments written above `key` (created empty)."""
    slots = node.ca.items.setdefault(key, [None, None, None, None])
    if slots[1] is None:
        slots[1] = []
    comments: Comments = slots[1]
    return comments


def lift_comments(node: CommentedMap, after: Comments, *, nested: bool = False) -> None:
    """Move every block of full-line comments below an entry of `node` (held by the entry's
    deepest last value) onto the key that follows it, or onto `after` past the last entry;
    in a `nested` mapping, those above its first entry (held by the mapping) onto that key."""
    keys = list(node)
    if nested and keys and node.ca.comment and node.ca.comment[1]:
        pre_comments(node, keys[0])[:0] = node.ca.comment[1]
        node.ca.comment[1][:] = []  # the same list as the one of the entry holding the mapping
    for position, key in enumerate(keys):
        following = pre_comments(node, keys[position + 1]) if position + 1 < len(keys) else after
        following[:0] = detach_following(node, key)
        value = node[key]
        if isinstance(value, CommentedMap) and not value.fa.flow_style():
            lift_comments(value, following, nested=True)


def detach_following(node: CommentedMap, key: Any) -> Comments:
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
    return comment_tokens(rest)


def comment_tokens(text: str) -> Comments:
    """Comment lines as written (with their indentation; blank lines too) as "pre" comments."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    tokens: Comments = []
    for line in lines:
        stripped = line.lstrip(" ")
        tokens.append(CommentToken(stripped + "\n", CommentMark(len(line) - len(stripped) if stripped else 0)))
    return tokens


def as_full_lines(token: CommentToken | None, column: int) -> Comments:
    """A comment that followed a value (at the end of its line, then full lines) as full lines;
    the one at the end of the line at `column`."""
    if token is None:
        return []
    line_end, _, rest = token.value.partition("\n")
    first = [CommentToken(line_end.strip() + "\n", CommentMark(column))] if line_end.strip() else []
    return first + comment_tokens(rest)


def comments_of_entry(node: CommentedMap, key: Any) -> Comments:
    """Every comment of an entry about to be removed, in order, as full lines."""
    slots = node.ca.items.get(key) or [None, None, None, None]
    seen = {id(slots[2])}
    found: Comments = [*(slots[1] or []), *as_full_lines(slots[2], key_column(node, key))]
    return found + comments_within(node[key], seen)


def comments_within(value: Any, seen: set[int]) -> Comments:
    """Every comment inside a mapping or list, in order, as full lines; `seen`: comments met
    already (ruamel.yaml records some twice: on the value and on the entry holding it)."""
    if not isinstance(value, (CommentedMap, CommentedSeq)):
        return []
    found: Comments = []

    def take(token: CommentToken | list[CommentToken] | None, column: int) -> None:
        if token is None or id(token) in seen:
            return
        seen.add(id(token))
        found.extend(token if isinstance(token, list) else as_full_lines(token, column))

    start = int(value.lc.col or 0)
    for token in value.ca.comment or []:
        take(token, start)
    for key in value if isinstance(value, CommentedMap) else range(len(value)):
        for token in value.ca.items.get(key) or []:
            take(token, key_column(value, key) if isinstance(value, CommentedMap) else start)
        found.extend(comments_within(value[key], seen))
    return found
