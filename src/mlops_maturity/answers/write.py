"""Writing answers files: the blank template, and the files `assess` saves after every answer.

The output is YAML that reads back to the same answers (`load_answers`), commented with
each question so that a person can review or edit it by hand.
"""

from __future__ import annotations

import datetime
import textwrap

import yaml

from mlops_maturity.answers.model import Answer, AnswersFile
from mlops_maturity.questionnaire.model import Question, QuestionnaireSet

_WIDTH = 88


def _scalar(value: object) -> str:
    """A YAML scalar on one line, quoted only where YAML needs it.

    NOTE: this quotes the answer `no`, which YAML 1.1 readers would take for False.
    """
    dumped = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10_000)
    return dumped.removesuffix("\n...\n").rstrip("\n")


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
    lines.append(f"# {bank.title}, version {bank.version}: answers file for mlops-maturity.")
    if with_help:
        lines.append("# Answer each question with one of the values below, then run: mlops-maturity score FILE")
        lines.append("# Leave an answer empty if unsure: it is reported as unanswered (and scored as not met).")
        if bank.instructions:
            lines.extend(_comment(bank.instructions, ""))
        lines.append("#")
        for value, meaning in [(option.value, option.meaning) for option in bank.scale] + [
            (bank.not_applicable.value, bank.not_applicable.meaning)
        ]:
            lines.extend(_comment(f"{value:<10} {meaning}", "", hanging=11))
        lines.append("#            (n/a only where a question says so, with the reason as its note)")
        lines.append("# Editors complete and check this file with: mlops-maturity schema > answers.schema.json")
        lines.append("# and a first line: # yaml-language-server: $schema=answers.schema.json")
    else:
        lines.append("# Score it with: mlops-maturity score FILE  ·  continue it with: mlops-maturity assess -o FILE")
    lines.append(f"questionnaire_version: {_scalar(answers.questionnaire_version)}")
    lines.append(
        f"team: {_scalar(answers.team)}" + ("  # required: the team's name" if with_help and not answers.team else "")
    )
    lines.append(f"date: {answers.date.isoformat()}")
    assessor = f"assessor: {_scalar(answers.assessor) if answers.assessor else ''}".rstrip()
    lines.append(assessor + ("  # optional: who answers, and their role" if with_help and not answers.assessor else ""))
    lines.append("answers:")
    dimensions = {dimension.id: dimension for dimension in bank.dimensions}
    current_dimension = None
    for question in questions:
        if question.dimension != current_dimension:
            current_dimension = question.dimension
            lines.append("")
            lines.append(f"  # ── {dimensions[question.dimension].name} ".ljust(_WIDTH - 2, "─"))
        lines.append("")
        lines.extend(_comment(question.text, "  "))
        if with_help:
            lines.extend(_comment(question.help, "  "))
            allowed = " | ".join(option.value for option in bank.scale)
            if question.not_applicable:
                lines.extend(
                    _comment(f"Answers: {allowed} | {bank.not_applicable.value} ({question.not_applicable})", "  ")
                )
            else:
                lines.append(f"  # Answers: {allowed}")
        lines.extend(_answer_lines(question.id, answers.answers.get(question.id)))
    # Answers to questions not asked (another model's, with --model) are kept, never dropped.
    asked = {question.id for question in questions}
    others = [(key, value) for key, value in answers.answers.items() if key not in asked]
    if others:
        lines.append("")
        lines.append("  # ── Answers to questions not asked in this run ".ljust(_WIDTH - 2, "─"))
        for other_id, other_answer in others:
            lines.extend(_answer_lines(other_id, other_answer))
    return "\n".join(lines) + "\n"


def _answer_lines(question_id: str, given: Answer | None) -> list[str]:
    if given is None or (given.answer is None and not given.note and not given.evidence and not given.source):
        return [f"  {question_id}:"]
    if not given.note and not given.evidence and not given.source:
        return [f"  {question_id}: {_scalar(given.answer)}"]
    answer = _scalar(given.answer) if given.answer is not None else ""
    lines = [f"  {question_id}:", f"    answer: {answer}".rstrip()]
    if given.note:
        lines.append(f"    note: {_scalar(given.note)}")
    if given.evidence:
        lines.append("    evidence:")
        lines.extend(f"      - {_scalar(link)}" for link in given.evidence)
    if given.source:
        lines.append(f"    source: {_scalar(given.source)}")
    return lines
