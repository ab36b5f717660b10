"""Rewriting an answers file a team keeps: its comments and layout stay, only what changed changes.

`migrate`, `scan --merge` and a resumed `assess` write back a YAML file that people edit by
hand: their comments (the editor's schema line, a note above a question, one at the end of
a line) must survive. ruamel.yaml's round-trip mode reads the file with its comments; this
module changes the values that differ from the answers to write, adds the new keys each in
the writer's order (a new answer after the question before it), and takes away what is no
longer there, keeping any comment written inside it.

NOTE: ruamel.yaml is imported here only, and this module only by the commands that rewrite a
file: the other commands' start-up never pays for it.

Comments stay put through the changes as `yaml_comments` arranges them. What is written must
read back as the answers (`load_answers`); where it would not, `answers_text` writes the file
afresh.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass
from io import StringIO
from typing import Any

from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString
from ruamel.yaml.tokens import CommentToken
from ruamel.yaml.util import load_yaml_guess_indent

from mlops_maturity.answers.model import Answer, AnswersFile, Response
from mlops_maturity.answers.write import comment_lines, header_comment, quoting_of, scope_note
from mlops_maturity.answers.yaml_comments import (
    Comments,
    as_full_lines,
    comment_tokens,
    comments_of_entry,
    comments_within,
    key_column,
    lift_comments,
    pre_comments,
)
from mlops_maturity.questionnaire.model import QuestionnaireSet, Scope

_FIELD_ORDER: dict[type[BaseModel], tuple[str, ...]] = {
    Answer: (
        "answer",
        "estimate",
        "incident",
        "note",
        "evidence",
        "source",
        "confidence",
        "carried_from",
        "responses",
    ),
    Response: ("assessor", "answer", "estimate", "incident", "note", "evidence"),
}
"""The order `render_answers` writes these fields in, for placing a new one."""


@dataclass(frozen=True, slots=True)
class _Mapping:
    """What one mapping of the file is to hold: every entry, in the writer's order."""

    entries: dict[Any, Any]
    optional: frozenset[Any] = frozenset()
    """Fields at their default: not added, and kept only where the file already says the same."""
    shown: frozenset[Any] = frozenset()
    """Fields written even at their default in a mapping written or changed (`answer:`, empty)."""


@dataclass(frozen=True, slots=True)
class _Answer:
    """An answer: `question_id: mostly` when `short` (only a value), else a mapping of its fields."""

    fields: _Mapping
    short: bool


def rewrite_answers(existing: str, answers: AnswersFile, questionnaires: QuestionnaireSet) -> str | None:
    """The YAML answers file `existing` rewritten to hold `answers`, comments and layout kept;
    None where that cannot be done so that it reads back as `answers` (`load_answers`)."""
    from mlops_maturity.answers.load import load_answers_text

    # NOTE: whatever fails in the round trip (a file ruamel.yaml reads otherwise than PyYAML, a
    # ruamel.yaml whose records of comments changed), the caller writes the file afresh, as the
    # tool did before comments were kept: never a file that reads otherwise than the answers.
    try:
        text = updated_text(existing, answers, questionnaires)
        written = load_answers_text(text, "the rewritten file", questionnaires).answers
    except Exception:  # noqa: BLE001 - see the note
        return None
    return text if _answered(written) == _answered(answers) else None


def _answered(answers: AnswersFile) -> AnswersFile:
    """The answers without empty entries (`question_id:`), which read as no entry at all."""
    return answers.model_copy(
        update={"answers": {key: given for key, given in answers.answers.items() if given != Answer()}}
    )


def updated_text(existing: str, answers: AnswersFile, questionnaires: QuestionnaireSet) -> str:
    """`existing`, the YAML text of an answers file, holding `answers` instead, comments kept.

    A new answer goes after the question before it in the questionnaire. The tool's own
    comments follow the answers: the version in its first line, and the note above each
    question that a scope puts out.

    Raises:
        ruamel.yaml.YAMLError: ruamel.yaml cannot read the text.
        ValueError: the text is not a mapping at the top (a JSON-like flow mapping included).
    """
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 1 << 30  # NOTE: a long note stays on its line, as the tool writes it
    # NOTE: comments keep the line breaks they were read with; the tool writes `\n` only.
    root, indent, sequence_offset = load_yaml_guess_indent(existing.replace("\r\n", "\n"), yaml=yaml)
    if not isinstance(root, CommentedMap) or root.fa.flow_style():
        raise ValueError("not a block mapping at the top")
    mapping_indent = _set_indent(yaml, root, indent, sequence_offset)
    if root.ca.end is None:
        root.ca.end = []
    end: Comments = root.ca.end  # the comments after the last entry
    lift_comments(root, end)
    _update_mapping(root, _target(answers, [question.id for question in questionnaires.bank.questions]), end)
    _update_tool_comments(root, answers, questionnaires, mapping_indent)
    if end and root.ca.comment is None:
        root.ca.comment = [None, None]  # NOTE: else ruamel.yaml drops the comments at the end
    written = StringIO()
    yaml.dump(root, written)
    return written.getvalue()


