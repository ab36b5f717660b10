"""Writing answers files: the blank template, and the files `assess` saves after every answer.

The output is YAML that reads back to the same answers (`load_answers`), commented with
each question so that a person can review or edit it by hand. A file written over keeps its
own comments (`answers_text`, through `round_trip`).
"""

from __future__ import annotations

import datetime
import re
import textwrap
from pathlib import PurePath

import yaml

from mlops_maturity.answers.model import Answer, AnswersFile, Response
from mlops_maturity.messages import _
from mlops_maturity.questionnaire.model import Question, QuestionnaireSet

_WIDTH = 88


# NOTE: libyaml's emitter where PyYAML has it: the pure-Python one took 110 µs a scalar, most of
# `migrate`'s time for a file of 330,000 evidence links.
_DUMPER: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_LINE_BREAKS = ("\n", "\r", "\x85", "\u2028", "\u2029")


def _scalar(value: object) -> str:
    """A YAML scalar on one line, quoted only where YAML needs it.

    NOTE: this quotes the answer `no`, which YAML 1.1 readers would take for False. Text
    that would span lines (a line break, or longer than PyYAML's width) is double-quoted
    with escapes instead: a continuation line would fall outside its mapping. A lone
    surrogate, which no reader accepts, becomes U+FFFD.
    """
    if isinstance(value, str):
        value = _LONE_SURROGATE.sub("\ufffd", value)
    dumped = yaml.dump(value, Dumper=_DUMPER, default_flow_style=True, allow_unicode=True, width=1 << 30)
    dumped = dumped.removesuffix("\n...\n").rstrip("\n")
    if any(brk in dumped for brk in _LINE_BREAKS):
        dumped = yaml.dump(value, Dumper=_DUMPER, default_style='"', allow_unicode=True, width=1 << 30).rstrip("\n")
    return dumped


def quoting_of(text: str) -> str:
    """How this writer quotes `text`: `'`, `"`, or an empty string for none. The round-trip
    rewrite (`round_trip`) quotes what it writes anew the same way, `'no'` included."""
    first = _scalar(text)[:1]
    return first if first in ("'", '"') else ""


BATCH_FROM = 64
"""Evidence lists at least this long are written in one emitter run (`scalars`)."""


def scalars(values: list[str]) -> list[str]:
    """`_scalar` of each value; a long list in one emitter run, as a block sequence, whose
    items take the same form as on their own (both outside any flow collection). An item
    the emitter spreads over several lines sends the whole list back to `_scalar`."""
    if len(values) < BATCH_FROM:
        return [_scalar(value) for value in values]
    cleaned = [_LONE_SURROGATE.sub("\ufffd", value) for value in values]
    dumped = yaml.dump(cleaned, Dumper=_DUMPER, default_flow_style=False, allow_unicode=True, width=1 << 30)
    lines = dumped.splitlines()
    if len(lines) == len(values) and all(line.startswith("- ") for line in lines):
        items = [line[2:] for line in lines]
        if not any(brk in item for item in items for brk in _LINE_BREAKS):
            return items
    return [_scalar(value) for value in values]


def _comment(text: str, indent: str, *, width: int = _WIDTH, hanging: int = 0) -> list[str]:
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        wrapped = textwrap.wrap(paragraph, width=width - len(indent) - 2, subsequent_indent=" " * hanging) or [""]
        lines.extend(f"{indent}# {line}".rstrip() for line in wrapped)
    return lines


def render_template(
    questionnaires: QuestionnaireSet, questions: tuple[Question, ...], *, team: str, date: datetime.date
) -> str:
    """A blank answers file to fill in, with every question's help and allowed answers as comments."""
    # NOTE: model_construct, since a blank file is not yet valid (the team may be empty).
    blank = AnswersFile.model_construct(
        questionnaire_version=questionnaires.version, team=team, date=date, assessor=None, answers={}
    )
    return render_answers(blank, questionnaires, questions, with_help=True)


def render_answers_json(answers: AnswersFile) -> str:
    """An answers file as JSON, for a team that keeps it as JSON; it reads back to the same
    answers. Questions' help is not written: JSON has no comments."""
    from mlops_maturity.json_text import json_document

    return json_document(answers.model_dump(mode="json", exclude_defaults=True))


