"""Process-wide bounds on a render: a timer that interrupts it, and a cap on the memory it may add.

Used by `template_sandbox.BoundedSandbox.render_bounded`.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator


@contextlib.contextmanager
def interrupt_after(seconds: float, expiry: Callable[[], BaseException]) -> Iterator[None]:
    """Interrupt the render after `seconds`, even inside a loop that calls nothing.

    Only the main thread can take signals; elsewhere `check_time()` is the bound. A timer
    already armed by someone else is left alone.
    """
    if (
        not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
        or signal.getitimer(signal.ITIMER_REAL) != (0.0, 0.0)
    ):
        yield
        return

    def expired(signum: int, frame: object) -> None:
        raise expiry()

    previous = signal.signal(signal.SIGALRM, expired)
    # NOTE: repeating, in case one interrupt lands in a `try` that swallows it.
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.25)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def memory_capped(extra: int) -> Iterator[bool]:
    """Cap the process's address space at its size now plus `extra`; yields whether it did.

    Only on Linux, where RLIMIT_AS is enforced, and only while this is the process's one
    thread: the cap is process-wide. Past the cap, allocations raise MemoryError.
    """
    linux_alone = sys.platform.startswith("linux") and threading.active_count() == 1
    previous = _cap_address_space(extra) if linux_alone else None
    try:
        yield previous is not None
    finally:
        if previous is not None:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, previous)


def _cap_address_space(extra: int) -> tuple[int, int] | None:
    """Set the cap; the limits to restore afterwards, or None where none was set."""
    import resource

    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            size = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = size + extra if hard == resource.RLIM_INFINITY else min(size + extra, hard)
        if cap <= size or (soft != resource.RLIM_INFINITY and soft <= cap):
            return None  # a stricter limit is kept
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    except (OSError, ValueError, IndexError):
        return None
    return soft, hard
