"""The ``vmgeo`` command line: one module per command, a thin :mod:`._main` over the pipeline.

=================  =================================================
module             command
=================  =================================================
:mod:`.hotspots`   ``vmgeo hotspots``
:mod:`.demo`       ``vmgeo demo``
:mod:`.change`     ``vmgeo change``
:mod:`.trend`      ``vmgeo trend``
:mod:`.scan`       ``vmgeo scan``
:mod:`.map`        ``vmgeo map``
:mod:`.units`      ``vmgeo units``
:mod:`.sources`    ``vmgeo indicators``, ``vmgeo tables``, ``vmgeo cache``
=================  =================================================
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from ._main import build_parser
from ._main import main as _run

__all__ = ["build_parser", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``vmgeo`` command (see :func:`geo.cli._main.main`).

    vmgeo's statistics never use numba (their inference is vmgeo's own
    engine), but esda, libpysal and mapclassify import it when it is
    installed and compile kernels as they load: seconds on every run
    (``benchmarks/bench_numba.py``). The command is vmgeo's own process, so
    it keeps numba out there, and the libraries take the pure-Python paths
    they have for a machine without it. The Python API leaves a caller's
    numba alone.
    """
    if "numba" not in sys.modules:
        sys.modules["numba"] = None  # type: ignore[assignment]  # import numba -> ImportError
    return _run(argv)
