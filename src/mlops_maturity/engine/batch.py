"""Scoring several answers files in one run: every file's outcome, and the run's exit code.

A file that cannot be read or scored is an outcome like any other, so that one bad file
never hides the results of the good ones. The run's exit code is the worst of them.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mlops_maturity.engine.assessment import Assessment
from mlops_maturity.engine.gate import GateFailure, Threshold, failed_thresholds
from mlops_maturity.errors import ExitCode, MaturityError, Problem, UsageError
from mlops_maturity.questionnaire.model import QuestionnaireSet

if TYPE_CHECKING:
    from mlops_maturity.answers.migrate import MigrationResult
    from mlops_maturity.engine.portfolio import TeamSummary, UnreadFile


@dataclass(frozen=True, slots=True)
class Scored:
    """An answers file scored: its assessment and the thresholds it is below."""

    path: str
    assessment: Assessment
    failures: list[GateFailure]
    migration: MigrationResult | None = None
    """What reading an older questionnaire version did, to tell the person."""

    @property
    def exit_code(self) -> ExitCode:
        return ExitCode.BELOW_THRESHOLD if self.failures else ExitCode.OK


@dataclass(frozen=True, slots=True)
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

    With `strict`, every criterion must be met (no miss tolerated) and unanswered
    questions are an error.
    """
    from mlops_maturity.answers.load import load_answers
    from mlops_maturity.engine.scoring import score

    loaded = load_answers(path, questionnaires)
    assessment = score(questionnaires, loaded.answers, model_ids, answers_file=loaded.path, strict=strict)
    missing = assessment.unanswered
    if missing and strict:
        raise UsageError(f"{loaded.path}: {len(missing)} question(s) unanswered (--strict): {', '.join(missing)}")
    return Scored(loaded.path, assessment, failed_thresholds(assessment, thresholds), loaded.migration)


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


# ── Many files, summarised in worker processes (portfolio) ────────────────


def summarise_file(
    path: Path, questionnaires: QuestionnaireSet, model_ids: tuple[str, ...], thresholds: list[Threshold]
) -> TeamSummary | UnreadFile:
    """One answers file as the portfolio sees it; a file that cannot be used is an `UnreadFile`.

    Scored from the questionnaire's rank tables (`engine.rank_tables`): the portfolio needs
    levels and steps, not the explanation `score_model` builds for every criterion.
    """
    from mlops_maturity.answers.load import load_answers
    from mlops_maturity.engine.portfolio import TeamSummary, UnreadFile, identity, summarise
    from mlops_maturity.engine.rank_tables import tables_for

    try:
        loaded = load_answers(path, questionnaires)
    except MaturityError as error:
        return UnreadFile(
            answers_file=str(path), message=error.message, problems=list(error.problems), exit_code=error.exit_code
        )
    from mlops_maturity.engine.scope import in_scope

    answers = in_scope(loaded.answers, questionnaires)
    tables = tables_for(questionnaires)
    standings = tables.standings(answers, model_ids, thresholds) if tables is not None else None
    if standings is None:  # a questionnaire or an answer the tables do not cover: the full scoring
        from mlops_maturity.engine.scoring import score_model

        models = {
            model_id: score_model(questionnaires.model(model_id), answers, questionnaires, advice=False)
            for model_id in model_ids
        }
        return summarise(loaded.path, answers, models, questionnaires, thresholds)
    return TeamSummary(answers_file=loaded.path, models=standings, **identity(answers))


def _summarise_chunk(
    paths: list[Path], questionnaires: QuestionnaireSet, options: tuple[tuple[str, ...], list[Threshold]]
) -> list[TeamSummary | UnreadFile]:
    model_ids, thresholds = options
    summaries = []
    collecting = gc.isenabled()
    for path in paths:
        # NOTE: a file's parse tree and answers are garbage once its summary is made, and
        # freed by reference counting; with the cycle collector paused until then it never
        # walks them (it otherwise costs about what the scoring costs). Nothing here makes cycles;
        # should a library, the collector finds them after this file.
        gc.disable()
        try:
            summaries.append(summarise_file(path, questionnaires, model_ids, thresholds))
        finally:
            if collecting:
                gc.enable()
    return summaries


def summarise_files(
    paths: list[Path],
    questionnaires: QuestionnaireSet,
    questionnaires_folder: Path | None,
    model_ids: tuple[str, ...],
    thresholds: list[Threshold],
    *,
    workers: int | None = None,
) -> Iterator[TeamSummary | UnreadFile]:
    """Every file's summary, in the order given; in worker processes when there are many
    (see `engine.workers.in_workers`)."""
    from mlops_maturity.engine.workers import in_workers

    yield from in_workers(
        _summarise_chunk, paths, questionnaires, questionnaires_folder, (model_ids, thresholds), workers=workers
    )


# ── One assessment from an answers file or a saved JSON result (diff, history) ──


def assessment_of(
    path: Path, questionnaires: QuestionnaireSet, model_ids: tuple[str, ...]
) -> tuple[Assessment, MigrationResult | None]:
    """The assessment in a file: a JSON result of `score --format json`, or an answers file
    (scored; with what reading an older questionnaire version did).

    Raises:
        InputFileError, AnswersError: the file cannot be used.
    """
    from mlops_maturity.files import read_text_file

    text = read_text_file(path, what="an answers file or a JSON result of `score --format json`")
    result = _json_result(text)
    if result is None:
        from mlops_maturity.answers.load import load_answers
        from mlops_maturity.engine.scoring import score

        loaded = load_answers(path, questionnaires)
        return score(questionnaires, loaded.answers, model_ids, answers_file=loaded.path), loaded.migration
    from mlops_maturity.engine.result_data import ResultDataError, from_data
    from mlops_maturity.errors import InputFileError

    try:
        return from_data(Assessment, result, str(path)), None
    except ResultDataError as error:
        raise InputFileError.at(
            Problem(str(path), message=f"not a result of this tool's JSON (schema version 1): {error}")
        ) from None


def _json_result(text: str) -> dict[str, object] | None:
    """The data of a saved JSON result; None for anything else (an answers file, in YAML or JSON)."""
    if not text.lstrip().startswith("{"):
        return None
    import json

    try:
        data = json.loads(text)
    except ValueError:
        return None
    return data if isinstance(data, dict) and "schema_version" in data and "models" in data else None
