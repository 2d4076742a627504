"""Spatial statistics: global Moran's I, local Moran (LISA) and Getis-Ord Gi*.

Every function takes the frame first and spatial weights from
:func:`geo.weights.build`, runs esda with a fixed seed and two-sided
alternatives, and returns new objects; the input frame is never changed.
"""

from __future__ import annotations

from .autocorrelation import global_moran
from .hotspots import confidence_bins, gi_star
from .local import local_moran

__all__ = ["confidence_bins", "gi_star", "global_moran", "local_moran"]
