"""Bivariate Moran: an area's own value of one indicator against its neighbours' values of another.

The expert meeting's first question is how registered crime and feeling
unsafe relate: "many registrations here, and the neighbours feel unsafe" or
"few registrations, yet an unsafe feeling around". The bivariate local Moran
``I_i = z_x,i * sum_j w_ij z_y,j`` (esda's ``Moran_Local_BV``) answers it
per area, with vmgeo's per-area conditional permutation
(:func:`geo.stats.engine.local_moran_bv`); the global bivariate Moran's I
(esda's ``Moran_BV``) says whether the relation holds over the whole map,
tested by permuting the second indicator over the areas.
"""

from __future__ import annotations

import logging
import warnings
from typing import TYPE_CHECKING, Any

from .. import categories as cat
from ..errors import AnalysisError
from ..settings import DEFAULT_ALPHA, DEFAULT_PERMUTATIONS, DEFAULT_SEED
from ._inference import correction_note, significant

if TYPE_CHECKING:
    import geopandas as gpd
    import numpy as np

    from ..weights import SpatialWeights

log = logging.getLogger("geo")


def bivariate_moran(
    gdf: "gpd.GeoDataFrame",
    x: str,
    y: str,
    *,
    weights: "SpatialWeights",
    permutations: int = DEFAULT_PERMUTATIONS,
    seed: int = DEFAULT_SEED,
    alpha: float = DEFAULT_ALPHA,
    correction: str = "none",
) -> tuple["gpd.GeoDataFrame", dict[str, Any]]:
    """The bivariate LISA of every area and the global bivariate Moran's I.

    Parameters
    ----------
    gdf
        The frame the weights were built for.
    x
        The area's own indicator (e.g. the registered crime rate).
    y
        The neighbours' indicator (e.g. the share feeling unsafe).
    weights
        From :func:`geo.weights.build`; row-standardised here.
    permutations, seed, alpha, correction
        As for :func:`geo.stats.local_moran`.

    Returns
    -------
    tuple
        A copy of ``gdf`` with ``bv_I``, ``bv_p``, ``bv_quadrant`` and
        ``bv_cluster`` (one of :data:`geo.categories.BV_CATEGORIES`), and the
        global result: ``I``, ``z`` and ``p`` (two-sided permutation), ``z_norm``.
    """
    import numpy as np
    from esda.moran import Moran_BV, Moran_Local_BV

    from . import engine
    from .autocorrelation import _values

    xs, ys = _values(gdf, x, weights), _values(gdf, y, weights)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        local = Moran_Local_BV(xs, ys, weights.w, transformation="r", permutations=0)
        global_ = Moran_BV(xs, ys, weights.w, transformation="r", permutations=0)
    matrix = engine.weights_matrix(weights.w, "local_moran_bv")
    p = (engine.local_moran_bv(xs, ys, matrix, permutations=permutations, seed=seed).p if permutations
         else np.full(len(xs), np.nan))
    zx = (xs - xs.mean()) / xs.std()
    zy = (ys - ys.mean()) / ys.std()
    lag = matrix @ zy
    quadrant = np.where(zx > 0, np.where(lag > 0, cat.HH, cat.HL), np.where(lag > 0, cat.LH, cat.LL)).astype(object)
    passed = significant(p, alpha, correction=correction)
    cluster = np.array([cat.BV_OF_QUADRANT[q] if ok else cat.NOT_SIGNIFICANT for q, ok in zip(quadrant, passed)],
                       dtype=object)
    cluster[np.asarray(matrix.sum(axis=1)).ravel() == 0] = cat.ISLAND  # never hot or cold without neighbours

    out = gdf.copy()
    n, rows = len(gdf), weights.analysed
    columns: dict[str, "np.ndarray"] = {
        "bv_I": np.full(n, np.nan), "bv_p": np.full(n, np.nan),
        "bv_quadrant": np.full(n, None, dtype=object), "bv_cluster": np.full(n, cat.ISLAND, dtype=object),
    }
    columns["bv_I"][rows] = local.Is
    columns["bv_p"][rows] = p
    columns["bv_quadrant"][rows] = quadrant
    columns["bv_cluster"][rows] = cluster
    for name, values in columns.items():
        out[name] = values
    result = {"I": float(global_.I), "z_norm": float(global_.z_norm) if hasattr(global_, "z_norm") else None}
    result.update(_global_test(xs, ys, matrix, observed=float(global_.I), permutations=permutations, seed=seed))
    note = correction_note(int(rows.sum()), permutations, alpha, correction=correction)
    if note:
        log.warning("bivariate LISA: %s", note)
    return out, result


def _global_test(x: "np.ndarray", y: "np.ndarray", matrix: Any, *, observed: float, permutations: int,
                 seed: int) -> dict[str, Any]:
    """Permutation test of the global bivariate I: ``y`` permuted over the areas, ``x`` kept (as esda does)."""
    import numpy as np

    if not permutations:
        return {"z": None, "p": None}
    if abs(float(np.std(x))) == 0 or abs(float(np.std(y))) == 0:
        raise AnalysisError("one of the two indicators is constant; a bivariate statistic needs both to vary")
    zx = (x - x.mean()) / x.std()
    zy = (y - y.mean()) / y.std()
    n = len(x)
    rng = np.random.Generator(np.random.SFC64(np.random.SeedSequence(seed)))
    sims = np.empty(permutations)
    chunk = max(1, 4_000_000 // max(n, 1))  # a few MB of permuted values at a time
    for start in range(0, permutations, chunk):
        count = min(chunk, permutations - start)
        order = np.argsort(rng.random((count, n)), axis=1)
        lagged = (matrix @ zy[order].T).T  # (count, n): the lag of each permutation of y
        sims[start:start + count] = (lagged * zx).sum(axis=1) / n
    greater = int((sims >= observed - 1e-12).sum())
    lesser = int((sims <= observed + 1e-12).sum())
    p = min(1.0, 2.0 * (min(greater, lesser) + 1) / (permutations + 1))
    z = (observed - sims.mean()) / sims.std() if sims.std() > 0 else float("nan")
    return {"z": float(z), "p": float(p)}
