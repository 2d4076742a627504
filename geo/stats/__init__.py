"""Spatial statistics: one module per statistic, beside the shared inference.

=======================  =====================================================
module                   what
=======================  =====================================================
:mod:`.autocorrelation`  global Moran's I
:mod:`.local`            local Moran (LISA) and its categories
:mod:`.hotspots`         Getis-Ord Gi* and its confidence bins
:mod:`.bivariate`        bivariate Moran: one indicator against the neighbours' other
:mod:`.engine`           vmgeo's conditional permutation inference (per area, seeded, counting as it goes)
:mod:`._inference`       pseudo p-values and corrections for multiple testing
:mod:`.change`           change between two periods; the monthly early warning
:mod:`.emerging`         space-time Gi*, Mann-Kendall and ArcGIS's emerging hot spot categories
:mod:`.markov`           LISA transitions between periods
=======================  =====================================================

Every function takes the frame first and spatial weights from
:func:`geo.weights.build`; the statistic's value is esda's, the inference
vmgeo's engine; the input frame is never changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .autocorrelation import global_moran
from .bivariate import bivariate_moran
from .hotspots import confidence_bins, gi_star
from .local import local_moran

if TYPE_CHECKING:
    import geopandas as gpd

    from ..weights import SpatialWeights

__all__ = ["bivariate_moran", "confidence_bins", "gi_star", "global_moran", "local_geary", "local_moran"]


def local_geary(gdf: "gpd.GeoDataFrame", column: str, *, weights: "SpatialWeights", permutations: int = 999,
                seed: int = 12345) -> "gpd.GeoDataFrame":
    """Local Geary ``c_i`` of ``column`` with its two-sided pseudo p-value (``geary_c``, ``geary_p``).

    A small ``c_i`` means the area is like its neighbours, a large one unlike
    them; the value equals esda's ``Geary_Local(...).localG``, the inference
    is vmgeo's per-area permutation (:func:`geo.stats.engine.local_geary`).
    """
    import numpy as np

    from . import engine
    from .autocorrelation import _values

    y = _values(gdf, column, weights)
    result = engine.local_geary(y, engine.weights_matrix(weights.w, "local_geary"), permutations=permutations,
                                seed=seed)
    out = gdf.copy()
    for name, values in (("geary_c", result.statistic), ("geary_p", result.p)):
        full = np.full(len(gdf), np.nan)
        full[weights.analysed] = values
        out[name] = full
    return out