def writes_json(source_is_json: bool, output: str | None) -> bool:
    """The format a rewritten answers file keeps: an output name ending in .json, .yaml or .yml
    decides; otherwise the source's own format."""
    suffix = "" if output is None else PurePath(output).suffix.lower()
    if suffix == ".json":
        return True
    if suffix in (".yaml", ".yml"):
        return False
    return source_is_json


MAX_ROUND_TRIP_CHARS = 128 * 1024
"""Longest answers file rewritten around its comments (`answers_text`); a real one is some 10
to 40 KB, and ruamel.yaml's pure-Python round trip takes some 6 s a MiB of short lines."""

SCHEMA_LINE_START = "# yaml-language-server:"
"""How the editor's schema line begins, the first line of an answers file that has one."""


def answers_text(
    answers: AnswersFile,
    questionnaires: QuestionnaireSet,
    questions: tuple[Question, ...],
    *,
    json_format: bool,
    existing: str | None = None,
) -> str:
    """An answers file to write: JSON (`json_format`), or YAML with `questions` in order.

    As YAML, `existing` (the YAML file written over) keeps its comments, only what changed
    rewritten (`round_trip`). Without it the file is written afresh (`render_answers`), and so
    it is where the round trip cannot be done, or for a file over `MAX_ROUND_TRIP_CHARS`:
    then only the editor's schema line is kept.
    """
    if json_format:
        return render_answers_json(answers)
    if existing is None:
        return render_answers(answers, questionnaires, questions, with_help=False)
    if len(existing) <= MAX_ROUND_TRIP_CHARS:
        from mlops_maturity.answers.round_trip import rewrite_answers

        rewritten = rewrite_answers(existing, answers, questionnaires)
        if rewritten is not None:
            return rewritten
    first = existing.partition("\n")[0]
    schema = f"{first}\n" if first.startswith(SCHEMA_LINE_START) else ""
    return schema + render_answers(answers, questionnaires, questions, with_help=False)


def lost_comments(existing: str, written: str) -> int:
    """How many of `existing`'s comment lines `written` does not have: the person's comments
    a rewrite could not keep (a file written afresh); the tool's own header is not counted."""
    kept = {line.strip() for line in written.splitlines() if line.lstrip().startswith("#")}
    return sum(
        1
        for number, line in enumerate(existing.splitlines())
        if line.lstrip().startswith("#") and line.strip() not in kept and not (number == 0 and "mlops-maturity" in line)
    )


