"""``vmgeo scan``: the area scan of one area (being built; see issue 11)."""

from __future__ import annotations

from typing import Any


def add_parser(sub: Any) -> None:
    """Add the ``scan`` command (nothing yet: it arrives with geo/scan)."""
