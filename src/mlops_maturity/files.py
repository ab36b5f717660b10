"""Reading input files with limits, and writing output files atomically."""

from __future__ import annotations

import codecs
import contextlib
import os
import stat
import sys
import tempfile
from pathlib import Path

from mlops_maturity.errors import InputFileError, OutputError, Problem
from mlops_maturity.messages import N_, _

_WHAT = (
    N_("an answers file (YAML or JSON)"),
    N_("an answers file"),
    N_("an answers file or a JSON result of `score --format json`"),
    N_("a questionnaire file"),
    N_("a detector catalogue file"),
    N_("a translation file"),
)
"""What callers say they read (`what`), marked here for the catalogue: they pass it in English."""

MAX_FILE_BYTES = 1024 * 1024
"""Largest input file read (1 MiB): a real answers file or questionnaire is far smaller."""


def read_text_file(path: Path, *, what: str, max_bytes: int = MAX_FILE_BYTES) -> str:
    """Read a UTF-8 text file (a byte order mark is accepted), with clear errors.

    Only a regular file is read, or the process's own stdin (`/dev/stdin` fed by a pipe or
    a terminal): a FIFO nobody writes to would block forever, and a device never ends.

    Raises:
        InputFileError: missing, a directory, not a regular file, unreadable, too large or
            not UTF-8.
    """
    shown = str(path)
    try:
        raw = _read_regular(path, shown, what, max_bytes)
    except FileNotFoundError:
        raise InputFileError.at(
            Problem(shown, message=_("no such file (expected {what})").format(what=_(what)))
        ) from None
    except PermissionError:
        raise InputFileError.at(Problem(shown, message=_("permission denied"))) from None
    except OSError as error:
        raise InputFileError.at(
            Problem(shown, message=_("cannot be read: {reason}").format(reason=error.strerror or error))
        ) from None
    if len(raw) > max_bytes:
        raise InputFileError.at(
            Problem(
                shown,
                message=_("larger than {size} KiB; {what} is expected to be much smaller").format(
                    size=max_bytes // 1024, what=_(what)
                ),
            )
        )
    # NOTE: a byte order mark is accepted; removeprefix avoids loading the utf-8-sig codec.
    raw = raw.removeprefix(codecs.BOM_UTF8)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise InputFileError.at(
            Problem(
                shown,
                line,
                message=_("not valid UTF-8 (byte {byte} at offset {offset})").format(
                    byte=f"0x{raw[error.start]:02x}", offset=error.start
                ),
                hint=_("save the file as UTF-8"),
            )
        ) from None


def _read_regular(path: Path, shown: str, what: str, max_bytes: int) -> bytes:
    """At most `max_bytes + 1` bytes of a regular file (or of stdin), never blocking on open."""
    import stat

    # NOTE: O_NONBLOCK makes opening a FIFO without a writer return at once (instead of
    # waiting for one), so that fstat can tell what the path is before anything is read.
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        status = os.fstat(descriptor)
        if stat.S_ISDIR(status.st_mode):
            raise InputFileError.at(Problem(shown, message=_("is a folder, expected {what}").format(what=_(what))))
        if not stat.S_ISREG(status.st_mode):
            if not _is_stdin(status):
                kind = _("a FIFO (named pipe)") if stat.S_ISFIFO(status.st_mode) else _("a device or socket")
                message = _("is {kind}, not a regular file (expected {what})").format(kind=kind, what=_(what))
                raise InputFileError.at(Problem(shown, message=message))
            os.set_blocking(descriptor, True)  # stdin's writer is the user: wait for it
    except BaseException:
        os.close(descriptor)
        raise
    with os.fdopen(descriptor, "rb") as handle:
        return handle.read(max_bytes + 1)


def _is_stdin(status: os.stat_result) -> bool:
    """Whether a file is this process's stdin (e.g. `/dev/stdin`, a pipe or a terminal)."""
    try:
        return os.path.samestat(status, os.fstat(0))
    except OSError:  # no stdin at all
        return False


def check_writable(path: Path) -> None:
    """Fail early on an output path that can never be written.

    A folder, a path in a missing folder, a read-only file, or a descriptor (/dev/fd/N)
    that is not open.

    Raises:
        OutputError: with the reason.
    """
    descriptor = _output_descriptor(path)
    if descriptor is not None:
        try:
            os.fstat(descriptor)
        except OSError:
            raise OutputError(
                _("{path}: file descriptor {descriptor} is not open").format(path=path, descriptor=descriptor)
            ) from None
        return
    try:
        target = path.resolve() if path.is_symlink() else path
    except RuntimeError:  # Python 3.11 raises RuntimeError for a loop of links (OSError: the caller says why)
        raise OutputError(
            _("{path}: is a symbolic link that leads nowhere (a loop); name a file to write").format(path=path)
        ) from None
    if target.is_dir():
        raise OutputError(_("{path}: is a folder; name a file to write").format(path=path))
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(_("{path}: the folder {folder} does not exist").format(path=path, folder=folder))
    if _is_read_only(target):
        raise OutputError(
            _("{path}: is read-only; make it writable (chmod u+w) or choose another name").format(path=path)
        )


