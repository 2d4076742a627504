"""Stopping a run on SIGTERM: unwind at once, and never publish results afterwards.

The CLI's SIGTERM handler calls :func:`request`, which raises
:class:`Interrupted` where the run is. Python drops an exception raised
inside a callback (a weakref's, a ``__del__``, importlib's module locks);
then the run would carry on and write its results as if nothing happened.
So the request is also remembered, and the places that publish results
(the rename of an atomic file, the swap of an output folder) call
:func:`check` first.
"""

from __future__ import annotations

_requested = False


class Interrupted(BaseException):
    """The run was asked to stop (SIGTERM).

    A BaseException, so that no ``except Exception`` swallows it; and not a
    KeyboardInterrupt: when one passes through C code that runs Python with
    ``PyRun_*`` (some compiled modules do while they are imported), CPython
    remembers it as unhandled and, even after it was caught, ends the process
    by SIGINT.
    """


def request() -> None:
    """Remember that the run must stop, and raise :class:`Interrupted` here (the first time only).

    A second request while the run unwinds (a second ``kill``) raises nothing,
    so that it cannot cut short the removal of a staging folder; the run
    stops anyway, at the latest where it would publish.
    """
    global _requested
    if _requested:
        return
    _requested = True
    raise Interrupted


def check() -> None:
    """Raise :class:`Interrupted` when a stop was requested (call before publishing results)."""
    if _requested:
        raise Interrupted


def reset() -> None:
    """Forget a request (at the end of a CLI run, for callers that run several in one process)."""
    global _requested
    _requested = False
