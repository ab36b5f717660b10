"""A progress bar on stderr for long work, for a person watching a terminal only.

Never in piped or CI output: only when stderr is a terminal and the `CI` variable is not
set (GitHub Actions, GitLab CI and most runners set it), so logs and captured stderr stay
clean. The bar is transient: it disappears when the work is done, leaving the output as
it would be without it. Work that ends within `DELAY` seconds never shows one.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable, Iterator

DELAY = 1.0
"""Seconds of work before a bar appears: a short run shows nothing."""


def wanted() -> bool:
    """A person watches stderr in a terminal, outside CI."""
    try:
        return sys.stderr.isatty() and not os.environ.get("CI")
    except (AttributeError, ValueError):  # a closed or replaced stream
        return False


def _nothing(done: int = 1) -> None:
    """Counts nothing: no one is watching."""


@contextlib.contextmanager
def progress(description: str, total: int | None) -> Iterator[Callable[[int], None]]:
    """`with progress("Scoring", len(paths)) as advance:` then `advance(1)` per item done.

    `total` None: the amount of work is not known in advance (a count, no bar).
    """
    if not wanted():
        yield _nothing
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeElapsedColumn

    columns: list[ProgressColumn] = [TextColumn("{task.description}")]
    columns += [BarColumn(), MofNCompleteColumn()] if total is not None else [TextColumn("{task.completed}")]
    bar = Progress(*columns, TimeElapsedColumn(), console=Console(stderr=True), transient=True)
    task = bar.add_task(description, total=total)
    started = time.monotonic()
    shown = False

    def advance(done: int = 1) -> None:
        nonlocal shown
        bar.advance(task, done)
        if not shown and time.monotonic() - started >= DELAY:
            bar.start()
            shown = True

    try:
        yield advance
    finally:
        if shown:
            bar.stop()
