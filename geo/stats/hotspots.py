"""Getis-Ord Gi* hot spots with binary weights, binned as ArcGIS's Gi_Bin."""

from __future__ import annotations

import logging
import warnings
from typing import TYPE_CHECKING

from .. import categories as cat
from ..settings import DEFAULT_PERMUTATIONS, DEFAULT_SEED
from ._inference import fdr_significant, two_sided_p
from .autocorrelation import _values

if TYPE_CHECKING:
    import geopandas as gpd
    import numpy as np

    from ..weights import SpatialWeights

log = logging.getLogger("geo")


def gi_star(
    gdf: "gpd.GeoDataFrame",
    column: str,
    *,
    weights: "SpatialWeights",
    permutations: int = DEFAULT_PERMUTATIONS,
    seed: int = DEFAULT_SEED,
    fdr: bool = False,
) -> "gpd.GeoDataFrame":
    """Getis-Ord Gi* of ``column``: the area and its neighbours, binary weights.

    Parameters
    ----------
    gdf
        The frame the weights were built for.
    column
        Numeric column without missing values on the analysed rows.
    weights
        From :func:`geo.weights.build`; binary here, the area itself included.
    permutations
        Conditional permutations per area for ``gi_p_sim``.
    seed
        Seed of the permutations.
    fdr
        Apply Benjamini-Hochberg at each confidence level before binning,
        as ArcGIS's "Apply False Discovery Rate Correction" does.

    Returns
    -------
    geopandas.GeoDataFrame
        A copy with ``gi_z`` (z-score), ``gi_p`` (two-sided normal p-value
        of the z-score), ``gi_p_sim`` (two-sided pseudo p-value),
        ``gi_bin`` (3, 2, 1 for a hot spot at 99, 95, 90% confidence, the
        negatives for cold spots, 0 not significant) and ``gi_category``.
        Islands that were left out get bin 0 and category ``island``.
    """
    import numpy as np
    from esda.getisord import G_Local

    y = _values(gdf, column, weights)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        g = G_Local(
            y, weights.w, transform="B", star=True, permutations=permutations,
            seed=seed, n_jobs=1, keep_simulations=True,
        )
    z = np.asarray(g.Zs, dtype=float)
    p_norm = 2.0 * np.asarray(g.p_norm, dtype=float)  # esda's p_norm is one tail of |z|
    p_sim = (
        np.asarray(two_sided_p(g.Gs, np.asarray(g.rGs)), dtype=float).reshape(-1)
        if permutations else np.full(len(y), np.nan)
    )
    bins = confidence_bins(z, p_norm, fdr=fdr)

    n = len(gdf)
    rows = weights.analysed
    out = gdf.copy()
    for name, values, fill in (
        ("gi_z", z, np.nan), ("gi_p", p_norm, np.nan), ("gi_p_sim", p_sim, np.nan),
    ):
        full = np.full(n, fill)
        full[rows] = values
        out[name] = full
    full_bins = np.zeros(n, dtype=int)
    full_bins[rows] = bins
    out["gi_bin"] = full_bins
    category = np.array([cat.GI_BIN_NAMES[int(b)] for b in full_bins], dtype=object)
    category[~rows] = cat.ISLAND
    out["gi_category"] = category
    return out


def confidence_bins(z: "np.ndarray", p: "np.ndarray", *, fdr: bool = False) -> "np.ndarray":
    """Bin z-scores by two-sided p-value into -3..3, as ArcGIS's Gi_Bin.

    Without FDR an area is in bin 3 (99%) when ``p < 0.01``, 2 when
    ``p < 0.05`` and 1 when ``p < 0.10``; with FDR, Benjamini-Hochberg is
    applied at each of those levels. The sign follows the z-score.
    """
    import numpy as np

    z = np.asarray(z, dtype=float)
    p = np.asarray(p, dtype=float)
    bins = np.zeros(len(z), dtype=int)
    for level in (1, 2, 3):
        alpha = cat.GI_LEVELS[level]
        passed = fdr_significant(p, alpha) if fdr else p < alpha
        bins[passed] = level
    return (bins * np.sign(z)).astype(int)
