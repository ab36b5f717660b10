"""One session per answers file: a lock held for the whole run, and a check before each save.

The lock (`flock` on `.FILE.lock` beside the file) stops a second `assess` at once; the
fingerprint check catches what a lock cannot: an editor, a script, a session on another
machine over a network file system. Either way no acknowledged answer is overwritten.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from mlops_maturity.errors import OutputError
from mlops_maturity.messages import _

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: the fingerprint check still guards saves
    fcntl = None  # type: ignore[assignment]


class FileInUse(OutputError):
    """Another session holds the answers file."""


class FileChanged(OutputError):
    """The answers file changed on disk since this session read or wrote it."""


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What a file held: modification time, size and a hash of its content."""

    mtime_ns: int
    size: int
    digest: str


def fingerprint(path: Path) -> Fingerprint | None:
    """The file's fingerprint, or None when there is no file."""
    try:
        with path.open("rb") as handle:
            stat = os.fstat(handle.fileno())
            digest = hashlib.sha256(handle.read()).hexdigest()
    except FileNotFoundError:
        return None
    return Fingerprint(stat.st_mtime_ns, stat.st_size, digest)


def lock_path(path: Path) -> Path:
    """`.FILE.lock` beside the file, after links: two names for one file share one lock."""
    target = path.resolve()
    return target.with_name(f".{target.name}.lock")


def _holder(descriptor: int) -> str:
    with contextlib.suppress(OSError, ValueError):
        text = os.pread(descriptor, 32, 0).decode("ascii").strip()
        if text.isdigit():
            return " " + _("(pid {pid})").format(pid=text)
    return ""


def _acquire(path: Path) -> int:
    lock = lock_path(path)
    while True:
        try:
            descriptor = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            raise OutputError(
                _("{path}: cannot create the lock file {lock}: {reason}").format(
                    path=path, lock=lock, reason=error.strerror
                )
            ) from None
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(descriptor)
            os.close(descriptor)
            raise FileInUse(
                _("{path}: is being answered in another session{holder}").format(path=path, holder=holder),
                hint=_("finish or quit that session first (q saves); its answers would be overwritten"),
            ) from None
        # The previous holder removes the lock file on leaving: lock the file that is there now.
        with contextlib.suppress(FileNotFoundError):
            if os.path.samestat(os.fstat(descriptor), os.stat(lock)):
                os.ftruncate(descriptor, 0)
                os.write(descriptor, f"{os.getpid()}\n".encode("ascii"))
                return descriptor
        os.close(descriptor)


@contextlib.contextmanager
def session_lock(path: Path) -> Iterator[None]:
    """Hold the answers file for this session; another one exits at once.

    Raises:
        FileInUse: another session holds it.
        OutputError: the lock file cannot be created (the folder is not writable).
    """
    if fcntl is None:  # pragma: no cover
        yield
        return
    from mlops_maturity.interactive.signals import signals_deferred

    descriptor: int | None = None
    try:
        # Deferred signals: a lock file is never left behind half-made by Ctrl-C or SIGTERM;
        # one delivered as the block ends finds the try in force, which removes the lock file.
        with signals_deferred():
            descriptor = _acquire(path)
        yield
    finally:
        if descriptor is not None:
            _release(path, descriptor)


def _release(path: Path, descriptor: int) -> None:
    """Remove the lock file and let go of it, even when a signal lands as this begins.

    NOTE: a signal handler runs between any two steps of Python code, so one can land after
    the session's last step and before the signals are held back: the lock file is then
    removed all the same, and the interruption goes on once it is.
    """
    from mlops_maturity.interactive.signals import signals_deferred

    released = False
    interruption: KeyboardInterrupt | None = None
    while not released:
        try:
            # Both steps may run twice (a handler already due can still run in the block):
            # the second unlink finds nothing, the second close a closed descriptor.
            with signals_deferred():
                with contextlib.suppress(OSError):
                    os.unlink(lock_path(path))
                with contextlib.suppress(OSError):
                    os.close(descriptor)
            released = True
        except KeyboardInterrupt as error:
            interruption = error
    if interruption is not None:
        raise interruption
