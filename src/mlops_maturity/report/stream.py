"""`score --format jsonl` over many files: each file's line rendered as soon as it is scored.

Memory stays flat over any number of files. Past `POOL_THRESHOLD` files, worker processes
(one per core) each load the questionnaires once, then score and render their share in
order; one file's path stays a single process.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mlops_maturity.engine.batch import POOL_THRESHOLD, Failed, score_files
from mlops_maturity.errors import ExitCode

if TYPE_CHECKING:
    from mlops_maturity.engine.gate import Threshold
    from mlops_maturity.questionnaire.model import QuestionnaireSet

Rendered = tuple[str, list[str], ExitCode]
"""One file: its JSON line, what to tell the person (stderr), its exit code."""

_worker: dict[str, Any] = {}
"""What each worker process loads once (see `_start`)."""


def _render(
    paths: list[Path],
    questionnaires: QuestionnaireSet,
    model_ids: tuple[str, ...],
    thresholds: list[Threshold],
    strict: bool,
) -> list[Rendered]:
    from mlops_maturity.report.json import render_json_lines
    from mlops_maturity.report.wording import error_lines, scored_notices

    rendered: list[Rendered] = []
    for outcome in score_files(paths, questionnaires, model_ids, thresholds, strict=strict):
        notices = error_lines(outcome.error) if isinstance(outcome, Failed) else scored_notices(outcome)
        rendered.append((render_json_lines([outcome], thresholds), notices, outcome.exit_code))
    return rendered


def _start(folder: str | None, model_ids: tuple[str, ...], thresholds: list[Threshold], strict: bool) -> None:
    from mlops_maturity.questionnaire.folder import load_questionnaires
    from mlops_maturity.questionnaire.shipped import load_shipped_questionnaires

    _worker.update(
        questionnaires=load_shipped_questionnaires() if folder is None else load_questionnaires(Path(folder)),
        model_ids=model_ids,
        thresholds=thresholds,
        strict=strict,
    )


def _chunk(paths: list[Path]) -> list[Rendered]:
    return _render(
        paths, _worker["questionnaires"], _worker["model_ids"], _worker["thresholds"], bool(_worker["strict"])
    )


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
    count = workers if workers is not None else min(os.cpu_count() or 1, 8)
    if count <= 1 or len(paths) < POOL_THRESHOLD:
        for path in paths:
            yield from _render([path], questionnaires, model_ids, thresholds, strict)
        return
    from concurrent.futures import Future, ProcessPoolExecutor

    size = max(8, min(64, len(paths) // (count * 8)))  # small chunks: what is in flight stays small
    chunks = [paths[start : start + size] for start in range(0, len(paths), size)]
    folder = None if questionnaires_folder is None else str(questionnaires_folder)
    with ProcessPoolExecutor(count, initializer=_start, initargs=(folder, model_ids, thresholds, strict)) as pool:
        # NOTE: a few chunks in flight, not all: results wait for the writer in memory otherwise.
        pending: deque[Future[list[Rendered]]] = deque()
        for chunk in chunks:
            pending.append(pool.submit(_chunk, chunk))
            if len(pending) > 2 * count:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
