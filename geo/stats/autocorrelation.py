"""Global spatial autocorrelation: Moran's I with permutation inference."""

from __future__ import annotations

import logging
import warnings
from typing import TYPE_CHECKING, Any

from ..errors import AnalysisError
from ..settings import DEFAULT_PERMUTATIONS, DEFAULT_SEED
from ._inference import min_pseudo_p, two_sided_p

if TYPE_CHECKING:
    import geopandas as gpd

    from ..weights import SpatialWeights

log = logging.getLogger("geo")


def global_moran(
    gdf: "gpd.GeoDataFrame",
    column: str,
    *,
    weights: "SpatialWeights",
    permutations: int = DEFAULT_PERMUTATIONS,
    seed: int = DEFAULT_SEED,
) -> dict[str, Any]:
    """Global Moran's I of ``column`` with row-standardised weights.

    Parameters
    ----------
    gdf
        The frame the weights were built for.
    column
        Numeric column without missing values on the analysed rows.
    weights
        From :func:`geo.weights.build`.
    permutations
        Number of random permutations for the pseudo p-value.
    seed
        Seed of the permutations, so that a run can be repeated exactly.

    Returns
    -------
    dict
        ``I``, ``expected`` (-1/(n-1)), ``z`` (against the permutation
        distribution), ``p`` (two-sided pseudo p-value), ``z_norm`` and
        ``p_norm`` (normal approximation, two-sided), ``n`` and
        ``permutations``.
    """
    import numpy as np
    from esda.moran import Moran

    y = _values(gdf, column, weights)
    # esda's global Moran draws from NumPy's global generator and takes no seed.
    state = np.random.get_state()
    np.random.seed(seed)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            mi = Moran(y, weights.w, transformation="r", permutations=permutations, two_tailed=True)
    finally:
        np.random.set_state(state)
    result: dict[str, Any] = {
        "I": float(mi.I),
        "expected": float(mi.EI),
        "z_norm": float(mi.z_norm),
        "p_norm": float(mi.p_norm),
        "n": len(y),
        "permutations": int(permutations),
    }
    if permutations:
        result["z"] = float(mi.z_sim)
        result["p"] = float(two_sided_p(mi.I, np.asarray(mi.sim)))
        result["p_min"] = min_pseudo_p(permutations)
    else:
        result["z"] = result["z_norm"]
        result["p"] = result["p_norm"]
    return result


def _values(gdf: "gpd.GeoDataFrame", column: str, weights: "SpatialWeights") -> "Any":
    import numpy as np

    if len(gdf) != len(weights.analysed):
        raise AnalysisError("the weights were built for another frame; build them again for this one")
    y = gdf[column].to_numpy(dtype=float)[weights.analysed]
    if not np.isfinite(y).all():
        raise AnalysisError(f"column {column!r} has missing values; drop those rows before building weights")
    if np.nanstd(y) == 0:
        raise AnalysisError(
            f"all values of {column!r} are equal ({y[0]:g}); spatial autocorrelation is undefined for a constant"
        )
    return y
