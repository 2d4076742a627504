"""Writing files so that a failure never leaves a half-written one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from . import _interrupt, messages
from .errors import OutputError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it to ``target`` when the block succeeds.

    The temporary file gets the permissions a new file would get (mkstemp
    makes it private), and it is removed when the block fails.
    """
    target = Path(target)
    if target.is_dir():
        raise OutputError(messages.line("files_target_folder_give_name", target=target,
                                        target_map_html=target / 'map.html'))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(messages.line("files_target_cannot_create_folder", target=target,
                                        target_parent=target.parent, exc_strerror=exc.strerror)) from exc
    fd, name = tempfile.mkstemp(prefix=f".vmgeo-{target.name}.", suffix=target.suffix, dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        # Some writers (GDAL) refuse to overwrite an existing file; let them create it.
        tmp.unlink()
        yield tmp
        os.chmod(tmp, 0o666 & ~_umask())
        _interrupt.check()  # a run asked to stop publishes nothing
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_bytes(target: str | Path, data: bytes) -> None:
    """Write ``data`` to ``target`` atomically, flushed to disk before the rename."""
    with atomic_path(target) as tmp, open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
