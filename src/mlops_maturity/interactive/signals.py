"""Signals during the questionnaire: SIGTERM and SIGHUP end it like Ctrl-C, saves are never cut."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Callable, Iterator
from types import FrameType
from typing import Any


class Stopped(KeyboardInterrupt):
    """SIGTERM, or SIGHUP from a closed terminal: handled like Ctrl-C, the answers are saved.

    A `KeyboardInterrupt`, so that every path that handles Ctrl-C handles these too.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


STOP_SIGNALS: tuple[signal.Signals, ...] = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)


class StopSignals:
    """Within `with StopSignals() as signals:`, SIGTERM and SIGHUP raise `Stopped`.

    Without this, Python dies on either at once, without unwinding: no message, and a save
    cut short leaves its temporary file behind. Every handler is restored on leaving the
    block. Outside the main thread (where handlers cannot be set) this does nothing.
    """

    def __init__(self) -> None:
        self._previous: dict[int, Callable[[int, FrameType | None], Any] | int | None] = {}

    def __enter__(self) -> StopSignals:
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGINT, *STOP_SIGNALS):
                self._previous[signum] = signal.getsignal(signum)
            for signum in STOP_SIGNALS:
                signal.signal(signum, self._stop)
            # NOTE: Python leaves Ctrl-C ignored when the process started with SIGINT ignored
            # (a parent that ignores it, such as some job runners): the questionnaire promises
            # that Ctrl-C saves and exits 130, so it takes Ctrl-C back for its own run.
            signal.signal(signal.SIGINT, signal.default_int_handler)
        return self

    def __exit__(self, *_exc: object) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)
        self._previous.clear()

    def stopping(self) -> None:
        """The run is already ending: ignore Ctrl-C, SIGTERM and SIGHUP until the block ends.

        NOTE: a closed terminal brings both the end of input and a SIGHUP, in either order,
        and some senders follow SIGHUP with SIGINT; one interruption is reported, not three.
        A signal already pending when this is called may still raise `Stopped` from here.
        """
        for signum in self._previous:
            signal.signal(signum, signal.SIG_IGN)

    def _stop(self, signum: int, _frame: FrameType | None) -> None:
        self.stopping()
        raise Stopped(signum)


@contextlib.contextmanager
def signals_deferred() -> Iterator[None]:
    """Hold back Ctrl-C, SIGTERM and SIGHUP until the block ends (where the platform allows)."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, *STOP_SIGNALS})
    try:
        yield
    finally:
        # A signal that arrived meanwhile is delivered here, once the file is complete.
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