def render_answers(
    answers: AnswersFile,
    questionnaires: QuestionnaireSet,
    questions: tuple[Question, ...],
    *,
    with_help: bool,
) -> str:
    """The answers file as YAML: every question of `questions` in order, answered or empty."""
    bank = questionnaires.bank
    lines: list[str] = []
    lines.append(header_comment(questionnaires))
    if with_help:
        lines.append(_("# Answer each question with one of the values below, then run: mlops-maturity score FILE"))
        lines.append(
            _("# Unsure? Give your best estimate and mark it: `question_id: {answer: mostly, estimate: true}`;")
        )
        lines.append(_("# it is scored, and shown first where a level hinges on it. Empty means unanswered (not met)."))
        lines.append(
            _("# Did a gap cause a recent incident (bad data reached a model, a stale model, a regression found")
        )
        lines.append(_("# late)? Mark it: `question_id: {answer: partially, incident: true}`; the plan starts there"))
        lines.append(_("# where the team can start it."))
        if bank.instructions:
            lines.extend(_comment(bank.instructions, ""))
        lines.append("#")
        for value, meaning in [(option.value, option.meaning) for option in bank.scale] + [
            (bank.not_applicable.value, bank.not_applicable.meaning)
        ]:
            lines.extend(_comment(f"{value:<10} {meaning}", "", hanging=11))
        lines.append(_("#            (n/a only where a question says so, with the reason as its note)"))
        lines.append(_("# Editors complete and check this file with: mlops-maturity schema > answers.schema.json"))
        lines.append(_("# and a first line: # yaml-language-server: $schema=answers.schema.json"))
    else:
        lines.append(
            _("# Score it with: mlops-maturity score FILE  ·  continue it with: mlops-maturity assess -o FILE")
        )
    lines.append(f"questionnaire_version: {_scalar(answers.questionnaire_version)}")
    lines.append(
        f"team: {_scalar(answers.team)}"
        + (_("  # required: the team's name") if with_help and not answers.team else "")
    )
    lines.append(f"date: {answers.date.isoformat()}")
    assessor = f"assessor: {_scalar(answers.assessor) if answers.assessor else ''}".rstrip()
    lines.append(
        assessor + (_("  # optional: who answers, and their role") if with_help and not answers.assessor else "")
    )
    lines.extend(_identity_lines(answers, with_help=with_help))
    lines.extend(_scope_lines(answers, questionnaires, with_help=with_help))
    lines.append("answers:")
    outside = questionnaires.out_of_scope(answers.scope)
    dimensions = {dimension.id: dimension for dimension in bank.dimensions}
    current_dimension = None
    for question in questions:
        if question.dimension != current_dimension:
            current_dimension = question.dimension
            lines.append("")
            lines.append(f"  # ── {dimensions[question.dimension].name} ".ljust(_WIDTH - 2, "─"))
        lines.append("")
        lines.extend(_comment(question.text, "  "))
        scope = outside.get(question.id)
        if scope is not None:
            # Kept, not dropped: saying true again brings the answer back.
            lines.extend(scope_note(scope.id, "  "))
        if with_help:
            lines.extend(_comment(question.help, "  "))
            allowed = " | ".join(option.value for option in bank.scale)
            if question.not_applicable:
                lines.extend(
                    _comment(
                        _("Answers: {allowed} | {value} ({reason})").format(
                            allowed=allowed, value=bank.not_applicable.value, reason=question.not_applicable
                        ),
                        "  ",
                    )
                )
            else:
                lines.append(_("  # Answers: {allowed}").format(allowed=allowed))
            scoped = next((scope for scope in bank.scopes if question.id in scope.questions), None)
            if scoped is not None and scope is None:
                lines.append(
                    _("  # n/a, needing no answer, with `scope: {{{scope}: false}}` above.").format(scope=scoped.id)
                )
        lines.extend(_answer_lines(question.id, answers.answers.get(question.id)))
    # Answers to questions not asked (another model's, with --model) are kept, never dropped.
    asked = {question.id for question in questions}
    others = [(key, value) for key, value in answers.answers.items() if key not in asked]
    if others:
        lines.append("")
        lines.append(_("  # ── Answers to questions not asked in this run ").ljust(_WIDTH - 2, "─"))
        for other_id, other_answer in others:
            lines.extend(_answer_lines(other_id, other_answer))
    if answers.retired_answers:
        # Questions a newer questionnaire retired: their answers stay, as the team wrote them.
        lines.append("retired_answers:")
        for retired_id, retired_answer in answers.retired_answers.items():
            lines.extend(_answer_lines(retired_id, retired_answer))
    return "\n".join(lines) + "\n"


def header_comment(questionnaires: QuestionnaireSet) -> str:
    """The first line of an answers file the tool writes: the questionnaire and its version."""
    bank = questionnaires.bank
    return _("# {title}, version {version}: answers file for mlops-maturity.").format(
        title=bank.title, version=bank.version
    )


def comment_lines(text: str, indent: str) -> list[str]:
    """`text` as comment lines at `indent`, wrapped as this writer wraps them."""
    return _comment(text, indent)


def scope_note(scope_id: str, indent: str) -> list[str]:
    """The comment above a question that a scope answered false puts out (its answer is kept)."""
    return _comment(_("n/a while scope {scope} is false; an answer here is set aside.").format(scope=scope_id), indent)


