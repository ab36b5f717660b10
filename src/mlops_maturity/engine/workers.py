"""Work over many answers files in worker processes: in order, a few chunks in flight.

Each worker loads the questionnaires once. Below `POOL_THRESHOLD` files, or with one
worker, the work runs in this process: one file's path stays fast.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import Future

    from mlops_maturity.questionnaire.model import QuestionnaireSet

POOL_THRESHOLD = 64
"""Below this many files, one process is faster than starting workers."""

ResultT = TypeVar("ResultT")
Work = Callable[[list[Path], "QuestionnaireSet", Any], list[ResultT]]
"""What to do with a chunk of files; a module-level function, so that workers can be sent it."""

_loaded: dict[str, Any] = {}
"""The questionnaires each worker process loads once (see `_start`)."""


def _start(questionnaires_folder: str | None) -> None:
    from mlops_maturity.questionnaire.folder import load_questionnaires
    from mlops_maturity.questionnaire.shipped import load_shipped_questionnaires

    _loaded["questionnaires"] = (
        load_shipped_questionnaires()
        if questionnaires_folder is None
        else load_questionnaires(Path(questionnaires_folder))
    )


def _run(work: Work[ResultT], chunk: list[Path], options: Any) -> list[ResultT]:
    return work(chunk, _loaded["questionnaires"], options)


def in_workers(
    work: Work[ResultT],
    paths: list[Path],
    questionnaires: QuestionnaireSet,
    questionnaires_folder: Path | None,
    options: Any,
    *,
    workers: int | None = None,
    largest_chunk: int = 500,
) -> Iterator[ResultT]:
    """`work` over every file, results in the order given.

    `questionnaires_folder` is where workers load the questionnaires from (None: the shipped
    ones); `questionnaires` is the same set, already loaded here. `largest_chunk` bounds
    what waits in memory: at most about `2 * workers + 1` chunks of results at a time.
    """
    count = workers if workers is not None else min(os.cpu_count() or 1, 8)
    if count <= 1 or len(paths) < POOL_THRESHOLD:
        for path in paths:
            yield from work([path], questionnaires, options)
        return
    from concurrent.futures import ProcessPoolExecutor

    size = max(8, min(largest_chunk, len(paths) // (count * 8)))
    chunks = [paths[start : start + size] for start in range(0, len(paths), size)]
    folder = None if questionnaires_folder is None else str(questionnaires_folder)
    with ProcessPoolExecutor(count, initializer=_start, initargs=(folder,)) as pool:
        # NOTE: a few chunks in flight, not all: results wait for their reader in memory otherwise.
        pending: deque[Future[list[ResultT]]] = deque()
        for chunk in chunks:
            pending.append(pool.submit(_run, work, chunk, options))
            if len(pending) > 2 * count:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
