"""Global spatial autocorrelation: Moran's I with permutation inference."""

from __future__ import annotations

import logging
import warnings
from typing import TYPE_CHECKING, Any

from ..errors import AnalysisError
from ..settings import DEFAULT_PERMUTATIONS, DEFAULT_SEED
from ._inference import min_pseudo_p

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
    from esda.moran import Moran

    from . import engine

    y = _values(gdf, column, weights)
    # esda computes the statistic and its normal approximation (no permutations: nothing to compile);
    # vmgeo's engine does the permutation test, seeded, in plain NumPy.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mi = Moran(y, weights.w, transformation="r", permutations=0, two_tailed=True)
    result: dict[str, Any] = {
        "I": float(mi.I),
        "expected": float(mi.EI),
        "z_norm": float(mi.z_norm),
        "p_norm": float(mi.p_norm),
        "n": len(y),
        "permutations": int(permutations),
    }
    if permutations:
        tested = engine.global_moran(y, engine.weights_matrix(weights.w, "global_moran"), permutations=permutations,
                                     seed=seed)
        result["z"] = float(tested.z)
        result["p"] = float(tested.p)
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
