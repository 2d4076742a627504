"""Spatial statistics: one module per statistic, beside the shared inference.

=======================  =====================================================
module                   what
=======================  =====================================================
:mod:`.autocorrelation`  global Moran's I
:mod:`.local`            local Moran (LISA) and its categories
:mod:`.hotspots`         Getis-Ord Gi* and its confidence bins
:mod:`.bivariate`        bivariate Moran: one indicator against the neighbours' other
:mod:`.engine`           vmgeo's permutation inference (per area, seeded, counting as it goes): conditional for
                         LISA (:data:`LISA_PERMUTATION`), total for Gi* (:data:`GI_PERMUTATION`)
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

from .autocorrelation import MoranTest, global_moran
from .bivariate import BivariateMoranTest, bivariate_moran
from .engine import GI_PERMUTATION, LISA_PERMUTATION
from .hotspots import confidence_bins, gi_star
from .local import local_moran

__all__ = ["GI_PERMUTATION", "LISA_PERMUTATION", "BivariateMoranTest", "MoranTest", "bivariate_moran",
           "confidence_bins", "gi_star", "global_moran", "local_moran"]
