"""Writing output files so that no reader ever sees half of one.

Every file newskg writes for a user (exports, the HTML page) goes through
:func:`atomic_file`: the bytes go to a temporary file beside the target, are flushed to
disk, and only then renamed over the target, so a failure leaves the old file (or none)
and no temporary file behind.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


@contextmanager
def atomic_file(path: Path) -> Iterator[IO[bytes]]:
    """A binary file that appears at ``path`` only once fully written, flushed and closed."""
    temp = path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp"
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


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through :func:`atomic_file`."""
    with atomic_file(path) as handle:
        handle.write(data)
