"""Local Moran's I (LISA) with two-sided conditional permutation inference."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from .. import categories as cat
from ..settings import DEFAULT_ALPHA, DEFAULT_PERMUTATIONS, DEFAULT_SEED
from ._inference import correction_warning, significant
from .autocorrelation import _values

if TYPE_CHECKING:
    import geopandas as gpd
    import numpy as np

    from ..weights import SpatialWeights

log = logging.getLogger("geo")


def local_moran(
    gdf: "gpd.GeoDataFrame",
    column: str,
    *,
    weights: "SpatialWeights",
    permutations: int = DEFAULT_PERMUTATIONS,
    seed: int = DEFAULT_SEED,
    alpha: float = DEFAULT_ALPHA,
    correction: str = "none",
) -> "gpd.GeoDataFrame":
    """Local Moran's I of ``column`` and the LISA cluster category of every area.

    Parameters
    ----------
    gdf
        The frame the weights were built for.
    column
        Numeric column without missing values on the analysed rows.
    weights
        From :func:`geo.weights.build`; row-standardised here.
    permutations
        Conditional permutations per area.
    seed
        Seed of the permutations.
    alpha
        Significance level for the categories.
    correction
        ``none`` (each area at ``alpha``), ``bonferroni`` or ``fdr``
        (Benjamini-Hochberg); see :mod:`geo.stats._inference`.

    Returns
    -------
    geopandas.GeoDataFrame
        A copy of ``gdf`` with ``lisa_I``, ``lisa_p`` (two-sided pseudo
        p-value), ``lisa_quadrant`` (HH, LL, LH, HL) and ``lisa_cluster``
        (one of :data:`geo.categories.LISA_CATEGORIES`). Areas left out as
        islands get ``island`` and no p-value.
    """
    import numpy as np

    from . import engine

    y = _values(gdf, column, weights)
    matrix = engine.weights_matrix(weights.w, "local_moran")
    # Ii and the quadrants as esda's Moran_Local(transformation="r") computes them, from the sparse
    # matrix (esda walks libpysal's W in Python); the engine draws each area's own conditional
    # permutations and counts both tails as it goes.
    statistic, quadrants = _moran_local(y, matrix)
    if permutations:
        p = engine.local_moran(y, matrix, permutations=permutations, seed=seed).p
    else:
        p = np.full(len(y), np.nan)  # no permutations, no pseudo p-values: nothing is called significant

    quadrant = cat.from_codes(quadrants, cat.ESDA_QUADRANTS)
    passed = significant(p, alpha, correction=correction)
    cluster = np.where(passed, quadrant, cat.NOT_SIGNIFICANT).astype(object)
    # Defensive: a unit without neighbours must never be called hot or cold.
    no_neighbours = np.diff(matrix.indptr) == 0
    cluster[no_neighbours] = cat.ISLAND

    out = gdf.copy()
    n = len(gdf)
    full = {
        "lisa_I": np.full(n, np.nan),
        "lisa_p": np.full(n, np.nan),
        "lisa_quadrant": np.full(n, None, dtype=object),
        "lisa_cluster": np.full(n, cat.ISLAND, dtype=object),
    }
    rows = weights.analysed
    full["lisa_I"][rows] = statistic
    full["lisa_p"][rows] = p
    full["lisa_quadrant"][rows] = quadrant
    full["lisa_cluster"][rows] = cluster
    for name, values in full.items():
        out[name] = values
    note = correction_warning(int(rows.sum()), permutations, alpha, correction=correction, statistic="LISA")
    if note:
        log.warning(note)
    return out


def _moran_local(y: "np.ndarray", matrix: "Any") -> tuple["np.ndarray", "np.ndarray"]:
    """esda's ``Moran_Local(y, w, transformation="r")``: ``Is`` and the quadrant codes ``q`` (1 HH, 2 LH, 3 LL, 4 HL).

    ``matrix`` is the row-standardised CSR matrix of :func:`geo.stats.engine.weights_matrix`.
    """
    import numpy as np

    z = y - y.mean()
    z = z / y.std()
    lag = matrix @ z
    statistic = (len(y) - 1) * z * lag / (z * z).sum()
    high, high_lag = z > 0, lag > 0
    quadrants = np.select([high & high_lag, ~high & high_lag, ~high & ~high_lag], [1, 2, 3], default=4)
    return statistic, quadrants
