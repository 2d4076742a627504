"""Local Moran's I (LISA) with two-sided conditional permutation inference."""

from __future__ import annotations

import inspect
import logging
import warnings
from typing import TYPE_CHECKING, Any

from .. import categories as cat
from ..settings import DEFAULT_ALPHA, DEFAULT_PERMUTATIONS, DEFAULT_SEED
from ._inference import fdr_note, fdr_significant, two_sided_p
from .autocorrelation import _values

if TYPE_CHECKING:
    import geopandas as gpd

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
    fdr: bool = False,
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
    fdr
        Control the false discovery rate (Benjamini-Hochberg) instead of
        testing each area at ``alpha``.

    Returns
    -------
    geopandas.GeoDataFrame
        A copy of ``gdf`` with ``lisa_I``, ``lisa_p`` (two-sided pseudo
        p-value), ``lisa_quadrant`` (HH, LL, LH, HL) and ``lisa_cluster``
        (one of :data:`geo.categories.LISA_CATEGORIES`). Areas left out as
        islands get ``island`` and no p-value.
    """
    import numpy as np
    from esda.moran import Moran_Local

    y = _values(gdf, column, weights)
    kwargs: dict[str, Any] = dict(
        transformation="r", permutations=permutations, seed=seed, n_jobs=1, keep_simulations=True
    )
    # Newer esda takes the alternative directly; older versions only keep
    # the simulations, from which the same two-sided p-value is computed.
    if "alternative" in inspect.signature(Moran_Local.__init__).parameters:
        kwargs["alternative"] = "two-sided"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        lisa = Moran_Local(y, weights.w, **kwargs)
    p = np.asarray(two_sided_p(lisa.Is, np.asarray(lisa.rlisas)), dtype=float).reshape(-1)

    quadrant = cat.from_codes(lisa.q, cat.ESDA_QUADRANTS)
    significant = fdr_significant(p, alpha) if fdr else p <= alpha
    cluster = np.where(significant, quadrant, cat.NOT_SIGNIFICANT).astype(object)
    # Defensive: a unit without neighbours must never be called hot or cold.
    no_neighbours = np.array([weights.w.cardinalities[i] == 0 for i in range(weights.w.n)])
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
    full["lisa_I"][rows] = lisa.Is
    full["lisa_p"][rows] = p
    full["lisa_quadrant"][rows] = quadrant
    full["lisa_cluster"][rows] = cluster
    for name, values in full.items():
        out[name] = values
    note = fdr_note(int(rows.sum()), permutations, alpha) if fdr else None
    if note:
        log.warning("LISA: %s", note)
    return out