_HEADER = re.compile(r"# .+, version \S+: answers file for mlops-maturity\.")
"""The tool's first line (`header_comment`), of any questionnaire version."""


def _update_tool_comments(
    root: CommentedMap, answers: AnswersFile, questionnaires: QuestionnaireSet, indent: int
) -> None:
    """The tool's own comments, as `render_answers` writes them: the version in its first line,
    a note above each question that a scope puts out and, above an entry new to a file the
    tool wrote, the question (or scope) it answers."""
    tool_written = False
    for token in (root.ca.comment or [None, None])[1] or []:
        if _HEADER.fullmatch(token.value.strip()):
            token.value = header_comment(questionnaires) + "\n"
            tool_written = True
    scopes = root.get("scope")
    for key in scopes if _in_blocks(scopes) else ():
        defined = questionnaires.scopes_by_id.get(key)
        if defined is not None and _written_anew(scopes, key):
            _comment_above(scopes, key, defined.text, indent)
    given = root.get("answers")
    if not _in_blocks(given):
        return
    outside = questionnaires.out_of_scope(answers.scope)
    for key in given:
        question = questionnaires.questions_by_id.get(key)
        if tool_written and question is not None and _written_anew(given, key):
            pre_comments(given, key).extend(comment_tokens("\n"))
            _comment_above(given, key, question.text, indent)
        _set_scope_note(given, key, questionnaires, outside.get(key), indent)


def _in_blocks(node: Any) -> bool:
    """A mapping written a key a line, where a comment may stand above a key (not `{...}`)."""
    return isinstance(node, CommentedMap) and not node.fa.flow_style()


def _written_anew(node: CommentedMap, key: Any) -> bool:
    """An entry this rewrite added: ruamel.yaml knows no line it was read at."""
    return not node.lc.data or key not in node.lc.data


def _comment_above(node: CommentedMap, key: Any, text: str, indent: int) -> None:
    """`text` as full-line comments just above `key`, wrapped as the tool wraps them."""
    lines = comment_lines(text, " " * key_column(node, key, indent))
    pre_comments(node, key).extend(comment_tokens("".join(f"{line}\n" for line in lines)))


def _set_scope_note(
    node: CommentedMap, key: Any, questionnaires: QuestionnaireSet, outside: Scope | None, indent: int
) -> None:
    """The note above a question that says a scope puts it out: there exactly when one does."""
    scopes = [scope for scope in questionnaires.bank.scopes if key in scope.questions]
    slots = node.ca.items.get(key)
    if not scopes or (outside is None and (slots is None or not slots[1])):
        return
    above = pre_comments(node, key)
    spaces = " " * key_column(node, key, indent)
    for scope in scopes:  # the note as written before, wherever it was
        note = [line.strip() for line in scope_note(scope.id, spaces)]
        shown = [token.value.strip() for token in above]
        for index in reversed([i for i in range(len(shown)) if shown[i : i + len(note)] == note]):
            del above[index : index + len(note)]
    if outside is not None:
        above.extend(comment_tokens("".join(f"{line}\n" for line in scope_note(outside.id, spaces))))


def _set_indent(yaml: YAML, root: CommentedMap, indent: int | None, sequence_offset: int | None) -> int:
    """The file's own indentation for what is written anew, and the mappings' indent: mappings
    as its nested mappings are indented, lists as its block lists (as the tool writes them
    where it has none)."""
    nested = next((value for value in root.values() if isinstance(value, CommentedMap) and value), None)
    mapping = 2
    if nested is not None and not nested.fa.flow_style() and nested.lc.col:
        mapping = nested.lc.col
    if sequence_offset is None or indent is None:
        sequence_offset, indent = mapping, mapping + 2
    yaml.indent(mapping=mapping, sequence=max(indent, sequence_offset + 2), offset=sequence_offset)
    return mapping


# ── What the file is to hold ──────────────────────────────────────────────────


