"""One way to reach a Dask cluster for ``--scheduler``: a client, or one line when there is none to be had.

The counting of files (:mod:`geo.grid`), the reading of coordinates
(:mod:`geo.incidents`) and the permutation chunks (:mod:`geo.stats.engine`)
all open their client here.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from . import messages
from .errors import OptionError


def open_client(scheduler: Any) -> tuple[Any, bool]:
    """A ``dask.distributed.Client`` for ``scheduler``, and whether it was opened here (and must be closed).

    Raises
    ------
    OptionError
        dask[distributed] is not installed, or the scheduler cannot be reached.
    """
    try:
        from dask.distributed import Client
    except ImportError:
        raise OptionError(messages.line("grid_scheduler_needs_dask")) from None
    if isinstance(scheduler, Client):
        return scheduler, False
    try:
        return Client(scheduler, set_as_default=False), True
    except (OSError, TimeoutError, ValueError) as exc:
        raise OptionError(messages.line("grid_scheduler_cannot_reach", scheduler=scheduler, exc=exc)) from exc


@contextmanager
def client(scheduler: Any) -> Iterator[Any]:
    """:func:`open_client` as a block: a client opened here is closed at its end."""
    handle, own = open_client(scheduler)
    try:
        yield handle
    finally:
        if own:
            handle.close()
