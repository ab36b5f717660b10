"""Reading input files with limits, and writing output files atomically."""

from __future__ import annotations

import codecs
import contextlib
import os
import tempfile
from pathlib import Path

from mlops_maturity.errors import InputFileError, OutputError, Problem

MAX_FILE_BYTES = 1024 * 1024
"""Largest input file read (1 MiB): a real answers file or questionnaire is far smaller."""


def read_text_file(path: Path, *, what: str, max_bytes: int = MAX_FILE_BYTES) -> str:
    """Read a UTF-8 text file (a byte order mark is accepted), with clear errors.

    Raises:
        InputFileError: missing, a directory, unreadable, too large or not UTF-8.
    """
    shown = str(path)
    try:
        if path.is_dir():
            raise InputFileError.at(Problem(shown, message=f"is a folder, expected {what}"))
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputFileError.at(Problem(shown, message=f"no such file (expected {what})")) from None
    except PermissionError:
        raise InputFileError.at(Problem(shown, message="permission denied")) from None
    except OSError as error:
        raise InputFileError.at(Problem(shown, message=f"cannot be read: {error.strerror or error}")) from None
    if len(raw) > max_bytes:
        raise InputFileError.at(
            Problem(shown, message=f"larger than {max_bytes // 1024} KiB; {what} is expected to be much smaller")
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
                message=f"not valid UTF-8 (byte 0x{raw[error.start]:02x} at offset {error.start})",
                hint="save the file as UTF-8",
            )
        ) from None


def check_writable(path: Path) -> None:
    """Fail early on an output path that can never be written: a folder, or in a missing one.

    Raises:
        OutputError: with the reason.
    """
    target = path.resolve() if path.is_symlink() else path
    if target.is_dir():
        raise OutputError(f"{path}: is a folder; name a file to write")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"{path}: the folder {folder} does not exist")


def write_text_atomic(path: Path, text: str) -> None:
    """Write a file so that it is either fully old or fully new, never half-written.

    The text goes to a temporary file in the same folder, is flushed to disk, then
    renamed over the target (`os.replace` is atomic on one file system). A symbolic link
    is written through, like the shell's `>`; a device or pipe (/dev/stdout, a FIFO),
    which cannot be replaced, is written to directly.

    Raises:
        OutputError: the folder does not exist, the path is a folder, or it cannot be written.
    """
    shown = path
    check_writable(path)
    if path.is_symlink():
        path = path.resolve()
    if path.exists() and not path.is_file():
        try:
            with path.open("w", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as error:
            raise OutputError(f"{shown}: cannot be written: {error.strerror}") from None
        return
    folder = path.parent if str(path.parent) else Path(".")
    try:
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise OutputError(f"{shown}: cannot write in {folder}: {error.strerror}") from None
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            # Keep the permissions a user gave the existing file.
            os.chmod(temporary, path.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise OutputError(f"{shown}: cannot be written: {error.strerror}") from None
        raise