def _target(answers: AnswersFile, question_order: Sequence[str]) -> _Mapping:
    """The answers file as the mapping to write, its answers in the questionnaire's order. An
    unanswered question may stay in the file as an empty entry, as the tool writes it."""
    target = _model_target(answers)
    unanswered = {question: _value_target(Answer()) for question in question_order if question not in answers.answers}
    rank = {question_id: position for position, question_id in enumerate(question_order)}
    entries = sorted(
        {**target.entries["answers"].entries, **unanswered}.items(), key=lambda entry: rank.get(entry[0], len(rank))
    )
    return _Mapping({**target.entries, "answers": _Mapping(dict(entries), frozenset(unanswered))}, target.optional)


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
    return _Mapping(entries, frozenset(optional), frozenset({"answer"}) if "answer" in entries else frozenset())


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
    if isinstance(target, datetime.date) and isinstance(old, str):
        return old == target.isoformat()  # a quoted date reads as the same day
    return isinstance(old, str) == isinstance(target, str) and bool(old == target)


def _new_value(target: Any, old: Any = None) -> Any:
    """A value to write anew; text quoted where the tool's writer quotes it (`'no'`), or as the
    value it replaces was quoted."""
    if isinstance(target, _Answer):
        return _new_value(target.fields.entries["answer"], old) if target.short else _new_value(target.fields)
    if isinstance(target, _Mapping):
        mapping = CommentedMap()
        for key, value in target.entries.items():
            if key not in target.optional or key in target.shown:
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


def _update_mapping(node: CommentedMap, target: _Mapping, after: Comments) -> None:
    """Make `node` hold `target`: entries that differ changed, others untouched, new ones
    inserted in order, gone ones removed. `after`: where comments after `node` are kept."""
    doomed = [
        key
        for key in node
        if key not in target.entries
        or (key in target.optional and key not in target.shown and not _same(node[key], target.entries[key]))
    ]
    for key in reversed(doomed):  # from the last: the key after each is one that stays
        keys = list(node)
        position = keys.index(key)
        freed = comments_of_entry(node, key)
        del node[key]
        node.ca.items.pop(key, None)
        following = pre_comments(node, keys[position + 1]) if position + 1 < len(keys) else after
        following[:0] = freed
    keys = list(node)
    for position, key in enumerate(keys):
        next_comments = pre_comments(node, keys[position + 1]) if position + 1 < len(keys) else after
        _update_entry(node, key, target.entries[key], next_comments)
    rank = {key: position for position, key in enumerate(target.entries)}
    for key, value in target.entries.items():
        if key in node or (key in target.optional and key not in target.shown):
            continue
        before = [index for index, existing in enumerate(node) if rank.get(existing, -1) < rank[key]]
        node.insert(before[-1] + 1 if before else 0, _text(key), _new_value(value))


def _update_entry(node: CommentedMap, key: Any, target: Any, after: Comments) -> None:
    old = node[key]
    if _same(old, target):
        return
    if isinstance(target, _Answer) and isinstance(old, CommentedMap):
        target = target.fields  # an answer written as a mapping stays one, even for a value alone
    if isinstance(target, _Mapping) and isinstance(old, CommentedMap):
        _update_mapping(old, target, after)
    elif isinstance(target, list) and isinstance(old, CommentedSeq):
        _update_sequence(old, target, after)
    else:
        _replace(node, key, _new_value(target, old), after)


def _update_sequence(node: CommentedSeq, target: list[Any], after: Comments) -> None:
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
        freed = as_full_lines(node.ca.items.pop(index, [None])[0], 0) + comments_within(node[index], set())
        del node[index]
        after[:0] = freed


def _replace(node: CommentedMap, key: Any, value: Any, after: Comments) -> None:
    """A value written anew: comments inside the old one go after it; one at the end of the
    key's line stays there, two spaces after a longer value (after `key:` for a mapping)."""
    comments = node.ca.items.get(key)
    after[:0] = comments_within(node[key], {id(comments[2])} if comments else set())
    node[key] = value
    token = comments[2] if comments else None
    if comments is None or token is None or not token.value.startswith("#"):
        return
    key_end = key_column(node, key) + len(str(key)) + 1
    if isinstance(value, (CommentedMap, CommentedSeq)):
        comments[2] = CommentToken(token.value, CommentMark(key_end + 2))
        value.ca.comment = [comments[2], None]
        return
    position = (node.lc.data or {}).get(key)
    width = len(str(value)) + (2 if isinstance(value, (SingleQuotedScalarString, DoubleQuotedScalarString)) else 0)
    column = max(token.start_mark.column, (position[3] if position else key_end + 1) + width + 2)
    if column != token.start_mark.column:
        comments[2] = CommentToken(token.value, CommentMark(column))
