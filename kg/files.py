"""Writing output files so that no reader ever sees half of one.

Every file newskg writes for a user (exports, the HTML page) goes through
:func:`atomic_file`: the bytes go to a temporary file beside the target, are flushed to
disk, and only then renamed over the target, so a failure leaves the old file (or none)
and no temporary file behind.
"""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from kg.errors import OutputError


@contextmanager
def atomic_file(path: Path) -> Iterator[IO[bytes]]:
    """A binary file that appears at ``path`` only once fully written, flushed and closed.

    A stream (``/dev/stdout``, a named pipe) is written straight through: it has no old
    contents to keep, and renaming a file over it would replace the device (as root, for
    every later user of the name). A file system's refusal (a full disk, no permission,
    a read-only mount) is an OutputError naming the file."""
    temp = path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp"
    try:
        if _is_stream(path):
            with path.open("wb") as stream:
                yield stream
            return
        # os.open with a mode honours the umask, so the file gets the usual permissions
        # (a NamedTemporaryFile or mkstemp would stay 0600 after the rename).
        handle = os.fdopen(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), "wb")
        try:
            with handle:
                yield handle
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, path)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
    except OSError as error:
        # Only the operating system's errors (they carry an errno) about this file: an
        # error of whatever produced the bytes (a store read, another file opened) is not
        # this file's and passes unchanged.
        if error.errno is None or error.filename not in (None, str(temp), str(path)):
            raise
        raise OutputError(f"cannot write {path}: {error.strerror}") from error


def _is_stream(path: Path) -> bool:
    try:
        mode = path.stat().st_mode  # through a symbolic link: /dev/stdout is one
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through :func:`atomic_file`."""
    with atomic_file(path) as handle:
        handle.write(data)