def write_text_atomic(path: Path, text: str) -> None:
    """Write a file so that it is either fully old or fully new, never half-written.

    The text goes to a temporary file in the same folder, is flushed to disk, then
    renamed over the target (`os.replace` is atomic on one file system). A symbolic link
    is written through, like the shell's `>`; a device or pipe (a FIFO), which cannot be
    replaced, is written to directly. A path naming an open descriptor (/dev/stdout,
    /dev/fd/N), or the regular file that is already our stdout, is written through that
    descriptor, so that `-o /dev/stdout >> log.md` appends as the shell asked. A file with
    other hard links, or whose owner the new file cannot be given, is overwritten in place
    instead (not atomically), so that its links and its owner are kept.

    Raises:
        OutputError: the folder does not exist, the path is a folder or read-only, or it
            cannot be written.
    """
    shown = path
    check_writable(path)
    descriptor = _output_descriptor(path)
    if descriptor is not None:
        _write_through(descriptor, text, shown)
        return
    # NOTE: before resolving links: a link to a pipe's /proc entry resolves to no real path,
    # and opening the link itself reaches the pipe.
    if path.exists() and not path.is_file():
        try:
            with path.open("w", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as error:
            raise OutputError(_cannot_write(shown, error)) from None
        return
    if path.is_symlink():
        path = path.resolve()
    folder = path.parent if str(path.parent) else Path(".")
    try:
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise OutputError(
            _("{path}: cannot write in {folder}: {reason}").format(path=shown, folder=folder, reason=error.strerror)
        ) from None
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            current = path.stat()
            # Keep the permissions a user gave the existing file, and its owner where allowed.
            os.chmod(temporary, current.st_mode & 0o7777)
            if not _keeps_identity(temporary, current):
                # A hard link, or an owner we may not give the new file: replacing the file
                # would cut the other names off or change its owner; write it in place instead.
                os.unlink(temporary)
                _write_in_place(path, text, shown)
                return
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise OutputError(_cannot_write(shown, error)) from None
        raise


def _cannot_write(shown: Path, error: OSError) -> str:
    return _("{path}: cannot be written: {reason}").format(path=shown, reason=error.strerror)


def _keeps_identity(temporary: str, current: os.stat_result) -> bool:
    """Whether the new file can stand in for the old one: no other hard link to it, and the
    old owner and group given to the new file (or already its own)."""
    if current.st_nlink > 1:
        return False
    if os.name != "posix":
        return True
    mine = os.stat(temporary)
    if (mine.st_uid, mine.st_gid) == (current.st_uid, current.st_gid):
        return True
    try:
        os.chown(temporary, current.st_uid, current.st_gid)
    except OSError:
        return False
    return True


def _write_in_place(path: Path, text: str, shown: Path) -> None:
    """Overwrite a regular file's content through its own inode (hard links and owner kept)."""
    data = text.encode("utf-8")
    try:
        with path.open("r+b") as handle:
            handle.write(data)
            handle.truncate()
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as error:
        raise OutputError(_cannot_write(shown, error)) from None


def _is_read_only(target: Path) -> bool:
    """An existing regular file we may not write; replacing it would defeat its mode.

    As root, `os.access` allows everything, so a file that nobody may write (0444) counts
    as read-only too.
    """
    try:
        mode = target.stat().st_mode
    except OSError:
        return False
    return stat.S_ISREG(mode) and (not os.access(target, os.W_OK) or mode & 0o222 == 0)


def _named_descriptor(path: Path) -> int | None:
    """The descriptor a path such as /dev/stdout, /dev/fd/3 or /proc/self/fd/1 names."""
    name = os.path.normpath(os.path.abspath(path))
    named = {"/dev/stdin": 0, "/dev/stdout": 1, "/dev/stderr": 2}.get(name)
    if named is not None:
        return named
    for prefix in ("/dev/fd/", "/proc/self/fd/"):
        number = name.removeprefix(prefix)
        if number != name and number.isascii() and number.isdigit():
            return int(number)
    return None


def names_stdout(path: Path | None) -> bool:
    """`-` given for an output: write to standard output."""
    return path is not None and str(path) == "-"


def is_existing_file(path: Path) -> bool:
    """A regular file is there (through links), other than one of our own open outputs
    (/dev/stdout redirected to a file): what a command that never overwrites refuses."""
    return path.is_file() and _output_descriptor(path) is None


def _output_descriptor(path: Path) -> int | None:
    """The open descriptor to write an output path through, or None to write the file itself.

    Resolving /dev/stdout and replacing its target would cut the file off from the shell's
    descriptor (and its `>>`); into a pipe the target cannot even be named. A regular file
    that is already our stdout (`-o log.md >> log.md`) is written through stdout likewise.
    """
    if os.name != "posix":
        return None
    named = _named_descriptor(path)
    if named is not None:
        return named
    try:
        ours = os.fstat(1)
        target = os.stat(path)
    except OSError:
        return None
    if stat.S_ISREG(ours.st_mode) and (ours.st_dev, ours.st_ino) == (target.st_dev, target.st_ino):
        return 1
    return None


def _write_through(descriptor: int, text: str, shown: Path) -> None:
    """Write to an open descriptor at its own offset and with its own flags (append)."""
    data = text.encode("utf-8")
    if descriptor == 1 and sys.stdout is not None:
        # Through sys.stdout: after what it already holds, and failing as stdout fails.
        sys.stdout.flush()
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:
            sys.stdout.write(text)
            sys.stdout.flush()
        else:
            buffer.write(data)
            buffer.flush()
        return
    try:
        if descriptor == 2 and sys.stderr is not None:
            sys.stderr.flush()
        with os.fdopen(os.dup(descriptor), "wb") as handle:
            handle.write(data)
    except OSError as error:
        raise OutputError(_cannot_write(shown, error)) from None
