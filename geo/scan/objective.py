"""Objective against subjective safety: registered crime and feeling unsafe, side by side.

Two views. Among comparable areas, a scatter of registered crime per 1,000
inhabitants against the share who sometimes feel unsafe in their own
neighbourhood, split at the medians of the others: which quadrant the area
is in (:func:`quadrant`). Within a gemeente whose wijken have survey figures,
the bivariate local Moran (LISA) of a wijk's registered crime against the
feeling unsafe in the wijken around it (:func:`bivariate_lisa`): computed by
:func:`geo.analyse` with a second indicator, as ``vmgeo hotspots --value2``
does, with its categories (:mod:`geo.categories`, ``bv_*``) and its global
test, which the report states.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from .. import categories as cat
from .. import messages
from ..analysis import analyse
from ..errors import AnalysisError
from ..settings import DEFAULT_ALPHA, DEFAULT_PERMUTATIONS, DEFAULT_SEED

if TYPE_CHECKING:
    import geopandas as gpd

#: Quadrants of the scatter: (registered crime, feeling unsafe) above or below the others' medians.
HIGH_HIGH, HIGH_LOW, LOW_HIGH, LOW_LOW = "high_high", "high_low", "low_high", "low_low"
QUADRANTS = (HIGH_HIGH, HIGH_LOW, LOW_HIGH, LOW_LOW)
#: The area's margin reaches across a median: no quadrant is claimed.
UNDECIDED = "undecided"
#: Fewest areas with both figures for a bivariate LISA.
MIN_AREAS = 5
#: The columns of a bivariate LISA, as :func:`geo.analyse` names them.
BV_COLUMNS = ("bv_I", "bv_p", "bv_cluster")


def quadrant(x: float, y: float, others_x: Any, others_y: Any) -> tuple[str | None, float, float]:
    """The quadrant of (x, y) against the medians of the others, and those medians.

    Above the median means strictly above; ``None`` when a figure is missing.
    """
    import numpy as np

    ox = np.asarray(others_x, dtype=float)
    oy = np.asarray(others_y, dtype=float)
    keep = np.isfinite(ox) & np.isfinite(oy)
    if not keep.any() or not (math.isfinite(x) and math.isfinite(y)):
        return None, float("nan"), float("nan")
    mx, my = float(np.median(ox[keep])), float(np.median(oy[keep]))
    return ("high" if x > mx else "low") + "_" + ("high" if y > my else "low"), mx, my


def bivariate_lisa(gdf: "gpd.GeoDataFrame", x: str, y: str, *, permutations: int = DEFAULT_PERMUTATIONS,
                   seed: int = DEFAULT_SEED, alpha: float = DEFAULT_ALPHA) -> "tuple[gpd.GeoDataFrame, dict[str, Any]]":
    """Bivariate local Moran of ``x`` (the area's own) against ``y`` (its neighbours'), as ``vmgeo hotspots --value2``.

    The statistic, the weights (queen, islands attached) and the inference
    are those of :func:`geo.analyse` with a second indicator: the scan does
    not compute them itself.

    Parameters
    ----------
    gdf
        Polygons in a projected CRS with ``code`` and numeric ``x`` and ``y``;
        rows lacking either are left out (category ``no_data``).
    x, y
        Columns: registered crime per 1,000 and feeling unsafe, say.
    permutations, seed, alpha
        As :func:`geo.analyse`.

    Returns
    -------
    tuple of geopandas.GeoDataFrame and dict
        A copy of ``gdf`` with ``bv_I``, ``bv_p`` (two-sided pseudo p-value)
        and ``bv_cluster`` (one of :data:`geo.categories.BV_CATEGORIES`,
        ``island`` or ``no_data``); and the global bivariate Moran's I with
        its test (:attr:`geo.HotspotResult.bivariate`).

    Raises
    ------
    AnalysisError
        With fewer than :data:`MIN_AREAS` areas with both figures, or no
        variation to measure.
    """
    ok = gdf[x].notna() & gdf[y].notna()
    if int(ok.sum()) < MIN_AREAS:
        raise AnalysisError(messages.line("scan_objective_bivariate_lisa_needs", min_areas=MIN_AREAS,
                                          n=int(ok.sum())))
    frame = gdf[["code", "geometry"]].copy()
    frame["value"] = gdf[x].where(ok).astype(float)
    frame["value2"] = gdf[y].where(ok).astype(float)
    frame["analysed"] = ok.to_numpy()
    result = analyse(frame, weights="queen", islands="attach", permutations=permutations, seed=seed, alpha=alpha)
    assert result.bivariate is not None
    out = gdf.copy()
    for column in BV_COLUMNS:
        out[column] = result.frame[column].to_numpy()
    out["bv_cluster"] = out["bv_cluster"].where(ok, cat.NO_DATA)
    return out, dict(result.bivariate)
