"""Writing files so that nothing is ever half-written: one temporary file, one rename."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(path, data: str | bytes) -> None:
    """Write ``data`` (text, as UTF-8, or bytes) to ``path`` through a temporary
    file in the same folder and one ``os.replace``: a reader sees the old content
    or the new, never half, and a link or FIFO at ``path`` is replaced, never followed."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
