"""One way to write every file the tool makes (.pptx, .pdf, .png, .po/.pot, run sheets,
manifests): all at once, so readers see the old file or the new, never half of one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def _current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# Read once at import (os.umask can only be read by setting it, which is not thread-safe, and
# batch builds write decks from several threads).
_UMASK = _current_umask()


def atomic_write_bytes(data: bytes, path: Path) -> None:
    """Write ``data`` to ``path`` all at once: readers see the old file or the new, never half.

    The bytes go to a hidden temporary file in the same folder, are flushed to disk, and the
    temporary file is renamed over ``path``. If anything fails the temporary file is removed,
    the exception propagates and an existing file at ``path`` is untouched. The new file gets
    the old file's permissions, or the usual ones for a new file (0666 less the umask).
    """
    path = Path(path)
    if path.is_dir():
        raise IsADirectoryError(
            f"{path} is a folder, not a file; give a file name such as {path / 'deck.pptx'}"
        )
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o666 & ~_UMASK
    directory = path.parent
    tmp = tempfile.NamedTemporaryFile(
        dir=directory, delete=False, prefix="." + path.name, suffix=".tmp"
    )
    try:
        with tmp:
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.chmod(tmp.name, mode)
        os.replace(tmp.name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp.name)
        raise
    _fsync_directory(directory)


def _fsync_directory(directory: Path) -> None:
    """Make the rename durable where the platform allows it (not on Windows)."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def atomic_write_text(text: str, path: Path) -> None:
    """``text`` as UTF-8 with the newlines given (no platform translation), atomically."""
    atomic_write_bytes(text.encode("utf-8"), path)
