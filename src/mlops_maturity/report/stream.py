"""`score --format jsonl` over many files: each file's line rendered as soon as it is scored.

Memory stays flat over any number of files: past `engine.workers.POOL_THRESHOLD` files,
worker processes (one per core) score and render their share, in order, a few small chunks
at a time; one file's path stays a single process.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from mlops_maturity.engine.batch import Failed, score_files
from mlops_maturity.engine.workers import in_workers
from mlops_maturity.errors import ExitCode

if TYPE_CHECKING:
    from mlops_maturity.engine.gate import Threshold
    from mlops_maturity.questionnaire.model import QuestionnaireSet

Rendered = tuple[str, list[str], list[str], ExitCode]
"""One file: its JSON line, what to tell the person (stderr), its errors or gate failures
(stderr, even with `-q`), its exit code."""


def _render(
    paths: list[Path], questionnaires: QuestionnaireSet, options: tuple[tuple[str, ...], list[Threshold], bool]
) -> list[Rendered]:
    from mlops_maturity.report.json import render_json_lines
    from mlops_maturity.report.wording import error_lines, gate_notices, scored_notices

    model_ids, thresholds, strict = options
    rendered: list[Rendered] = []
    for outcome in score_files(paths, questionnaires, model_ids, thresholds, strict=strict):
        if isinstance(outcome, Failed):
            notices, told = [], error_lines(outcome.error)
        else:
            notices, told = scored_notices(outcome), gate_notices(outcome)
        rendered.append((render_json_lines([outcome], thresholds), notices, told, outcome.exit_code))
    return rendered


def json_lines(
    paths: list[Path],
    questionnaires: QuestionnaireSet,
    questionnaires_folder: Path | None,
    model_ids: tuple[str, ...],
    thresholds: list[Threshold],
    *,
    strict: bool = False,
    workers: int | None = None,
) -> Iterator[Rendered]:
    """Each file's line, notices and exit code, in the order given."""
    # NOTE: small chunks: a rendered result is tens of kilobytes, and what is in flight waits in memory.
    yield from in_workers(
        _render,
        paths,
        questionnaires,
        questionnaires_folder,
        (model_ids, thresholds, strict),
        workers=workers,
        largest_chunk=64,
    )
