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

from ._main import build_parser, main

__all__ = ["build_parser", "main"]
