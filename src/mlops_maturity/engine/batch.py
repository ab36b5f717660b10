"""Scoring several answers files in one run: every file's outcome, and the run's exit code.

A file that cannot be read or scored is an outcome like any other, so that one bad file
never hides the results of the good ones. The run's exit code is the worst of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from mlops_maturity.engine.assessment import Assessment
from mlops_maturity.engine.gate import GateFailure, Threshold, failed_thresholds
from mlops_maturity.errors import ExitCode, MaturityError, Problem, UsageError
from mlops_maturity.questionnaire.model import QuestionnaireSet


@dataclass(frozen=True)
class Scored:
    """An answers file scored: its assessment and the thresholds it is below."""

    path: str
    assessment: Assessment
    failures: list[GateFailure]

    @property
    def exit_code(self) -> ExitCode:
        return ExitCode.BELOW_THRESHOLD if self.failures else ExitCode.OK


@dataclass(frozen=True)
class Failed:
    """An answers file that could not be scored, and why."""

    path: str
    error: MaturityError

    @property
    def exit_code(self) -> ExitCode:
        return self.error.exit_code

    @property
    def problems(self) -> tuple[Problem, ...]:
        return self.error.problems


Outcome = Scored | Failed


def score_file(
    path: Path,
    questionnaires: QuestionnaireSet,
    model_ids: tuple[str, ...],
    thresholds: list[Threshold],
    *,
    strict: bool = False,
) -> Scored:
    """Load, check and score one answers file, and check it against the thresholds.

    Raises:
        InputFileError, AnswersError: the file cannot be used.
        UsageError: with `strict`, questions are unanswered.
    """
    from mlops_maturity.answers.load import load_answers
    from mlops_maturity.engine.scoring import score

    loaded = load_answers(path, questionnaires)
    assessment = score(questionnaires, loaded.answers, model_ids, answers_file=loaded.path)
    missing = assessment.unanswered
    if missing and strict:
        raise UsageError(f"{loaded.path}: {len(missing)} question(s) unanswered (--strict): {', '.join(missing)}")
    return Scored(loaded.path, assessment, failed_thresholds(assessment, thresholds))


def score_files(
    paths: list[Path],
    questionnaires: QuestionnaireSet,
    model_ids: tuple[str, ...],
    thresholds: list[Threshold],
    *,
    strict: bool = False,
) -> Iterator[Outcome]:
    """Each file's outcome, in the order given; a file that cannot be used is a `Failed`."""
    for path in paths:
        try:
            yield score_file(path, questionnaires, model_ids, thresholds, strict=strict)
        except MaturityError as error:
            yield Failed(str(path), error)


def worst_exit_code(outcomes: list[Outcome]) -> ExitCode:
    """The run's exit code: invalid input outranks a failed gate, which outranks success."""
    return max((outcome.exit_code for outcome in outcomes), default=ExitCode.OK)
