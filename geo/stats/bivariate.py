"""Bivariate Moran: an area's own value of one indicator against its neighbours' values of another.

The expert meeting's first question is how registered crime and feeling
unsafe relate: "many registrations here, and the neighbours feel unsafe" or
"few registrations, yet an unsafe feeling around". The bivariate local Moran
``I_i = z_x,i * sum_j w_ij z_y,j`` (esda's ``Moran_Local_BV``) answers it
per area, with vmgeo's per-area conditional permutation
(:func:`geo.stats.engine.local_moran_bv`); the global bivariate Moran's I
(esda's ``Moran_BV``) says whether the relation holds over the whole map,
tested by permuting the second indicator over the areas
(:func:`geo.stats.engine.global_moran_bv`, the same seeded driver as the
global Moran's I).
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .. import categories as cat
from ..settings import DEFAULT_ALPHA, DEFAULT_PERMUTATIONS, DEFAULT_SEED
from ._inference import DictView, correction_note, significant

if TYPE_CHECKING:
    import geopandas as gpd
    import numpy as np

    from ..weights import SpatialWeights

log = logging.getLogger("geo")


@dataclass(frozen=True)
class BivariateMoranTest(DictView):
    """The global bivariate Moran's I and its permutation test.

    Reads as the dict of earlier versions; :meth:`as_dict` gives exactly its
    keys: ``I``, ``z_norm``, ``z``, ``p``.

    Attributes
    ----------
    statistic
        esda's ``Moran_BV(x, y, w).I`` (``I``).
    z, p
        z-score against the permutation distribution and the two-sided pseudo
        p-value (``y`` permuted over the areas, ``x`` kept); ``None`` without
        permutations.
    z_norm
        Normal approximation: esda has none for the bivariate I, so ``None``.
    n, permutations, seed
        Areas analysed, random permutations of ``y`` and their seed.
    """

    statistic: float
    z: float | None
    p: float | None
    n: int
    permutations: int
    seed: int
    z_norm: float | None = None

    def as_dict(self) -> dict[str, Any]:
        """The ``bivariate`` part of ``summary.json`` before its counts, keys as they always were."""
        return {"I": self.statistic, "z_norm": self.z_norm, "z": self.z, "p": self.p}


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
) -> tuple["gpd.GeoDataFrame", BivariateMoranTest]:
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

    Raises
    ------
    AnalysisError
        If one of the indicators is constant or missing on the analysed areas.
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
    result = BivariateMoranTest(statistic=float(global_.I), z=None, p=None, n=len(xs), permutations=int(permutations),
                                seed=int(seed))
    if permutations:
        tested = engine.global_moran_bv(xs, ys, engine.weights_matrix(weights.w, "global_moran"),
                                        permutations=permutations, seed=seed)
        result = BivariateMoranTest(statistic=float(global_.I), z=float(tested.z), p=float(tested.p), n=len(xs),
                                    permutations=int(permutations), seed=int(seed))
    note = correction_note(int(rows.sum()), permutations, alpha, correction=correction)
    if note:
        log.warning("bivariate LISA: %s", note)
    return out, result