def _identity_lines(answers: AnswersFile, *, with_help: bool) -> list[str]:
    """`entity`, `owner` and `labels` where given; in the blank template, commented examples."""
    lines: list[str] = []
    if answers.entity:
        lines.append(f"entity: {_scalar(answers.entity)}")
    elif with_help:
        lines.append(_("# entity: component:default/fraud-scoring  # optional: the system in your developer portal"))
    if answers.owner:
        lines.append(f"owner: {_scalar(answers.owner)}")
    elif with_help:
        lines.append(_("# owner: group:default/payments  # optional: portfolio --group-by owner"))
    if answers.labels:
        lines.append("labels:")
        lines.extend(f"  {_scalar(key)}: {_scalar(value)}" for key, value in answers.labels.items())
    elif with_help:
        lines.append(_("# labels: {domain: payments}  # optional: portfolio --group-by label:domain"))
    return lines


def _scope_lines(answers: AnswersFile, questionnaires: QuestionnaireSet, *, with_help: bool) -> list[str]:
    """`scope:`, each entry under its question; in the blank template, a commented example.

    NOTE: the template cannot write `scope:` with empty entries: an empty value is no answer
    to a yes-or-no question, and in scope is the default anyway.
    """
    scopes = questionnaires.bank.scopes
    lines: list[str] = []
    if with_help and not answers.scope and scopes:
        lines.append(_("# Scope (optional): questions that cannot apply to some teams. Answer false and the"))
        lines.append(_("# questions named are n/a, with the reason given, and need no answer:"))
        for scope in scopes:
            lines.append("#")
            lines.extend(_comment(scope.text, ""))
            lines.extend(_comment(scope.help, ""))
            lines.extend(
                _comment(
                    _("No: n/a ({reason}) for: {questions}.").format(
                        reason=scope.out_of_scope_reason, questions=", ".join(scope.questions)
                    ),
                    "",
                )
            )
        lines.append("# scope:")
        lines.extend(f"#   {scope.id}: false" for scope in scopes)
        return lines
    if not answers.scope:
        return lines
    lines.append("scope:")
    by_id = questionnaires.scopes_by_id
    for scope_id, applies in answers.scope.items():
        defined = by_id.get(scope_id)
        if defined is not None:
            lines.extend(_comment(defined.text, "  "))
            if with_help:
                lines.extend(_comment(defined.help, "  "))
        lines.append(f"  {_scalar(scope_id)}: {'true' if applies else 'false'}")
    return lines


def _is_plain(given: Answer) -> bool:
    """Only a value: written in the short form `question_id: mostly`."""
    return not (
        given.note
        or given.evidence
        or given.source
        or given.estimate
        or given.incident
        or given.confidence
        or given.carried_from
        or given.responses
    )


def _fields(given: Answer | Response, indent: str) -> list[str]:
    """The fields an answer and a respondent's response share: answer, estimate, incident, note, evidence."""
    lines = [f"{indent}answer: {_scalar(given.answer) if given.answer is not None else ''}".rstrip()]
    if given.estimate:
        lines.append(f"{indent}estimate: true")
    if given.incident:
        lines.append(f"{indent}incident: true")
    if given.note:
        lines.append(f"{indent}note: {_scalar(given.note)}")
    if given.evidence:
        lines.append(f"{indent}evidence:")
        lines.extend(f"{indent}  - {link}" for link in scalars(list(given.evidence)))
    return lines


def _answer_lines(question_id: str, given: Answer | None, indent: str = "  ") -> list[str]:
    if given is None or (given.answer is None and _is_plain(given)):
        return [f"{indent}{question_id}:"]
    if _is_plain(given):
        return [f"{indent}{question_id}: {_scalar(given.answer)}"]
    inner = indent + "  "
    lines = [f"{indent}{question_id}:", *_fields(given, inner)]
    if given.source:
        lines.append(f"{inner}source: {_scalar(given.source)}")
    if given.confidence:
        lines.append(f"{inner}confidence: {_scalar(given.confidence)}")
    if given.carried_from:
        lines.append(f"{inner}carried_from: {_scalar(given.carried_from)}")
    if given.responses:
        lines.append(f"{inner}responses:")
        for response in given.responses:
            lines.append(f"{inner}  - assessor: {_scalar(response.assessor)}" if response.assessor else f"{inner}  -")
            lines.extend(_fields(response, f"{inner}    "))
    return lines
