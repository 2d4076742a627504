"""Getis-Ord Gi* hot spots with binary weights, binned as ArcGIS's Gi_Bin.

The pseudo p-value comes from a **total** permutation
(:data:`geo.stats.engine.GI_PERMUTATION`): the area's own value is drawn
with its neighbours', since Gi* sums both and its z-score (Ord and Getis
1995) is taken against exactly that null. esda and GeoDa keep the area's own
value fixed, which tests only the neighbours (``docs/gi-star.md``).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from .. import categories as cat
from .. import messages
from ..errors import OptionError
from ..settings import DEFAULT_PERMUTATIONS, DEFAULT_SEED
from ._inference import significant
from .autocorrelation import _values
from .engine import GI_PERMUTATION

if TYPE_CHECKING:
    import geopandas as gpd
    import numpy as np

    from ..weights import SpatialWeights

log = logging.getLogger("geo")

#: How the Gi* confidence bins are decided: by permutation (default) or the normal approximation.
GI_INFERENCE = ("permutation", "normal")


def gi_star(
    gdf: "gpd.GeoDataFrame",
    column: str,
    *,
    weights: "SpatialWeights",
    permutations: int = DEFAULT_PERMUTATIONS,
    seed: int = DEFAULT_SEED,
    correction: str = "none",
    inference: str = "permutation",
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
        Total permutations per area for ``gi_p_sim``: the area's own value
        and its neighbours' drawn from all values
        (:data:`geo.stats.engine.GI_PERMUTATION`). None are drawn under
        ``inference="normal"``: the bins do not read them, and at a distance
        band of a fine grid they were half of a run.
    seed
        Seed of the permutations.
    correction
        ``none``, ``bonferroni`` or ``fdr``: applied at each confidence
        level before binning, as ArcGIS's "Apply False Discovery Rate
        Correction" does for FDR.
    inference
        ``permutation`` (default): the 99/95/90% bins come from the
        two-sided pseudo p-value, with the sign of z, so the bin and the p
        shown beside it agree. ``normal``: from the normal approximation of
        the z-score, as ArcGIS's Gi_Bin (which over-calls small areas:
        a handful of crimes in a village of 1,800 becomes a "99% hot spot").

    Returns
    -------
    geopandas.GeoDataFrame
        A copy with ``gi_z`` (z-score), ``gi_p`` (two-sided normal p-value
        of the z-score), ``gi_p_sim`` (two-sided pseudo p-value; NaN
        without permutations or under ``inference="normal"``),
        ``gi_p_bin`` (the one the bin came from), ``gi_bin`` (3, 2, 1 for a
        hot spot at 99, 95, 90% confidence, the negatives for cold spots, 0
        not significant) and ``gi_category``.
        Islands that were left out get bin 0 and category ``island``. An area
        that borders every other has a star neighbourhood of the whole map:
        its z is NaN (no variance) and it is never hot or cold.
    """
    import numpy as np
    from scipy.stats import norm

    from . import engine

    y = _values(gdf, column, weights)
    if inference not in GI_INFERENCE:
        raise OptionError(messages.line("hs_unknown_gi_inference_inference", inference=inference,
                                        or_join_gi_inference=messages.line("or_").join(GI_INFERENCE)))
    # Gi* and its z-score as esda's G_Local(transform="B", star=True) computes them, from the sparse
    # matrix (esda walks libpysal's W in Python); the engine gives the pseudo p-value.
    matrix = engine.weights_matrix(weights.w, "gi_star")
    z = _gi_star_z(y, matrix)
    p_norm = 2.0 * norm.sf(np.abs(z))
    by_permutation = inference == "permutation" and permutations > 0
    p_sim = (engine.gi_star(y, matrix, permutations=permutations, seed=seed, scheme=GI_PERMUTATION).p
             if by_permutation else np.full(len(y), np.nan))
    p_bin = p_sim if by_permutation else p_norm
    bins = confidence_bins(z, p_bin, correction=correction)

    n = len(gdf)
    rows = weights.analysed
    out = gdf.copy()
    for name, values, fill in (
        ("gi_z", z, np.nan), ("gi_p", p_norm, np.nan), ("gi_p_sim", p_sim, np.nan), ("gi_p_bin", p_bin, np.nan),
    ):
        full = np.full(n, fill)
        full[rows] = values
        out[name] = full
    full_bins = np.zeros(n, dtype=int)
    full_bins[rows] = bins
    out["gi_bin"] = full_bins
    # Each bin's name once, then taken for every area (a lookup per area was seconds at 400,000 x 12).
    known = np.unique(full_bins)
    names = np.array([cat.GI_BIN_NAMES[int(b)] for b in known], dtype=object)
    category = names[np.searchsorted(known, full_bins)]
    category[~rows] = cat.ISLAND
    out["gi_category"] = category
    return out


def _gi_star_z(y: "np.ndarray", matrix: "Any") -> "np.ndarray":
    """esda's ``G_Local(y, w, transform="B", star=True).Zs``: Ord and Getis's (1995) z of Gi*.

    ``matrix`` is binary with 1 on the diagonal. An area whose star neighbourhood is the whole map
    has no variance: its z is NaN, as esda's.
    """
    import numpy as np

    n = len(y)
    total = y.sum()
    statistic = (matrix @ y) / total
    mean = total / n
    variance = (y**2).sum() / n - mean**2
    size = np.asarray(matrix.sum(axis=1)).ravel()
    expected = size / n
    spread = size * (n - size)
    spread /= n - 1
    spread *= 1 / n**2
    spread *= variance / mean**2
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (statistic - expected) / np.sqrt(spread)
    return np.where(np.isfinite(z), z, np.nan)


def confidence_bins(z: "np.ndarray", p: "np.ndarray", *, correction: str = "none") -> "np.ndarray":
    """Bin z-scores by two-sided p-value into -3..3, as ArcGIS's Gi_Bin.

    Without a correction an area is in bin 3 (99%) when ``p <= 0.01``, 2
    when ``p <= 0.05`` and 1 when ``p <= 0.10``; a correction (Bonferroni,
    or Benjamini-Hochberg as ArcGIS's FDR option) is applied at each of
    those levels. The sign follows the z-score; an area whose z is NaN
    (no variance: its star neighbourhood is the whole map) is in bin 0,
    whatever its p.
    """
    import numpy as np

    z = np.asarray(z, dtype=float)
    p = np.asarray(p, dtype=float)
    bins = np.zeros(len(z), dtype=int)
    for level in (1, 2, 3):
        alpha = cat.GI_LEVELS[level]
        passed = significant(p, alpha, correction=correction)
        bins[passed] = level
    # np.sign(NaN) is NaN, and NaN cast to int is the most negative integer: no sign, no bin.
    sign = np.sign(np.where(np.isfinite(z), z, 0.0)).astype(int)
    return bins * sign
